import InsightGraph

/// A parsed IGQ query: one statement, optionally under `EXPLAIN`.
public struct Query: Hashable, Sendable {
    public var explain: Bool
    public var statement: Statement
    public var range: SourceRange
}

/// The forms of IGQ.
public enum Statement: Hashable, Sendable {
    /// `FROM ... [SEED] [WHERE] [EXPAND] [RANK BY] [DIVERSIFY] [LIMIT] [RETURN]`
    case select(SelectStatement)
    /// `PATH FROM INSIGHT a TO INSIGHT b ...`
    case path(PathStatement)
    /// `NEIGHBOURHOOD OF INSIGHT x ...`
    case neighbourhood(NeighbourhoodStatement)
    /// `COUNT INSIGHTS|RELATIONSHIPS ... [GROUP BY ...]`
    case count(CountStatement)
    /// `TIMELINE OF CHARACTER 'elena' [BETWEEN a AND b] ...`
    case timeline(TimelineStatement)
    /// `CONTRADICTIONS [FROM ...] ...`
    case contradictions(ContradictionsStatement)
}

/// `FROM CHARACTER 'elena'` (a string or parameter) or `FROM ALL`.
public struct SourceClause: Hashable, Sendable {
    public var character: Expression?
    public var range: SourceRange
}

extension WalkPolicy.Direction {
    /// The direction an IGQ keyword names: `OUT`, `IN` or `BOTH`.
    public init?(keyword: String) {
        switch keyword {
        case "OUT": self = .outgoing
        case "IN": self = .incoming
        case "BOTH": self = .both
        default: return nil
        }
    }

    /// The IGQ keyword of this direction.
    public var keyword: String {
        switch self {
        case .outgoing: return "OUT"
        case .incoming: return "IN"
        case .both: return "BOTH"
        }
    }
}

/// How a traversal may walk: `VIA types MIN STRENGTH s OUT|IN|BOTH EDGES WHERE expr`.
public struct WalkClause: Hashable, Sendable {
    public var via: [Name] = []
    public var minStrength: Expression?
    public var direction: WalkPolicy.Direction?
    public var edgeFilter: Expression?
    public var range: SourceRange?
}

public struct SeedItem: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Insights whose triggers occur in the message text.
        case message(Expression)
        /// One insight by id, with an optional weight.
        case insight(Expression, weight: Expression?)
        /// Insights having this trigger.
        case trigger(Expression)
    }

    public var kind: Kind
    public var range: SourceRange
}

public struct ExpandClause: Hashable, Sendable {
    public var hops: Expression
    public var walk: WalkClause
    public var maxNodes: Expression?
    public var range: SourceRange
}

public struct RankClause: Hashable, Sendable {
    public var formula: RankExpression
    public var ascending: Bool
    public var range: SourceRange
}

public struct SelectStatement: Hashable, Sendable {
    public var source: SourceClause
    public var seeds: [SeedItem] = []
    public var filter: Expression?
    public var expand: ExpandClause?
    public var rank: RankClause?
    public var diversify: Expression?
    public var limit: Expression?
    public var columns: [Name]?
}

public struct PathStatement: Hashable, Sendable {
    public var from: Expression
    public var to: Expression
    public var walk: WalkClause
    public var maxHops: Expression?
    public var columns: [Name]?
    public var range: SourceRange
}

public struct NeighbourhoodStatement: Hashable, Sendable {
    public var center: Expression
    public var hops: Expression?
    public var walk: WalkClause
    public var filter: Expression?
    public var limit: Expression?
    public var columns: [Name]?
    public var range: SourceRange
}

/// A `GROUP BY` key: a field, or `bucket(field, width)` for histograms.
public struct GroupKey: Hashable, Sendable {
    public var field: Name
    public var bucketWidth: Expression?
    public var range: SourceRange
}

public struct CountStatement: Hashable, Sendable {
    public enum Entity: String, Hashable, Sendable { case insights, relationships }
    public var entity: Entity
    public var source: SourceClause?
    public var filter: Expression?
    public var groupBy: [GroupKey] = []
    public var range: SourceRange
}

public struct TimelineStatement: Hashable, Sendable {
    public var character: Expression
    public var from: Expression?
    public var to: Expression?
    public var filter: Expression?
    public var limit: Expression?
    public var columns: [Name]?
    public var range: SourceRange
}

public struct ContradictionsStatement: Hashable, Sendable {
    public var source: SourceClause?
    public var minStrength: Expression?
    public var filter: Expression?
    public var limit: Expression?
    public var columns: [Name]?
    public var range: SourceRange
}
