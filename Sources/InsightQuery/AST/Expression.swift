import InsightGraph

/// A literal value as written in the query.
public enum Literal: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case duration(micros: Int64, text: String)
    case timestamp(Timestamp)
    case null
    case list([Expression])
}

/// An expression of a `WHERE` filter or a value position (`LIMIT $n`), with its source range.
public struct Expression: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case literal(Literal)
        case parameter(String)
        case field(String)
        case comparison(ComparisonOperator, Expression, Expression)
        /// `left [NOT] IN (list)`
        case membership(Expression, Expression, negated: Bool)
        /// `left CONTAINS right`: substring of text (case-insensitive) or element of a list.
        case contains(Expression, Expression)
        /// `left MATCHES right`: the phrase `right` occurs as consecutive words in `left`.
        case matches(Expression, Expression)
        /// `TRIGGERED BY text`: one of the insight's triggers occurs as a phrase in `text`.
        case triggeredBy(Expression)
        case isNull(Expression, negated: Bool)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum ComparisonOperator: String, Hashable, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    /// The operator with its operands swapped (`1 < x` is `x > 1`).
    var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        }
    }
}

/// A name with where it was written (field, relationship type, column).
public struct Name: Hashable, Sendable {
    public var text: String
    public var range: SourceRange

    public init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// A `RANK BY` formula: products and sums of signals, fields and constants.
public struct RankExpression: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case number(Double)
        case parameter(String)
        /// A field (`confidence`) or a signal without arguments (`ppr`, `seed`).
        case name(String)
        /// `ppr(damping: 0.85)`, `recency(half_life: 90d)`
        case call(Name, [Argument])
        case product(RankExpression, RankExpression)
        case sum(RankExpression, RankExpression)
    }

    public struct Argument: Hashable, Sendable {
        public var label: Name
        public var value: Expression
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
