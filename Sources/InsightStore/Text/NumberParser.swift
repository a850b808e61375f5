/// Integers and floats in PostgreSQL's text output (`int2/4/8`, `float4/8`, `numeric`).
public enum NumberParser {
    /// `-42`, `+7`, `0`. Throws on anything else, including overflow of `Int`.
    public static func parseInt<B: RandomAccessCollection>(
        _ bytes: B
    ) throws(TextParseError) -> Int where B.Element == UInt8, B.Index == Int {
        let start = bytes.startIndex, end = bytes.endIndex
        var i = start
        var negative = false
        if i < end, bytes[i] == ASCII.minus || bytes[i] == ASCII.plus {
            negative = bytes[i] == ASCII.minus
            i += 1
        }
        guard i < end else { throw TextParseError(.integer, at: i - start, "expected a digit") }
        var value = 0
        while i < end {
            let byte = bytes[i]
            guard ASCII.isDigit(byte) else { throw TextParseError(.integer, at: i - start, "expected a digit") }
            let digit = Int(byte - ASCII.zero)
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit)
                                      : times10.addingReportingOverflow(digit)
            if o1 || o2 { throw TextParseError(.integer, at: i - start, "out of range") }
            value = next
            i += 1
        }
        return value
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `0.5`, `-1.25e-7`, `3`, `NaN`, `Infinity`, `-Infinity` (case-insensitive, `inf` too).
    ///
    /// Short decimals (at most 15 significant digits, exponent within ±22) are converted exactly
    /// with one multiplication or division (Clinger's fast path); others go through the standard
    /// library's correctly rounded conversion.
    public static func parseDouble<B: RandomAccessCollection>(
        _ bytes: B
    ) throws(TextParseError) -> Double where B.Element == UInt8, B.Index == Int {
        let start = bytes.startIndex, end = bytes.endIndex
        var i = start
        var negative = false
        if i < end, bytes[i] == ASCII.minus || bytes[i] == ASCII.plus {
            negative = bytes[i] == ASCII.minus
            i += 1
        }
        guard i < end else { throw TextParseError(.float, at: i - start, "expected a number") }
        if !ASCII.isDigit(bytes[i]) && bytes[i] != ASCII.dot {
            if ASCII.equalsIgnoringCase(bytes, i..<end, "nan") { return .nan }
            if ASCII.equalsIgnoringCase(bytes, i..<end, "infinity") || ASCII.equalsIgnoringCase(bytes, i..<end, "inf") {
                return negative ? -.infinity : .infinity
            }
            throw TextParseError(.float, at: i - start, "expected a number")
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        while i < end, ASCII.isDigit(bytes[i]) {
            accumulate(bytes[i], &mantissa, &significantDigits, &exponent, afterPoint: false)
            sawDigit = true
            i += 1
        }
        if i < end, bytes[i] == ASCII.dot {
            i += 1
            while i < end, ASCII.isDigit(bytes[i]) {
                accumulate(bytes[i], &mantissa, &significantDigits, &exponent, afterPoint: true)
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { throw TextParseError(.float, at: i - start, "expected a digit") }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == ASCII.minus || bytes[i] == ASCII.plus {
                exponentNegative = bytes[i] == ASCII.minus
                i += 1
            }
            guard i < end, ASCII.isDigit(bytes[i]) else {
                throw TextParseError(.float, at: i - start, "expected exponent digits")
            }
            var written = 0
            while i < end, ASCII.isDigit(bytes[i]) {
                if written < 100_000 { written = written * 10 + Int(bytes[i] - ASCII.zero) }
                i += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard i == end else { throw TextParseError(.float, at: i - start, "unexpected character") }

        if significantDigits <= 15 && mantissa < (1 << 53) {
            var value = Double(mantissa)
            if value == 0 {
                return negative ? -0.0 : 0.0
            } else if exponent >= 0 && exponent <= 22 {
                value *= exactPowersOfTen[exponent]
                return negative ? -value : value
            } else if exponent < 0 && exponent >= -22 {
                value /= exactPowersOfTen[-exponent]
                return negative ? -value : value
            }
        }
        // Slow path: the syntax is valid, so the standard library accepts it.
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else {
            throw TextParseError(.float, at: 0, "not a representable number")
        }
        return value
    }

    /// Adds one decimal digit; digits past the 19th only shift the exponent (and force the slow path).
    @inline(__always)
    private static func accumulate(
        _ byte: UInt8, _ mantissa: inout UInt64, _ significantDigits: inout Int, _ exponent: inout Int,
        afterPoint: Bool
    ) {
        let digit = UInt64(byte - ASCII.zero)
        if significantDigits == 0 && digit == 0 {
            if afterPoint { exponent -= 1 }
            return
        }
        if significantDigits < 19 {
            mantissa = mantissa * 10 + digit
            if afterPoint { exponent -= 1 }
        } else if !afterPoint {
            exponent += 1
        }
        significantDigits += 1
    }
}
