import Foundation
import InsightGraph
import Testing
@testable import GraphML

/// The exporter writes its body as raw bytes for speed; these tests hold it to exactly the bytes
/// libxml2's xmlTextWriter writes for the same document (``ReferenceDocumentWriter``), and its
/// escaping to libxml2's own `xmlEncodeSpecialChars`.
@Suite struct GraphMLWriterEquivalenceTests {
    @Test(arguments: GraphMLExporterTests.optionSets)
    func awkwardGraphMatchesLibxml2ElementByElement(options: GraphMLExportOptions) throws {
        try expectSameAsReference(SampleGraphs.awkward(), options)
    }

    @Test(arguments: [GraphMLExportOptions(), .init(flavour: .yed, withCharacters: true, withTimeline: true)])
    func edgeCasesMatchLibxml2ElementByElement(options: GraphMLExportOptions) throws {
        try expectSameAsReference(Self.edgeCases(), options)
    }

    @Test(arguments: GraphMLFlavour.allCases)
    func emptyGraphMatchesLibxml2(flavour: GraphMLFlavour) throws {
        var empty = GraphBuilder()
        try expectSameAsReference(empty.build(), .init(flavour: flavour))
    }

    /// Values longer than the sink's 4 MiB buffer, full of characters that expand when escaped.
    @Test func valuesLargerThanTheBufferMatch() throws {
        var b = GraphBuilder()
        let chunk = "a<b>&\"c\"\r\n\u{01}\u{FFFE}é🎉 "
        b.add(Insight(id: 1, characterId: nil, content: String(repeating: chunk, count: 400_000),
                      triggers: [String(repeating: "\"\\\u{02}<", count: 1_500_000)]))
        try expectSameAsReference(b.build(), .init())
    }

