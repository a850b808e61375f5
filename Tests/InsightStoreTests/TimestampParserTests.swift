import InsightGraph
import Testing
@testable import InsightStore

@Suite struct TimestampParserTests {
    func parse(_ text: String) throws -> Timestamp { try TimestampParser.parse(Array(text.utf8)) }
    func utc(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0, _ us: Int64 = 0) -> Timestamp {
        Timestamp.utc(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us)!
    }

    @Test func timestampWithoutZoneIsUTC() throws {
        #expect(try parse("2025-01-02 03:04:05") == utc(2025, 1, 2, 3, 4, 5))
        #expect(try parse("1970-01-01 00:00:00").microsecondsSinceEpoch == 0)
        #expect(try parse("2025-01-02T03:04:05") == utc(2025, 1, 2, 3, 4, 5))
        #expect(try parse("2025-01-02") == utc(2025, 1, 2))
    }

    @Test func fractions() throws {
        #expect(try parse("2025-01-02 03:04:05.123456") == utc(2025, 1, 2, 3, 4, 5, 123_456))
        #expect(try parse("2025-01-02 03:04:05.5") == utc(2025, 1, 2, 3, 4, 5, 500_000))
        #expect(try parse("2025-01-02 03:04:05.000001") == utc(2025, 1, 2, 3, 4, 5, 1))
    }

    @Test func offsets() throws {
        #expect(try parse("2025-01-02 03:04:05+00") == utc(2025, 1, 2, 3, 4, 5))
        #expect(try parse("2025-01-02 03:04:05+05:30") == utc(2025, 1, 1, 21, 34, 5))
        #expect(try parse("2025-01-02 03:04:05.25-03") == utc(2025, 1, 2, 6, 4, 5, 250_000))
        #expect(try parse("1900-01-01 00:00:00+00:19:32") == utc(1899, 12, 31, 23, 40, 28))
        #expect(try parse("2025-01-02 03:04:05Z") == utc(2025, 1, 2, 3, 4, 5))
    }

    @Test func eraAndLargeYears() throws {
        #expect(try parse("0001-01-01 00:00:00 BC") == utc(0, 1, 1))
        #expect(try parse("0044-03-15 12:00:00 BC") == utc(-43, 3, 15, 12))
        #expect(try parse("4714-11-24 00:00:00+00 BC") == utc(-4713, 11, 24))
        #expect(try parse("10000-01-01 00:00:00") == utc(10000, 1, 1))
        #expect(try parse("2024-02-29 23:59:59.999999") == utc(2024, 2, 29, 23, 59, 59, 999_999))
    }

    @Test func infinities() throws {
        #expect(try parse("infinity") == .infinity)
        #expect(try parse("-infinity") == .negativeInfinity)
    }

    @Test func malformedInputThrowsWithOffset() {
        #expect(throws: TextParseError(.timestamp, at: 0, "expected a year")) { try parse("") }
        #expect(throws: TextParseError(.timestamp, at: 4, "expected '-' after the year")) { try parse("2025/01/02") }
        #expect(throws: TextParseError(.timestamp, at: 6, "expected a two-digit month")) { try parse("2025-1-02") }
        #expect(throws: TextParseError(.timestamp, at: 13, "expected ':' after the hour")) { try parse("2025-01-02 03") }
        #expect(throws: TextParseError(.timestamp, at: 19, "unexpected text after the timestamp")) { try parse("2025-01-02 03:04:05 PM") }
        #expect(throws: TextParseError(.timestamp, at: 26, "more than 6 fraction digits")) { try parse("2025-01-02 03:04:05.1234567") }
        #expect(throws: TextParseError(.timestamp, at: 0, "date or time field out of range")) { try parse("2025-02-30 00:00:00") }
        #expect(throws: TextParseError(.timestamp, at: 0, "date or time field out of range")) { try parse("2025-13-01 00:00:00") }
        #expect(throws: TextParseError(.timestamp, at: 0, "year 294276 out of the supported range")) { try parse("294276-12-31 23:59:59") }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("0123456789-: .+TZBCinfity".utf8)
        let valid = Array("2025-01-02 03:04:05.123456+05:30 BC".utf8)
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = valid
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = alphabet.randomElement(using: &generator)!
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            } else {
                bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            _ = try? TimestampParser.parse(bytes)
        }
    }
}
