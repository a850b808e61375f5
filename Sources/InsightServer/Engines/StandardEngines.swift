extension Engines {
    /// The engines `insightgraph serve` runs. A `nil` engine answers 501 `engine_unavailable`
    /// until its module's adapter is wired here.
    public static var standard: Engines { Engines(graphML: GraphMLFileExporter()) }
}
