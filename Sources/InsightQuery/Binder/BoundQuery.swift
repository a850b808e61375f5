import InsightGraph

/// A filter with every name resolved and every type checked; evaluated with SQL's three-valued
/// logic (a comparison with NULL is unknown, and only rows where the filter is true are kept).
indirect enum Predicate: Hashable, Sendable {
    case constant(Bool?)
    case compare(FieldRef, ComparisonOperator, Value)
    case compareFields(FieldRef, ComparisonOperator, FieldRef)
    case member(FieldRef, [Value], negated: Bool)
    /// Text: case-insensitive substring. List: some element equal, case-insensitively.
    case contains(FieldRef, String)
    /// The folded word sequence occurs in the field (or in one element of a list field).
    case matches(FieldRef, [String])
    /// One of the insight's triggers occurs as a phrase in these folded words.
    case triggeredBy([String])
    case isNull(FieldRef, negated: Bool)
    case and(Predicate, Predicate)
    case or(Predicate, Predicate)
    case not(Predicate)
}

/// How a traversal walks: allowed types (nil: all), minimum weight, direction, edge filter.
struct BoundWalk: Hashable, Sendable {
    var typeCodes: Set<UInt16>?
    var typeNames: [String] = []
    var minStrength: Double?
    var direction: WalkPolicy.Direction
    var edgeFilter: Predicate?
}

enum BoundSeed: Hashable, Sendable {
    case message(String)
    case insight(NodeIndex, weight: Double)
    case trigger(String)
}

/// A bound `RANK BY` formula.
indirect enum RankFormula: Hashable, Sendable {
    case constant(Double)
    case field(InsightField)
    /// `tolerance` nil: the engine's local push (as `retrieve --method push`); else power iteration.
    case ppr(damping: Double, tolerance: Double?)
    case recency(halfLifeMicros: Int64, now: Timestamp?)
    /// The seed weight (0 for insights that are not seeds).
    case seed
    /// Product of strengths along the strongest walk from any seed (1 at a seed).
    case proximity
    case product(RankFormula, RankFormula)
    case sum(RankFormula, RankFormula)

    var usesSeeds: Bool {
        switch self {
        case .ppr, .seed, .proximity: return true
        case .product(let a, let b), .sum(let a, let b): return a.usesSeeds || b.usesSeeds
        default: return false
        }
    }

    var usesPPR: Bool {
        switch self {
        case .ppr: return true
        case .product(let a, let b), .sum(let a, let b): return a.usesPPR || b.usesPPR
        default: return false
        }
    }
}

/// A result column, by form.
enum Column: Hashable, Sendable {
    case insight(InsightField)
    case score, hops, seed, why, via, parent, step, strength
    case relationship(RelationshipField)
    case event(EventField)

    var name: String {
        switch self {
        case .insight(let f): return f.rawValue
        case .relationship(let f): return f.name
        case .event(let f): return f.rawValue
        case .score: return "score"
        case .hops: return "hops"
        case .seed: return "seed"
        case .why: return "why"
        case .via: return "via"
        case .parent: return "parent"
        case .step: return "step"
        case .strength: return "strength"
        }
    }
}

struct BoundSelect: Sendable {
    /// Index into the snapshot's characters; nil reads every insight.
    var character: Int?
    var seeds: [BoundSeed]
    var filter: Predicate?
    var expand: (hops: Int, walk: BoundWalk, maxNodes: Int?)?
    var rank: (formula: RankFormula, ascending: Bool, walk: BoundWalk)?
    var diversify: Double?
    var limit: Int?
    var columns: [Column]
    var expandRange: SourceRange?
}

struct BoundPath: Hashable, Sendable {
    var from: NodeIndex
    var to: NodeIndex
    var walk: BoundWalk
    var maxHops: Int
    var columns: [Column]
}

struct BoundNeighbourhood: Hashable, Sendable {
    var center: NodeIndex
    var hops: Int
    var walk: BoundWalk
    var filter: Predicate?
    var limit: Int?
    var columns: [Column]
}

/// A bound `GROUP BY` key; `width` makes numeric (or, with a duration, timestamp) buckets.
struct BoundGroupKey: Hashable, Sendable {
    var field: FieldRef
    var width: Double?
}

struct BoundCount: Hashable, Sendable {
    var context: FieldContext
    var character: Int?
    var filter: Predicate?
    var groupBy: [BoundGroupKey]
}

struct BoundTimeline: Hashable, Sendable {
    var character: Int
    var from: Timestamp?
    var to: Timestamp?
    var filter: Predicate?
    var limit: Int?
    var columns: [Column]
}

struct BoundContradictions: Hashable, Sendable {
    var character: Int?
    var typeCode: UInt16?
    var minStrength: Double?
    var filter: Predicate?
    var limit: Int?
    var columns: [Column]
}

/// A query after name resolution and type checking: what the planner turns into stages.
enum BoundStatement: Sendable {
    case select(BoundSelect)
    case path(BoundPath)
    case neighbourhood(BoundNeighbourhood)
    case count(BoundCount)
    case timeline(BoundTimeline)
    case contradictions(BoundContradictions)
}

struct BoundQuery: Sendable {
    var explain: Bool
    var statement: BoundStatement
    /// Where the statement starts, for errors raised while running it.
    var range: SourceRange
}
