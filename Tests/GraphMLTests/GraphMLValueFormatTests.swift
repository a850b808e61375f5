import InsightGraph
import Testing
@testable import GraphML

@Suite struct GraphMLValueFormatTests {
    @Test func doublesRoundTripExactly() {
        let values: [Double] = [0, -0.0, 0.1, 1 / 3, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5, 1e21, 123456789.125]
        for value in values {
            let text = GraphMLValueFormat.double(value)
            let back = GraphMLValueFormat.parseDouble(text)
            #expect(back?.bitPattern == value.bitPattern, "\(text)")
        }
        #expect(GraphMLValueFormat.double(.nan) == "NaN")
        #expect(GraphMLValueFormat.double(.infinity) == "Infinity")
        #expect(GraphMLValueFormat.double(-.infinity) == "-Infinity")
        #expect(GraphMLValueFormat.parseDouble("NaN")?.isNaN == true)
        #expect(GraphMLValueFormat.parseDouble(" -Infinity\n") == -.infinity)
        #expect(GraphMLValueFormat.parseDouble("inf") == .infinity)
        for bad in ["", " ", "0x1p3", "nan(1)", "1,5", "high", "1.0.0", "--1", "Infinityy"] {
            #expect(GraphMLValueFormat.parseDouble(bad) == nil, "\(bad)")
        }
    }

    @Test func integersAndBooleans() {
        #expect(GraphMLValueFormat.parseInt(" +42 ") == 42)
        #expect(GraphMLValueFormat.parseInt("-9223372036854775808") == Int.min)
        #expect(GraphMLValueFormat.parseInt("9223372036854775808") == nil)
        #expect(GraphMLValueFormat.parseInt("4.0") == nil)
        #expect(GraphMLAttributeType.int.accepts("2147483647") && !GraphMLAttributeType.int.accepts("2147483648"))
        #expect(GraphMLValueFormat.parseBool("TRUE") == true && GraphMLValueFormat.parseBool("0") == false)
        #expect(GraphMLValueFormat.parseBool("yes") == nil)
    }

    @Test func trimOnlyTouchesXMLWhitespace() {
        #expect(GraphMLValueFormat.trim(" \t\r\nx y\n ") == "x y")
        #expect(GraphMLValueFormat.trim("\u{A0}x\u{A0}") == "\u{A0}x\u{A0}")
        #expect(GraphMLValueFormat.trim("   ") == "")
    }

    @Test func timestampsRoundTrip() {
        let samples: [Timestamp] = [
            Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12)!, Timestamp(microsecondsSinceEpoch: -1),
            Timestamp(microsecondsSinceEpoch: 1_234_567), Timestamp.utc(year: 1, month: 1, day: 1)!,
            Timestamp.utc(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_999)!,
            .infinity, .negativeInfinity,
        ]
        for t in samples { #expect(GraphMLValueFormat.parseTimestamp(t.iso8601) == t, "\(t.iso8601)") }
        #expect(GraphMLValueFormat.parseTimestamp("2025-03-01 12:00:00.5+00:00") ==
                Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12, microsecond: 500_000))
        for bad in ["2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-03-01", "2025-03-01T12:00:00+02:00",
                    "2025-03-01T12:00:00.1234567Z", "yesterday", ""] {
            #expect(GraphMLValueFormat.parseTimestamp(bad) == nil, "\(bad)")
        }
    }

    @Test func jsonListsAreLossless() {
        let lists: [[String?]] = [[], [nil], ["a", nil, "b"], ["quote \" backslash \\ slash /"],
                                  ["\u{00}\u{01}\u{1F}\t\n\r", "\u{FFFE}\u{FFFF}", "emoji 🎉 é"]]
        for list in lists {
            let text = GraphMLValueFormat.jsonArray(list)
            #expect(GraphMLValueFormat.parseJSONArray(text) == list, "\(text)")
            #expect(XMLTextSanitizer.sanitize(text).replaced == 0)
        }
        #expect(GraphMLValueFormat.jsonArray(["a", nil]) == #"["a",null]"#)
        #expect(GraphMLValueFormat.parseJSONArray(#" [ "x" , null ] "#) == ["x", nil])
        #expect(GraphMLValueFormat.parseJSONArray(#"["\ud83c\udf89"]"#) == ["🎉"])
        for bad in ["", "[", #"["a",]"#, "[1]", #"{"a":1}"#, #"["\ud800"]"#, #"["a"] x"#, "[nul]"] {
            #expect(GraphMLValueFormat.parseJSONArray(bad) == nil, "\(bad)")
        }
    }

    @Test func sanitizerReplacesOnlyIllegalCharacters() {
        #expect(XMLTextSanitizer.sanitize("plain\ttext\n\r é 🎉 \u{FFFD} \u{FFFC}") == ("plain\ttext\n\r é 🎉 \u{FFFD} \u{FFFC}", 0))
        #expect(XMLTextSanitizer.sanitize("a\u{0B}b\u{1F}\u{FFFE}c\u{FFFF}\u{00}") == ("a\u{FFFD}b\u{FFFD}\u{FFFD}c\u{FFFD}\u{FFFD}", 5))
        #expect(XMLTextSanitizer.sanitize("\u{7F}\u{80}\u{9F}").replaced == 0) // legal in XML 1.0
    }

    @Test func labelsAreShortened() {
        #expect(GraphMLVocabulary.shortLabel(String(repeating: "x", count: 80)).count == 80)
        let long = GraphMLVocabulary.shortLabel(String(repeating: "é", count: 81))
        #expect(long.count == 80 && long.hasSuffix("…"))
    }
}
