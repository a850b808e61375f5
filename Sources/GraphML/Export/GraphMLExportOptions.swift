/// Which dialect of GraphML to write.
public enum GraphMLFlavour: String, Sendable, CaseIterable {
    /// Plain GraphML 1.0, valid against the GraphML XSD (Gephi, Cytoscape, NetworkX, igraph).
    case standard
    /// Adds yFiles ShapeNode/NodeLabel/EdgeLabel markup so yEd shows labels (not XSD-valid).
    case yed
}

/// Which part of the graph to export.
public enum GraphMLScope: Sendable, Equatable {
    case wholeGraph
    /// These characters' insights and the relationships among them. Characters are named by
    /// `normalized_name` (case-insensitive), display name, or numeric id.
    case characters([String])
    /// The insight and everything within `hops` relationships of it, either direction, with all
    /// relationships among those insights (the induced subgraph).
    case neighbourhood(insightId: Int, hops: Int)
    /// Chosen insights and relationships (a query's result); a relationship brings its two ends.
    case subset(insightIds: [Int], relationshipIds: [Int])
}

/// Everything that shapes an export besides the graph.
public struct GraphMLExportOptions: Sendable, Equatable {
    public var flavour: GraphMLFlavour
    public var scope: GraphMLScope
    /// Adds a node per character and `has_insight` edges to its insights.
    public var withCharacters: Bool
    /// Adds the characters' learning events as nodes with `learned` edges from their character.
    /// Implies ``withCharacters`` (the events hang off character nodes).
    public var withTimeline: Bool

    public init(flavour: GraphMLFlavour = .standard, scope: GraphMLScope = .wholeGraph,
                withCharacters: Bool = false, withTimeline: Bool = false) {
        self.flavour = flavour
        self.scope = scope
        self.withCharacters = withCharacters
        self.withTimeline = withTimeline
    }

    var includesCharacters: Bool { withCharacters || withTimeline }
}
