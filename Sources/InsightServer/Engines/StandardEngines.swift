extension Engines {
    /// The engines `insightgraph serve` runs. IGQ (`/v1/query`) answers 501 `engine_unavailable`
    /// until its adapter is wired here (branch `service-integ2`, QueryAdapter.swift, once InsightQuery lands).
    public static var standard: Engines {
        Engines(retrieval: RetrieverEngine(), graphML: GraphMLFileExporter())
    }
}
