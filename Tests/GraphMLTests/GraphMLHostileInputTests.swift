import Foundation
import Testing
@testable import GraphML

/// The reader must refuse or fail cleanly on hostile files: never fetch, expand, hang or crash.
@Suite struct GraphMLHostileInputTests {
    static let documentStart = #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="k" for="node" attr.name="insight_content" attr.type="string"/><graph edgedefault="directed">"#
    static let documentEnd = "</graph></graphml>"

    func read(_ text: String, limits: GraphMLReadLimits = .default) throws -> GraphMLImport {
        try GraphMLImporter(limits: limits).read(bytes: Array(text.utf8))
    }

    @Test func externalEntityIsNeverRead() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let secret = dir.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET".utf8).write(to: secret)
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE graphml [ <!ENTITY xxe SYSTEM "file://\(secret.path)"> ]>
        \(Self.documentStart)<node id="a"><data key="k">&xxe;</data></node>\(Self.documentEnd)
        """
        let error = #expect(throws: GraphMLError.self) { try read(xml) }
        // libxml2 reports the DOCTYPE once it has read past it: the line is where parsing stood.
        guard case .limitExceeded(let line, let message)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message == "DOCTYPE declarations are not allowed (no DTDs, no entities)" && (2...3).contains(line))
        #expect(error?.description.contains("TOP-SECRET") == false)
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var entities = #"<!ENTITY lol "lol">"#
        var previous = "lol"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = "lol\(level)"
        }
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\(entities)]>\n\(Self.documentStart)<node id=\"a\"><data key=\"k\">&lol9;</data></node>\(Self.documentEnd)"
        let started = ContinuousClock.now
        #expect(throws: GraphMLError.self) { try read(xml) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func billionLaughsInAnAttributeIsRefused() throws {
        var entities = #"<!ENTITY a0 "aaaaaaaaaa">"#
        for level in 1...9 { entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        let xml = "<!DOCTYPE graphml [\(entities)]>\(Self.documentStart)<node id=\"&a9;\"/>\(Self.documentEnd)"
        #expect(throws: GraphMLError.self) { try read(xml) }
    }

    @Test func remoteDTDIsNotFetched() throws {
        // NONET: even if DTD loading were on, libxml2 would refuse the URL; the DOCTYPE itself is refused.
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n\(Self.documentStart)\(Self.documentEnd)"
        let error = #expect(throws: GraphMLError.self) { try read(xml) }
        #expect(error?.description.hasSuffix("refused: DOCTYPE declarations are not allowed (no DTDs, no entities)") == true)
        let parameterEntity = "<!DOCTYPE graphml [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x\"> %remote;]>\(Self.documentStart)\(Self.documentEnd)"
        #expect(throws: GraphMLError.self) { try read(parameterEntity) }
    }

    /// A listening socket stands in for an attacker's server: the reader must never connect to it,
    /// whether the URL is in the DOCTYPE, an external entity or a parameter entity.
    @Test func noConnectionIsEverMade() throws {
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(server >= 0)
        defer { close(server) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(server, 8) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(server, $0, &length) }
        }
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/evil"
        let documents = [
            "<!DOCTYPE graphml SYSTEM \"\(url).dtd\">\(Self.documentStart)\(Self.documentEnd)",
            "<!DOCTYPE graphml [<!ENTITY e SYSTEM \"\(url).xml\">]>\(Self.documentStart)<node id=\"a\"><data key=\"k\">&e;</data></node>\(Self.documentEnd)",
            "<!DOCTYPE graphml [<!ENTITY % p SYSTEM \"\(url).ent\"> %p;]>\(Self.documentStart)\(Self.documentEnd)",
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xi="http://www.w3.org/2001/XInclude"><graph><xi:include href=""# + url + #""/></graph></graphml>"#,
        ]
        for document in documents { _ = try? read(document) }
        // Nothing may be waiting to be accepted.
        _ = fcntl(server, F_SETFL, fcntl(server, F_GETFL) | O_NONBLOCK)
        let client = accept(server, nil, nil)
        if client >= 0 { close(client) }
        #expect(client < 0, "the reader connected to \(url)")
    }

    @Test func truncatedExportFailsWithItsLine() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, _) = try TestFiles.export(SampleGraphs.awkward(), in: dir)
        let bytes = try TestFiles.bytes(path)
        for cut in [bytes.count / 3, bytes.count / 2, bytes.count - 10] {
            let error = #expect(throws: GraphMLError.self) { try GraphMLImporter().read(bytes: Array(bytes[..<cut])) }
            guard case .malformed(let line, _)? = error else { Issue.record("\(String(describing: error))"); continue }
            #expect(line > 1)
        }
    }

    @Test(arguments: [
        "", "not xml at all", "\u{00}\u{01}\u{02}garbage", "<graphml", "<graphml><graph></graphml>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><graphml>\u{FFFF}</graphml>",
    ])
    func junkIsMalformed(_ text: String) throws {
        let error = #expect(throws: GraphMLError.self) { try read(text) }
        if case .malformed? = error {} else if case .invalidStructure? = error {} else {
            Issue.record("unexpected \(String(describing: error))")
        }
    }

    @Test func invalidUTF8IsMalformed() throws {
        var bytes = Array((Self.documentStart + "<node id=\"a\"><data key=\"k\">").utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(("</data></node>" + Self.documentEnd).utf8)
        #expect(throws: GraphMLError.self) { try GraphMLImporter().read(bytes: bytes) }
    }

    @Test func deepNestingHitsOurDepthLimit() throws {
        let depth = 10_000
        let xml = Self.documentStart + "<node id=\"a\">" + String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
            + "</node>" + Self.documentEnd
        let error = #expect(throws: GraphMLError.self) { try read(xml) }
        guard case .limitExceeded(_, let message)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(message == "elements nest deeper than the limit of 64")
    }

    @Test func oversizedValuesHitOurSizeLimit() throws {
        let limits = GraphMLReadLimits(maxDepth: 64, maxValueBytes: 1_000)
        let text = Self.documentStart + "<node id=\"a\"><data key=\"k\">" + String(repeating: "x", count: 5_000) + "</data></node>" + Self.documentEnd
        #expect(throws: GraphMLError.limitExceeded(line: 1, "a text value is longer than the value size limit")) {
            try read(text, limits: limits)
        }
        let attribute = Self.documentStart + "<node id=\"" + String(repeating: "y", count: 5_000) + "\"/>" + Self.documentEnd
        #expect(throws: GraphMLError.limitExceeded(line: 1, "an attribute value is longer than the value size limit")) {
            try read(attribute, limits: limits)
        }
        // Many small pieces (text, CDATA, comments between them) of one value are bounded too.
        let pieces = Self.documentStart + "<node id=\"a\"><data key=\"k\">" + String(repeating: "<![CDATA[xxxxx]]><!---->xxxxx", count: 200)
            + "</data></node>" + Self.documentEnd
        let error = #expect(throws: GraphMLError.self) { try read(pieces, limits: limits) }
        guard case .limitExceeded? = error else { Issue.record("\(String(describing: error))"); return }
        // Within the limit the same document reads fine.
        #expect(try read(pieces).snapshot.insights.first?.content?.count == 2_000)
    }

    @Test func xincludeIsNotProcessed() throws {
        let xml = #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xi="http://www.w3.org/2001/XInclude"><graph><xi:include href="/etc/passwd" parse="text"/></graph></graphml>"#
        let result = try read(xml)
        #expect(result.snapshot.nodeCount == 0)
    }
}
