import InsightGraph

/// What an import read and what it left out.
public struct GraphMLImportReport: Sendable, Equatable {
    /// `<node>` and `<edge>` elements read.
    public var nodes = 0
    public var edges = 0
    public var insights = 0
    public var characters = 0
    public var learningEvents = 0
    public var relationships = 0
    /// `has_insight` / `learned` edges: implied by the rows, so not loaded.
    public var derivedEdges = 0
    /// Edges that do not join two insights and carry no kind we know (generic files).
    public var ignoredEdges = 0
    /// Edges whose id repeats an earlier edge's (NetworkX multigraphs); read anyway.
    public var duplicateEdgeIds = 0
    /// Keys whose `attr.name` is not one of ours (by `attr.name`, or id when unnamed), sorted.
    public var ignoredKeys: [String] = []
    /// `<data>` values of ignored keys.
    public var ignoredValues = 0
    /// Elements GraphML allows but the graph cannot hold (hyperedges, ports, graph-level data).
    public var ignoredElements = 0
    /// Insights and relationships without a `db_id` (generic files) got ids after the largest seen.
    public var generatedInsightIds = 0
    public var generatedRelationshipIds = 0

    public init() {}
}

/// A snapshot read from GraphML with its report.
public struct GraphMLImport: Sendable {
    public let snapshot: GraphSnapshot
    public let report: GraphMLImportReport
}
