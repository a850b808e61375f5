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
///
/// Under ``RankingMethod/neighbourBoost``: `total = direct + graph + attributeScale ×
/// (confidence·c + importance·i + recency·r + valence·v)` with `direct = bm25 + phrase + caller`,
/// ``graphRaw`` the neighbour relevance B (min(1, w) × direct relevance of ``boostFrom``) and
/// ``graph`` = β × B. Under the PageRank and best-path methods the fields keep the meaning of
/// ``ScoreWeights`` and the direct fields are 0.
public struct ScoreComponents: Hashable, Sendable {
    /// Graph relevance before normalization (PageRank mass, best-path score, or neighbour relevance B).
    public var graphRaw: Double
    /// Weighted graph term of the total (normalised PageRank or path score; β × B for the neighbour boost).
    public var graph: Double
    public var confidence: Double
    public var importance: Double
    public var recency: Double
    public var valence: Double
    /// The weighted sum.
    public var total: Double
    /// Direct relevance: ``bm25`` + ``phrase`` + ``caller`` (hapax units).
    public var direct: Double = 0
    /// BM25 of the message's distinct terms against content + triggers, divided by idf(df = 1).
    public var bm25: Double = 0
    /// Matched multi-word triggers: phrase weight × their idf, divided by idf(df = 1).
    public var phrase: Double = 0
    /// γ × the caller's weight for this insight (0 below the caller floor).
    public var caller: Double = 0
    /// The related insight whose relevance gave the boost (``graph``), if any.
    public var boostFrom: Int? = nil
}

/// One insight's scoring inputs, normalized once per snapshot: NaN stands for "use the neutral
/// value" (a NULL, or a NaN in the row), which ``ScoreWeights/neutral`` supplies per request.
struct ScoringColumns {
    /// `confidence_score` clamped to 0...1.
    var confidence: Double
    /// `(importance_level − 1) / 9` clamped to 0...1.
    var importance: Double
    /// `discovery_date` in microseconds since the epoch (NaN: no date, recency 0).
    var discoveryMicros: Double
    /// `emotional_valence` clamped to −1...1.
    var valence: Double

    init(_ insight: Insight) {
        confidence = insight.confidence.map { $0.isNaN ? .nan : min(max($0, 0), 1) } ?? .nan
        importance = insight.importance.map { min(max((Double($0) - 1) / 9, 0), 1) } ?? .nan
        discoveryMicros = insight.discoveryDate.map { Double($0.microsecondsSinceEpoch) } ?? .nan
        valence = insight.emotionalValence.map { $0.isNaN ? .nan : min(max($0, -1), 1) } ?? .nan
    }
}

extension ScoreWeights {
    /// The components of one node's score. `graphRaw / graphMax` is its graph relevance.
    @inline(__always)
    func components(node u: Int, graphRaw: Double, graphMax: Double, index: RetrievalIndex) -> ScoreComponents {
        let row = index.scoring[u]
        let g = graphMax > 0 ? graphRaw / graphMax : 0
        let c = row.confidence.isNaN ? neutral : row.confidence
        let i = row.importance.isNaN ? neutral : row.importance
        var r = 0.0
        if let now, !row.discoveryMicros.isNaN, recencyHalfLife > 0 {
            let age = max(0, Double(now.microsecondsSinceEpoch) - row.discoveryMicros) / 1_000_000
            r = powerOfTwo(-age / recencyHalfLife)
        }
        var v = neutral
        if !row.valence.isNaN {
            v = valenceTarget.map { 1 - abs(row.valence - $0) / 2 } ?? abs(row.valence)
        }
        let total = graph * g + confidence * c + importance * i + recency * r + valence * v
        return ScoreComponents(graphRaw: graphRaw, graph: g, confidence: c, importance: i, recency: r, valence: v, total: total)
    }
}

/// An upper bound of ``ScoreWeights/components(node:graphRaw:graphMax:index:)``'s `total` from the
/// graph relevance alone: every other component at its largest possible value. Evaluated in the
/// same order as the total, and floating-point sums and products are monotonic, so it is never below
/// the total actually computed (``isBelow(_:graphRaw:graphMax:)`` keeps a margin all the same).
struct ScoreBound {
    let graph: Double, others: (Double, Double, Double, Double)

    /// `nil` when a weight is negative or not finite (no such bound).
    init?(_ w: ScoreWeights) {
        func usable(_ weight: Double) -> Bool { weight >= 0 && weight.isFinite }
        guard usable(w.graph), usable(w.confidence), usable(w.importance), usable(w.recency), usable(w.valence),
              w.neutral.isFinite else { return nil }
        // Confidence, importance, recency and valence are in 0...1, or `neutral` for a NULL.
        let largest = max(1, w.neutral)
        graph = w.graph
        others = (w.confidence * largest, w.importance * largest, w.recency * largest, w.valence * largest)
    }

    /// The largest the components other than graph relevance can add together.
    var largestOthers: Double { others.0 + others.1 + others.2 + others.3 }

    /// True when no node with this graph relevance can reach `score`.
    @inline(__always)
    func isBelow(_ score: Double, graphRaw: Double, graphMax: Double) -> Bool {
        let g = graphMax > 0 ? graphRaw / graphMax : 0
        return graph * g + others.0 + others.1 + others.2 + others.3 < score - 1e-12
    }
}
