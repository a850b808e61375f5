import InsightGraph

/// `timestamp` and `timestamptz` in PostgreSQL's ISO output (`DateStyle=ISO`), as UTC instants.
///
/// Accepts `2025-01-02 03:04:05`, fractions up to microseconds (`.123456`), an offset (`+00`,
/// `+05:30`, `-03:30:15`, `Z`), a `T` instead of the space, a date alone (midnight), years with
/// more than four digits, ` BC` (1 BC is astronomical year 0), and `infinity` / `-infinity`.
/// A value without an offset is read as UTC.
public enum TimestampParser {
    /// Years past this are refused rather than overflowing microseconds since 1970 in `Int64`.
    static let maxAbsoluteYear: Int64 = 290_000

    public static func parse<B: RandomAccessCollection>(
        _ bytes: B
    ) throws(TextParseError) -> Timestamp where B.Element == UInt8, B.Index == Int {
        let start = bytes.startIndex, end = bytes.endIndex
        func fail(_ at: Int, _ reason: String) -> TextParseError { TextParseError(.timestamp, at: at - start, reason) }
        if ASCII.equalsIgnoringCase(bytes, start..<end, "infinity") || ASCII.equalsIgnoringCase(bytes, start..<end, "+infinity") {
            return .infinity
        }
        if ASCII.equalsIgnoringCase(bytes, start..<end, "-infinity") { return .negativeInfinity }

        var i = start
        /// Reads between `min` and `max` digits.
        func number(min: Int, max: Int, _ what: String) throws(TextParseError) -> Int64 {
            var value: Int64 = 0
            var count = 0
            while i < end, count < max, ASCII.isDigit(bytes[i]) {
                value = value * 10 + Int64(bytes[i] - ASCII.zero)
                count += 1
                i += 1
            }
            guard count >= min else { throw fail(i, "expected \(what)") }
            return value
        }
        func expect(_ byte: UInt8, _ what: String) throws(TextParseError) {
            guard i < end, bytes[i] == byte else { throw fail(i, "expected \(what)") }
            i += 1
        }

        var year = try number(min: 1, max: 9, "a year")
        try expect(ASCII.minus, "'-' after the year")
        let month = try number(min: 2, max: 2, "a two-digit month")
        try expect(ASCII.minus, "'-' after the month")
        let day = try number(min: 2, max: 2, "a two-digit day")
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if i < end, bytes[i] == ASCII.space || bytes[i] == UInt8(ascii: "T"),
           i + 1 < end, ASCII.isDigit(bytes[i + 1]) {
            i += 1
            hour = try number(min: 2, max: 2, "a two-digit hour")
            try expect(ASCII.colon, "':' after the hour")
            minute = try number(min: 2, max: 2, "two-digit minutes")
            try expect(ASCII.colon, "':' after the minutes")
            second = try number(min: 2, max: 2, "two-digit seconds")
            if i < end, bytes[i] == ASCII.dot {
                i += 1
                let fractionStart = i
                micros = try number(min: 1, max: 6, "fraction digits")
                for _ in (i - fractionStart)..<6 { micros *= 10 }
                if i < end, ASCII.isDigit(bytes[i]) { throw fail(i, "more than 6 fraction digits") }
            }
            if i < end, bytes[i] == ASCII.plus || bytes[i] == ASCII.minus {
                let sign: Int64 = bytes[i] == ASCII.minus ? -1 : 1
                i += 1
                let offsetHours = try number(min: 2, max: 2, "a two-digit offset hour")
                var offsetMinutes: Int64 = 0, offsetSecs: Int64 = 0
                if i < end, bytes[i] == ASCII.colon {
                    i += 1
                    offsetMinutes = try number(min: 2, max: 2, "two-digit offset minutes")
                    if i < end, bytes[i] == ASCII.colon {
                        i += 1
                        offsetSecs = try number(min: 2, max: 2, "two-digit offset seconds")
                    }
                }
                guard offsetHours <= 15, offsetMinutes < 60, offsetSecs < 60 else { throw fail(i, "offset out of range") }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSecs)
            } else if i < end, bytes[i] == UInt8(ascii: "Z") {
                i += 1
            }
        }
        if i < end {
            guard end - i == 3, bytes[i] == ASCII.space, ASCII.equalsIgnoringCase(bytes, (i + 1)..<end, "bc") else {
                throw fail(i, "unexpected text after the timestamp")
            }
            guard year >= 1 else { throw fail(start, "year 0 BC does not exist") }
            year = 1 - year
            i = end
        }
        guard abs(year) <= maxAbsoluteYear else { throw fail(start, "year \(year) out of the supported range") }
        guard let local = Timestamp.utc(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: micros
        ) else { throw fail(start, "date or time field out of range") }
        return Timestamp(microsecondsSinceEpoch: local.microsecondsSinceEpoch - offsetSeconds * 1_000_000)
    }
}
