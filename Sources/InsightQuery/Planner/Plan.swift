import InsightGraph

/// One step of a plan. The executor runs the steps in order over a working set of rows.
enum PlanOperator: Sendable {
    /// Candidate insights: one character's node range, or every node.
    case scanInsights(character: Int?)
    /// Starting points with weights.
    case seeds([BoundSeed])
    /// Keep candidates (and, for a seeded query, results) for which the predicate is true.
    case filterInsights(Predicate)
    /// Breadth-first walk from the seeds up to `hops`.
    case expand(hops: Int, walk: BoundWalk, maxNodes: Int?, range: SourceRange?)
    /// Score every row by the formula; ties by id ascending.
    /// `keep`: how many of the best rows later stages can use (LIMIT, or DIVERSIFY's pool); `nil`: all.
    case rank(RankFormula, ascending: Bool, walk: BoundWalk, keep: Int?)
    /// A seeded query without RANK BY: the retrieval engine's ranking (what `insightgraph retrieve`
    /// returns for the same message and seeds); `limit` is the query's LIMIT when nothing else
    /// (WHERE, EXPAND, DIVERSIFY) narrows the rows, so the answer is exactly retrieve's.
    case retrievalRank(limit: Int?)
    /// Maximal marginal relevance over content and trigger words.
    case diversify(lambda: Double, keep: Int)
    case limit(Int)
    /// Turn rows into output columns.
    case project([Column])
    case strongestPath(BoundPath)
    case neighbourhood(BoundNeighbourhood)
    case scanRelationships(character: Int?, type: UInt16?, missingType: Bool)
    case filterRelationships(Predicate, minStrength: Double?)
    case group(context: FieldContext, keys: [BoundGroupKey])
    case scanTimeline(character: Int, from: Timestamp?, to: Timestamp?)
    case filterEvents(Predicate)
    /// Sort relationship rows by strength, strongest first, then id.
    case sortByStrength
}

extension PlanOperator {
    /// Whether the step sets the rows without reading the ones before it (SEED: its seeds become
    /// the rows), so a scan just before it need not list them.
    var replacesRows: Bool {
        if case .seeds = self { return true }
        return false
    }
}

/// A stage with the short name and detail `EXPLAIN` shows.
struct PlanStage: Sendable {
    var name: String
    var detail: String
    var op: PlanOperator
}

/// What the planner hands the executor: the stages, the kind of result, where errors point.
public struct Plan: Sendable, CustomStringConvertible {
    var stages: [PlanStage]
    /// `select`, `path`, `neighbourhood`, `count`, `timeline` or `contradictions`.
    public var kind: String
    public var explain: Bool
    var range: SourceRange

    /// One line per stage: `1. source   character 'elena' (42 insights)`.
    public var description: String {
        stages.enumerated().map { "\($0.offset + 1). \($0.element.name) \($0.element.detail)" }.joined(separator: "\n")
    }

    /// Stage names in order (for tests and EXPLAIN).
    public var stageNames: [String] { stages.map(\.name) }
}

extension PlanOperator {
    /// How many of the best ranked rows DIVERSIFY chooses `keep` from.
    static func diversityPoolSize(keep: Int) -> Int { max(keep * 10, 100) }
}
