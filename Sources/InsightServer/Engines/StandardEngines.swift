extension Engines {
    /// The engines `insightgraph serve` runs.
    public static var standard: Engines {
        Engines(retrieval: RetrieverEngine(), query: IGQEngine(), graphML: GraphMLFileExporter())
    }
}
