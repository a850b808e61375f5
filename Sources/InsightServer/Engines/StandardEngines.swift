extension Engines {
    /// The engines `insightgraph serve` runs.
    public static var standard: Engines {
        standard(retrieval: RetrievalSettings())
    }

    /// The engines `insightgraph serve --weights FILE` runs: every `/v1/retrieve` starts from
    /// `retrieval` (a request's `options` override it) and the index walks with its `type_weights`.
    public static func standard(retrieval: RetrievalSettings) -> Engines {
        Engines(retrieval: RetrieverEngine(defaults: retrieval), query: IGQEngine(), graphML: GraphMLFileExporter())
    }
}
