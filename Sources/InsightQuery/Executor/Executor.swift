import InsightGraph

/// Interprets a ``Plan`` over one immutable ``GraphSnapshot``.
///
/// Each run keeps its own working set, so one snapshot can serve many queries at once.
public struct Executor: Sendable {
    public let graph: GraphSnapshot
    public let limits: QueryLimits
    /// The time `recency()` measures age from when the query does not say `now:`.
    public let now: Timestamp
    /// The snapshot's retrievers when the caller keeps them (the service, the shell): `SEED
    /// MESSAGE`, the default ranking of a seeded query and DIVERSIFY then use the retrieval engine
    /// without building its index per query. Ignored when they belong to another snapshot.
    public let retrievers: RetrieverPool?

    public init(graph: GraphSnapshot, limits: QueryLimits = .default, now: Timestamp, retrievers: RetrieverPool? = nil) {
        self.graph = graph
        self.limits = limits
        self.now = now
        self.retrievers = retrievers.flatMap { $0.index.snapshot === graph ? $0 : nil }
    }

    public func run(_ plan: Plan) throws(QueryError) -> QueryResult {
        let clock = ContinuousClock()
        let state = Execution(graph: graph, limits: limits, now: now, deadline: clock.now.advanced(by: limits.deadline),
                              range: plan.range)
        state.retrievers = retrievers
        var reports: [StageReport] = []
        func runStages() -> QueryError? {
            for (i, stage) in plan.stages.enumerated() {
                state.nextStageReplacesRows = plan.stages.indices.contains(i + 1) && plan.stages[i + 1].op.replacesRows
                let started = clock.now
                do { try state.run(stage.op) } catch { return error }
                let elapsed = started.duration(to: clock.now)
                let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                reports.append(StageReport(name: stage.name, detail: stage.detail, rows: state.rowCount, microseconds: micros))
            }
            return nil
        }
        // With the caller's retrievers, the walks borrow their pooled scratch for the whole run.
        let failure = retrievers.map { pool in
            pool.withWalkScratch { scratch in
                state.scratch = scratch
                state.maskedSteps = pool.maskedSteps
                defer { state.scratch = nil }
                return runStages()
            }
        } ?? runStages()
        if let failure { throw failure }
        var result = state.result(kind: plan.kind)
        result.stages = reports
        guard plan.explain else { return result }
        return QueryResult(
            kind: "explain", columns: ["stage", "name", "detail", "rows", "micros"],
            rows: reports.enumerated().map { index, r in
                [.integer(Int64(index + 1)), .text(r.name), .text(r.detail), .integer(Int64(r.rows)), .integer(r.microseconds)]
            },
            subgraph: result.subgraph, stages: reports)
    }
}

/// The working set of one run: rows of the current kind plus what later stages need.
final class Execution {
    let graph: GraphSnapshot
    let limits: QueryLimits
    let now: Timestamp
    let deadline: ContinuousClock.Instant
    let range: SourceRange
    let reader: RowReader
    /// The deadline, checked inside the core's loops too (BFS, PageRank, path search).
    let budget: WorkBudget

    /// Node range of the source character; nil means every node.
    var source: Range<NodeIndex>?
    var sourceCharacter: Int?
    /// Which of the row lists the projection reads.
    enum RowKind { case insights, relationships, events, path, table }
    var rowKind = RowKind.insights
    /// Insight rows (select, neighbourhood, count insights).
    var nodes: [NodeIndex] = []
    var edges: [EdgeIndex] = []
    var events: [Int] = []
    /// Output when a stage makes it directly (path, group).
    var output: (columns: [String], rows: [[ResultValue]])?
    var subgraph: ResultSubgraph?

    var filter: Predicate?
    var seedWeights: [NodeIndex: Double] = [:]
    /// The SEED items run so far, in order, and why each seed is one (worked out on first use).
    var boundSeeds: [BoundSeed] = []
    lazy var seedReasons: [NodeIndex: [SeedReason]] = reasonsOfSeeds()
    /// The texts of `SEED MESSAGE`, in order, and the insight and trigger seeds' weights: what the
    /// retrieval engine is given when it ranks (its message and caller seeds).
    var seedMessages: [String] = []
    var callerSeedWeights: [NodeIndex: Double] = [:]
    /// Hops and first parents of the nodes the seeds or the last walk reached.
    var reach = Reachability()
    /// The ranking of the rows, beside ``nodes`` (entry i scores `nodes[i]`); empty until RANK BY
    /// or the default ranking of a seeded query.
    var ranking: [RowRank] = []
    /// What RANK BY scored with, so `why` can show a returned row's components without every
    /// row's being built.
    var rankedBy: (formula: RankFormula, signals: RankSignals)?
    /// Every node EXPAND visited, before WHERE: the part of the graph a ranking walks.
    var expandedNodes: [NodeIndex]?
    /// The caller's, or made on first use (see Execution+Retrieval.swift).
    var retrievers: RetrieverPool?
    /// Reused walk memory, lent by the caller's retrievers for this run (nil: walks allocate their own).
    var scratch: WalkScratch?
    /// The caller's kept walk rows per character and mask (nil: walks test each relationship).
    var maskedSteps: MaskedStepsCache?
    /// Steps of a PATH result: node, edge into it, product of weights so far.
    var pathRows: [(node: NodeIndex, edge: EdgeIndex?, cumulative: Double)] = []

