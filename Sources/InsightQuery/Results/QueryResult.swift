import InsightGraph

/// A value in a result row.
public enum ResultValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case number(Double)
    case text(String)
    case timestamp(Timestamp)
    case list([ResultValue])
    /// Named members in a fixed order (the `why` column).
    case object([ResultMember])
}

public struct ResultMember: Hashable, Sendable {
    public var name: String
    public var value: ResultValue

    public init(_ name: String, _ value: ResultValue) {
        self.name = name
        self.value = value
    }
}

/// The part of the graph a result touches, as snapshot indexes, for the GraphML export.
public struct ResultSubgraph: Hashable, Sendable {
    /// Ascending, no duplicates.
    public var nodes: [NodeIndex]
    /// Ascending, no duplicates; both ends are in ``nodes``.
    public var edges: [EdgeIndex]

    /// The same sets as database ids (stable across loads), for JSON output.
    public var insightIds: [Int] = []
    public var relationshipIds: [Int] = []

    public init(nodes: [NodeIndex] = [], edges: [EdgeIndex] = []) {
        self.nodes = nodes
        self.edges = edges
    }

    func withIds(from graph: GraphSnapshot) -> ResultSubgraph {
        var copy = self
        copy.insightIds = nodes.map { graph.insights[Int($0)].id }
        copy.relationshipIds = edges.map { graph.edgeIds[Int($0)] }
        return copy
    }

    /// Nodes plus every edge of the graph joining two of them.
    static func induced(by nodes: [NodeIndex], in graph: GraphSnapshot) -> ResultSubgraph {
        let sorted = Array(Set(nodes)).sorted()
        let members = Set(sorted)
        var edges: [EdgeIndex] = []
        for node in sorted {
            for adjacency in graph.outgoing(node) where members.contains(adjacency.node) { edges.append(adjacency.edge) }
        }
        return ResultSubgraph(nodes: sorted, edges: edges.sorted())
    }
}

/// What `EXPLAIN` reports per stage.
public struct StageReport: Hashable, Sendable {
    public var name: String
    public var detail: String
    /// Rows in the working set after the stage.
    public var rows: Int
    public var microseconds: Int64
}

/// The answer to a query: named columns and rows, the touched subgraph, and per-stage timings.
public struct QueryResult: Sendable {
    /// `select`, `path`, `neighbourhood`, `count`, `timeline`, `contradictions` or `explain`.
    public var kind: String
    public var columns: [String]
    public var rows: [[ResultValue]]
    public var subgraph: ResultSubgraph
    public var stages: [StageReport]

    /// The value of a column in a row, by name.
    public func value(_ column: String, row: Int) -> ResultValue? {
        columns.firstIndex(of: column).map { rows[row][$0] }
    }
}
