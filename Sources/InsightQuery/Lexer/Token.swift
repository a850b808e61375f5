import InsightGraph

/// One lexical unit of IGQ with its place in the text.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var range: SourceRange

    public init(_ kind: TokenKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// What a token is. Keywords are not distinguished here: a `word` is a keyword or a name depending
/// on where the parser meets it (so `type` is a field and `TYPE` is not reserved).
public enum TokenKind: Hashable, Sendable {
    case word(String)
    case string(String)
    case integer(Int64)
    case float(Double)
    /// A duration such as `30d`, in microseconds, with its text.
    case duration(micros: Int64, text: String)
    case timestamp(Timestamp)
    /// `$name`
    case parameter(String)
    case symbol(Symbol)
    case end

    /// How the token reads in an error message.
    public var display: String {
        switch self {
        case .word(let w): return "'\(w)'"
        case .string(let s): return "string '\(s.count > 30 ? String(s.prefix(30)) + "…" : s)'"
        case .integer(let i): return "number \(i)"
        case .float(let f): return "number \(f)"
        case .duration(_, let text): return "duration \(text)"
        case .timestamp(let t): return "timestamp \(t.iso8601)"
        case .parameter(let p): return "parameter $\(p)"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .end: return "end of query"
        }
    }
}

/// Punctuation and operators.
public enum Symbol: String, Hashable, Sendable, CaseIterable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case comma = ",", colon = ":", semicolon = ";", star = "*", plus = "+"
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}