    init(graph: GraphSnapshot, limits: QueryLimits, now: Timestamp, deadline: ContinuousClock.Instant, range: SourceRange) {
        self.graph = graph
        self.limits = limits
        self.now = now
        self.deadline = deadline
        self.range = range
        self.reader = RowReader(graph: graph)
        self.budget = WorkBudget(deadline: deadline)
    }

    /// Whether the stage after the running one sets the rows without reading them (SEED).
    var nextStageReplacesRows = false
    /// Rows the running stage stands for without listing them (a scan that SEED replaces).
    private var unlistedRows = 0

    var rowCount: Int {
        if let output { return output.rows.count }
        return max(nodes.count, edges.count, events.count, unlistedRows)
    }

    func run(_ op: PlanOperator) throws(QueryError) {
        unlistedRows = 0
        switch op {
        case .scanInsights(let character):
            sourceCharacter = character
            source = character.map { graph.nodes(ofCharacter: $0) }
            let all = source ?? 0..<NodeIndex(graph.nodeCount)
            // Seeds replace the rows next: listing every insight of the source would be wasted.
            if nextStageReplacesRows { unlistedRows = all.count } else { nodes = Array(all) }
        case .seeds(let seeds): try computeSeeds(seeds)
        case .filterInsights(let p):
            filter = p
            keepRows { reader.evaluate(p, .insight($0)) == true }
        case .expand(let hops, let walk, let maxNodes, let clauseRange):
            try expand(hops: hops, walk: walk, maxNodes: maxNodes, at: clauseRange ?? range)
        case .rank(let formula, let ascending, let walk, let keep): try rank(formula, ascending: ascending, walk: walk, keep: keep)
        case .retrievalRank(let limit): try retrievalRank(limit: limit)
        case .diversify(let lambda, let keep): try diversify(lambda: lambda, keep: keep)
        case .limit(let n):
            if output != nil { output!.rows = Array(output!.rows.prefix(n)) }
            nodes = Array(nodes.prefix(n))
            ranking = Array(ranking.prefix(n))
            edges = Array(edges.prefix(n))
            events = Array(events.prefix(n))
        case .project(let columns): try project(columns)
        case .strongestPath(let p):
            rowKind = .path
            try strongestPath(p)
        case .neighbourhood(let n): try neighbourhood(n)
        case .scanRelationships(let character, let type, let missingType):
            rowKind = .relationships
            scanRelationships(character: character, type: type, missingType: missingType)
        case .filterRelationships(let p, let minStrength):
            edges = edges.filter { edge in
                if let minStrength, graph.edgeStrengthIsNull[Int(edge)] || !(graph.edgeStrengths[Int(edge)] >= minStrength) {
                    return false
                }
                return reader.evaluate(p, .relationship(edge)) == true
            }
        case .group(let context, let keys):
            rowKind = .table
            try group(context: context, keys: keys)
        case .scanTimeline(let character, let from, let to):
            rowKind = .events
            let all = graph.learningEvents(ofCharacter: character).indices
            events = all.filter { index in
                guard from != nil || to != nil else { return true }
                guard let date = graph.learningEvents[index].learningDate else { return false }
                return (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true)
            }
        case .filterEvents(let p): events = events.filter { reader.evaluate(p, .event($0)) == true }
        case .sortByStrength:
            edges.sort { a, b in
                let x = graph.edgeStrengthIsNull[Int(a)] ? -Double.infinity : graph.edgeStrengths[Int(a)]
                let y = graph.edgeStrengthIsNull[Int(b)] ? -Double.infinity : graph.edgeStrengths[Int(b)]
                return x != y && !(x.isNaN || y.isNaN) ? x > y : graph.edgeIds[Int(a)] < graph.edgeIds[Int(b)]
            }
        }
    }

    /// Keeps the insight rows (and their ranking, when ranked) that pass `test`, in order.
    func keepRows(where test: (NodeIndex) -> Bool) {
        var kept: [NodeIndex] = [], keptRanking: [RowRank] = []
        for (i, node) in nodes.enumerated() where test(node) {
            kept.append(node)
            if i < ranking.count { keptRanking.append(ranking[i]) }
        }
        nodes = kept
        ranking = keptRanking
    }

    /// Throws once the deadline has passed; cheap enough to call in inner loops.
    func tick() throws(QueryError) {
        if !budget.spend() { throw deadlineError() }
    }

    func deadlineError() -> QueryError {
        QueryError(.limit, "the query ran past its deadline of \(limits.deadline)", at: range)
    }

    func result(kind: String) -> QueryResult {
        let table = output ?? ([], [])
        return QueryResult(kind: kind, columns: table.columns, rows: table.rows,
                           subgraph: (subgraph ?? ResultSubgraph()).withIds(from: graph), stages: [])
    }
}

/// Why a node is a seed, kept as data and worded only for the rows a query returns (a message
/// can seed dozens of insights; the answer shows ten).
enum SeedReason {
    case trigger(String)
    case bm25(Double)
    case insight(id: Int)

    var text: String {
        switch self {
        case .trigger(let trigger): return "trigger '\(trigger)'"
        case .bm25(let score): return "bm25 \(TableRenderer.number(score))"
        case .insight(let id): return "insight #\(id)"
        }
    }
}