    @Test func textEscapingMatchesXmlEncodeSpecialChars() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "<", ">", "&", "\"", "'", "\r", "\n", "\t", "\u{00}",
                                          "\u{01}", "\u{1F}", "\u{7F}", "\u{85}", "é", "\u{301}", "\u{FFFD}",
                                          "\u{FFFE}", "\u{FFFF}", "\u{FFFC}", "\u{EFBF}", "🎉", "\u{10FFFF}"]
        var samples: [String] = ["", "plain", "\u{FFFE}", "x\u{FFFF}", String(repeating: "&", count: 200)]
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...150, using: &generator) {
                scalars.append(alphabet.randomElement(using: &generator)!)
            }
            samples.append(String(scalars))
        }
        let (bytes, counts) = try Self.sinkOutput { sink in samples.map { sink.text($0) } }
        var expected = ""
        for (sample, count) in zip(samples, counts) {
            let (clean, replaced) = XMLTextSanitizer.sanitize(sample)
            #expect(count == replaced, "replacement count of \(sample.debugDescription)")
            expected += try #require(XMLStreamWriter.libxml2Escaped(clean))
        }
        #expect(bytes == Array(expected.utf8))
    }

    @Test func numbersAndTimestampsMatchTheirStringForms() throws {
        var generator = SystemRandomNumberGenerator()
        var doubles: [Double] = [0, -0.0, 1, 0.1, 1e16, 1e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -1.5, .nan,
                                 .infinity, -.infinity, 123456789.123, 0.000123]
        for _ in 0..<5_000 { doubles.append(Double(bitPattern: generator.next())) }
        var stamps: [Timestamp] = [.infinity, .negativeInfinity, Timestamp(microsecondsSinceEpoch: 0),
                                   Timestamp(microsecondsSinceEpoch: -1), Timestamp(microsecondsSinceEpoch: .max - 1),
                                   Timestamp(microsecondsSinceEpoch: .min + 1)]
        for _ in 0..<5_000 { stamps.append(Timestamp(microsecondsSinceEpoch: Int64.random(in: -1 << 60 ... 1 << 60, using: &generator))) }
        let ints = [0, -1, 7, Int.max, Int.min, 2147483648]
        let (bytes, _) = try Self.sinkOutput { sink in
            for d in doubles { sink.double(d); sink.raw("|") }
            for t in stamps { sink.timestamp(t); sink.raw("|") }
            for i in ints { sink.int(i); sink.raw("|") }
        }
        let expected = doubles.map(GraphMLValueFormat.double) + stamps.map(GraphMLValueFormat.timestamp) + ints.map { String($0) }
        #expect(String(decoding: bytes, as: UTF8.self) == expected.map { $0 + "|" }.joined())
    }

    /// Past the 32 MiB write-back windows the sink starts writeback and drops written pages from the
    /// cache as it goes; every byte must still land where it belongs, after what the file held.
    @Test func streamingPastTheWriteBackWindowsKeepsEveryByte() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = directory.appendingPathComponent("stream.out").path
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let head = Array("already here\n".utf8)
        #expect(write(fd, head, head.count) == head.count)
        let block = (0..<(1 << 20) - 3).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let blocks = 100
        do {
            let sink = try XMLSink(fileDescriptor: fd)
            for index in 0..<blocks {
                sink.int(100 + index)
                sink.raw(block)
            }
            try sink.flush()
            #expect(sink.bytesWritten == Int64(blocks * (block.count + 3)))
        }
        let bytes = try TestFiles.bytes(path)
        #expect(bytes.count == head.count + blocks * (block.count + 3))
        #expect(Array(bytes.prefix(head.count)) == head)
        for index in [0, 31, 32, 33, 64, 65, 99] {
            let start = head.count + index * (block.count + 3)
            #expect(Array(bytes[start..<start + 3]) == Array(String(100 + index).utf8))
            #expect(Array(bytes[start + 3..<start + 3 + block.count]) == block)
        }
    }

    // MARK: Helpers

    private func expectSameAsReference(_ snapshot: GraphSnapshot, _ options: GraphMLExportOptions) throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let (path, report) = try TestFiles.export(snapshot, options, in: directory)
        let (expected, expectedReport) = try Self.reference(snapshot, options, in: directory)
        let actual = try TestFiles.bytes(path)
        #expect(actual.count == expected.count)
        if let index = (0..<min(actual.count, expected.count)).first(where: { actual[$0] != expected[$0] }) {
            let context = { (b: [UInt8]) in String(decoding: b[max(0, index - 80)..<min(b.count, index + 80)], as: UTF8.self) }
            Issue.record("first difference at byte \(index):\n\(context(actual))\n--- libxml2 wrote ---\n\(context(expected))")
        }
        #expect(report == expectedReport)
    }

    private static func reference(_ snapshot: GraphSnapshot, _ options: GraphMLExportOptions,
                                  in directory: URL) throws -> ([UInt8], GraphMLExportReport) {
        let selection = try GraphMLSelection(snapshot: snapshot, options: options)
        var report = GraphMLExportReport()
        let (bytes, _) = try sinkOutput { sink in
            let xml = try XMLStreamWriter(sink: sink)
            let writer = ReferenceDocumentWriter(xml: xml, snapshot: snapshot, options: options, progress: nil)
            try writer.write(selection)
            report = writer.report
        }
        return (bytes, report)
    }

    /// What `body` writes into a sink on a temporary file.
    static func sinkOutput<T>(_ body: (XMLSink) throws -> T) throws -> ([UInt8], T) {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = directory.appendingPathComponent("sink.out").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let result: T
        do {
            let sink = try XMLSink(fileDescriptor: fd)
            result = try body(sink)
            try sink.flush()
        }
        close(fd)
        return (try TestFiles.bytes(path), result)
    }

    /// Values at the edges of each format: empty strings, labels cut at and around 80 characters by
    /// ASCII, CR LF, combining marks and emoji, numbers and dates at their extremes, unnamed rows.
    static func edgeCases() -> GraphSnapshot {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: nil, normalizedName: nil))
        b.add(Character(id: 2, name: "", normalizedName: "two"))
        b.add(Character(id: 3, name: nil, normalizedName: "only-normalized"))
        let a79 = String(repeating: "a", count: 79)
        let contents = [
            "", String(repeating: "x", count: 80), String(repeating: "x", count: 81),
            a79 + "\r\nrest", String(repeating: "a", count: 78) + "\r\nrest", a79 + "e\u{301}tail",
            a79 + "b\u{301}", String(repeating: "a", count: 80) + "\u{301}", a79 + "🎉🎉", String(repeating: "é", count: 90),
            a79 + "<&>\"", "\u{01}" + String(repeating: "z", count: 100), String(repeating: "\r", count: 85),
            String(repeating: "🇫🇷", count: 85), "x\u{FFFE}" + String(repeating: "y", count: 90),
        ]
        for (index, content) in contents.enumerated() {
            b.add(Insight(id: 100 + index, characterId: 1 + index % 3, type: index == 0 ? "" : "t\(index)",
                          content: content, confidence: [0, -0.0, .leastNonzeroMagnitude, 1e16, 1e-7, .greatestFiniteMagnitude][index % 6],
                          discoveryDate: Timestamp.utc(year: [1, -44, 9999, 10000, 1970, 2024][index % 6], month: 2,
                                                       day: 28, hour: 23, minute: 59, second: 59,
                                                       microsecond: [0, 1, 999_999, 500_000, 10, 0][index % 6]),
                          conversationContext: index == 1 ? "" : nil, importance: [Int.max, Int.min, 0][index % 3],
                          emotionalValence: -Double(index) / 7,
                          triggers: [[], [nil], [""], ["\\", "\"", "<&>", "\u{00}\u{1F}\u{7F}", "\u{FFFE}\u{FFFF}\u{FFFD}"]][index % 4],
                          supportingEvidence: index % 2 == 0 ? nil : ["é🎉\t\n\r"]))
        }
        b.add(Insight(id: 200, characterId: nil))
        b.add(Relationship(id: 1, fromInsightId: 100, toInsightId: 101, type: "", strength: 123456789.123,
                           createdDate: Timestamp(microsecondsSinceEpoch: -1)))
        b.add(Relationship(id: 2, fromInsightId: 101, toInsightId: 200, type: "a\u{0B}<b>", strength: -0.0))
        b.add(LearningEvent(id: 7, characterId: 2, event: String(repeating: "ev ", count: 40), learningType: "",
                            learningDate: Timestamp(microsecondsSinceEpoch: 1), significance: 1e-300))
        b.add(LearningEvent(id: 8, characterId: 3, event: ""))
        return b.build()
    }
}
