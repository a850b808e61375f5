/// The final score: a weighted sum of components, each in 0...1.
///
/// `score = graph·g + confidence·c + importance·i + recency·r + valence·v`, where
/// - g: graph relevance (PageRank or best-path score) divided by the largest among the candidates;
/// - c: `confidence_score` clamped to 0...1; NULL → ``neutral``;
/// - i: `(importance_level − 1) / 9` clamped to 0...1; NULL → ``neutral``;
/// - r: `0.5^(age / halfLife)` with age = `now − discovery_date` (clamped at 0, so a future date
///   counts as new); NULL date → 0. `now` is given by the caller, so results are reproducible;
/// - v: with ``valenceTarget`` t: `1 − |valence − t| / 2`; without: `|valence|` (emotional
///   intensity); valence clamped to −1...1; NULL → ``neutral``.
/// Weights need not sum to 1; the defaults do. Setting ``valence`` to 0 (the default) ignores valence.
public struct ScoreWeights: Hashable, Sendable {
    public var graph = 0.55
    public var confidence = 0.15
    public var importance = 0.15
    public var recency = 0.15
    public var valence = 0.0
    public var valenceTarget: Double? = nil
    /// Half-life of recency, in seconds (default 90 days).
    public var recencyHalfLife: Double = 90 * 86_400
    /// The instant recency is measured from; `nil`: recency is 0 for every insight (no clock read).
    public var now: Timestamp? = nil
    /// Value used for a NULL confidence, importance or valence.
    public var neutral = 0.5

    public init() {}
}

/// The parts of one result's score, as data.
public struct ScoreComponents: Hashable, Sendable {
    /// Graph relevance before normalization (PageRank mass or best-path score).
    public var graphRaw: Double
    public var graph: Double
    public var confidence: Double
    public var importance: Double
    public var recency: Double
    public var valence: Double
    /// The weighted sum.
    public var total: Double
}

extension ScoreWeights {
    /// The components of one node's score. `graphRaw / graphMax` is its graph relevance.
    func components(node u: Int, graphRaw: Double, graphMax: Double, index: RetrievalIndex) -> ScoreComponents {
        let g = graphMax > 0 ? graphRaw / graphMax : 0
        let c = index.confidence[u].map { $0.isNaN ? neutral : min(max($0, 0), 1) } ?? neutral
        let i = index.importance[u].map { min(max(Double($0 - 1) / 9, 0), 1) } ?? neutral
        var r = 0.0
        if let now, let discovered = index.discoveryMicros[u], recencyHalfLife > 0 {
            let age = max(0, Double(now.microsecondsSinceEpoch) - Double(discovered)) / 1_000_000
            r = powerOfTwo(-age / recencyHalfLife)
        }
        var v = neutral
        if let raw = index.valence[u], !raw.isNaN {
            let clamped = min(max(raw, -1), 1)
            v = valenceTarget.map { 1 - abs(clamped - $0) / 2 } ?? abs(clamped)
        }
        let total = graph * g + confidence * c + importance * i + recency * r + valence * v
        return ScoreComponents(graphRaw: graphRaw, graph: g, confidence: c, importance: i, recency: r, valence: v, total: total)
    }
}
