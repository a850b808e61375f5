import InsightGraph

extension Lexer {
    /// Microseconds per duration unit: `s`, `m` (minutes), `h`, `d`, `w`.
    static let durationUnits: [String: Int64] = [
        "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000, "w": 604_800_000_000,
    ]

    /// A number, duration or timestamp starting at the cursor.
    mutating func lexNumber() throws(QueryError) -> TokenKind {
        let start = position
        if looksLikeDate() { return try lexTimestamp(start: start) }
        var text = ""
        if peekScalar() == "-" { text = "-"; step() }
        var isFloat = false
        text += digits()
        if peekScalar() == ".", peekScalar(1).map(isDecimal) == true {
            isFloat = true
            step()
            text += "." + digits()
        }
        if let e = peekScalar(), e == "e" || e == "E",
           let next = peekScalar(1), isDecimal(next) || ((next == "-" || next == "+") && peekScalar(2).map(isDecimal) == true) {
            isFloat = true
            step()
            text += "e"
            if next == "-" || next == "+" { text.unicodeScalars.append(next); step() }
            text += digits()
        }
        if let c = peekScalar(), isLetter(c) {
            var unit = ""
            while let c = peekScalar(), isLetter(c) || isDecimal(c) { unit.unicodeScalars.append(c); step() }
            guard !isFloat, !text.hasPrefix("-"), let perUnit = Self.durationUnits[unit] else {
                throw QueryError(.lexer, "invalid number or duration '\(text)\(unit)'; durations are whole numbers with s, m, h, d or w, as in 30d",
                                 at: SourceRange(start, position))
            }
            guard let count = Int64(text), case (let micros, false) = count.multipliedReportingOverflow(by: perUnit) else {
                throw QueryError(.lexer, "duration '\(text)\(unit)' is too long", at: SourceRange(start, position))
            }
            return .duration(micros: micros, text: text + unit)
        }
        if isFloat {
            guard let value = Double(text), value.isFinite else {
                throw QueryError(.lexer, "number '\(text)' is out of range", at: SourceRange(start, position))
            }
            return .float(value)
        }
        guard let value = Int64(text) else {
            throw QueryError(.lexer, "integer '\(text)' is out of range (at most 19 digits)", at: SourceRange(start, position))
        }
        return .integer(value)
    }

    private func isDecimal(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }

    private mutating func digits() -> String {
        var text = ""
        while let c = peekScalar(), isDecimal(c) { text.unicodeScalars.append(c); step() }
        return text
    }

    /// `dddd-dd-dd` at the cursor.
    private func looksLikeDate() -> Bool {
        let pattern: [Bool] = [true, true, true, true, false, true, true, false, true, true]
        for (i, digit) in pattern.enumerated() {
            guard let c = peekScalar(i) else { return false }
            if digit ? !isDecimal(c) : c != "-" { return false }
        }
        return true
    }

    private mutating func number(_ count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let c = peekScalar(), isDecimal(c) else { return nil }
            value = value * 10 + Int64(c.value - 48)
            step()
        }
        return value
    }

    private mutating func expect(_ c: Unicode.Scalar) -> Bool {
        guard peekScalar() == c else { return false }
        step()
        return true
    }

    private mutating func lexTimestamp(start: SourcePosition) throws(QueryError) -> TokenKind {
        func bad(_ lexer: Lexer) -> QueryError {
            QueryError(.lexer, "invalid timestamp; write 2025-03-01, 2025-03-01T12:30:00Z or 2025-03-01T12:30:00+02:00",
                       at: SourceRange(start, lexer.position))
        }
        let year = number(4)!
        _ = expect("-")
        let month = number(2)!
        _ = expect("-")
        let day = number(2)!
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, micro: Int64 = 0, offset: Int64 = 0
        if peekScalar() == "T", peekScalar(1).map(isDecimal) == true {
            step()
            guard let h = number(2), expect(":"), let m = number(2) else { throw bad(self) }
            hour = h
            minute = m
            if expect(":") {
                guard let s = number(2) else { throw bad(self) }
                second = s
                if peekScalar() == ".", peekScalar(1).map(isDecimal) == true {
                    step()
                    var scale: Int64 = 100_000
                    while let c = peekScalar(), isDecimal(c) {
                        micro += Int64(c.value - 48) * scale
                        scale /= 10
                        step()
                    }
                }
            }
            if expect("Z") {
            } else if let sign = peekScalar(), sign == "+" || sign == "-", peekScalar(1).map(isDecimal) == true {
                step()
                guard let oh = number(2), expect(":"), let om = number(2), oh < 24, om < 60 else { throw bad(self) }
                offset = (oh * 60 + om) * 60_000_000 * (sign == "-" ? -1 : 1)
            }
        }
        if let c = peekScalar(), isLetter(c) || isDecimal(c) {
            step()
            throw bad(self)
        }
        guard let stamp = Timestamp.utc(year: year, month: month, day: day, hour: hour, minute: minute,
                                        second: second, microsecond: micro), hour < 24 else {
            throw QueryError(.lexer, "timestamp out of range (month 1-12, day within the month, hour 0-23)",
                             at: SourceRange(start, position))
        }
        return .timestamp(Timestamp(microsecondsSinceEpoch: stamp.microsecondsSinceEpoch - offset))
    }
}
