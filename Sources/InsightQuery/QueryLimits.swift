/// Bounds on what one query may do; hitting one is a ``QueryError`` of stage `.limit` naming it.
///
/// The defaults keep a mistyped query from tying up a server: they are far above what the prompt
/// path needs (2 hops, tens of results) and well below what would take seconds on a large graph.
public struct QueryLimits: Hashable, Sendable {
    /// Largest hop count in `EXPAND`, `WITHIN` and `PATH ... MAX HOPS`.
    public var maxHops: Int
    /// Most nodes a traversal may visit (EXPAND, NEIGHBOURHOOD, PATH, PageRank's push).
    public var maxNodesExpanded: Int
    /// Most rows a query may return (a larger `LIMIT` is rejected before running).
    public var maxRows: Int
    /// Wall-clock budget per query.
    public var deadline: Duration

    public init(maxHops: Int = 6, maxNodesExpanded: Int = 200_000, maxRows: Int = 10_000,
                deadline: Duration = .seconds(5)) {
        self.maxHops = maxHops
        self.maxNodesExpanded = maxNodesExpanded
        self.maxRows = maxRows
        self.deadline = deadline
    }

    public static let `default` = QueryLimits()
}
