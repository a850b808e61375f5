/// An insight the caller already knows is relevant (for instance a hit from a vector store).
public struct CallerSeed: Hashable, Sendable {
    public var insightId: Int
    /// Relative weight (> 0); weights are normalized among caller seeds.
    public var weight: Double

    public init(insightId: Int, weight: Double = 1) {
        self.insightId = insightId
        self.weight = weight
    }
}

/// How the graph contributes to the ranking.
///
/// The default, ``neighbourBoost``, was chosen by measurement on the LoCoMo development split (383
/// labelled questions; recall@10 / MRR@10 with the same analyzer): direct relevance plus 0.3 × the
/// best one-hop neighbour 0.630 / 0.533, against personalized PageRank teleporting on BM25 0.599 /
/// 0.382 (well-connected insights displace direct matches), PageRank divided by degree 0.611 /
/// 0.487, reciprocal-rank fusion of BM25 and PageRank 0.617 / 0.494, a summed (not max) neighbour
/// boost 0.623 / 0.522, and no relationships at all 0.606 / 0.531. The PageRank and best-path methods
/// remain available; they use the normalised seed mix of ``SeedOptions`` and ``ScoreWeights``.
public enum RankingMethod: Hashable, Sendable {
    /// Direct relevance plus a bounded boost from the best related insight; the graph adds and never
    /// subtracts. See ``RetrievalOptions/graphBoost`` and ``Retriever`` for the formula.
    case neighbourBoost
    /// Personalized PageRank by power iteration to an L1 change below `tolerance`.
    case exactPageRank(tolerance: Double)
    /// Personalized PageRank by Andersen–Chung–Lang local push with error parameter `epsilon`
    /// (relative to one seed's share; see ``PageRankWorkspace/push(damping:epsilon:within:)``).
    case localPush(epsilon: Double)
    /// The best path score from the weighted seeds (largest seed weight × product of strengths),
    /// within `maxHops` when given.
    case bestPath(maxHops: Int?)
}

/// Everything a retrieval may be asked to do differently. The defaults are the documented ones,
/// measured on the LoCoMo development split (see ``RankingMethod``).
///
/// With ``RankingMethod/neighbourBoost`` scores are absolute, in "hapax units": 1.0 is one match,
/// tf 1, of a term only one of the character's insights has, in an insight of average length. They
/// compare across messages and characters, which is what makes ``minScore`` meaningful.
public struct RetrievalOptions: Hashable, Sendable {
    /// The local push's error parameter used wherever push is asked for without one
    /// (`retrieve --method push`, `/v1/retrieve` `"method": "push"`, IGQ's `ppr()`).
    public static let pushEpsilon = 0.02

    /// Message matching (BM25 ``SeedOptions/k1`` and ``SeedOptions/b`` apply to every method; the
    /// other fields only to the PageRank and best-path methods).
    public var seeds = SeedOptions()
    public var method = RankingMethod.neighbourBoost
    /// β: a result gains β × max over its related insights n of min(1, w) × rel(n), w the summed
    /// relationship weight of the walk graph. 0.3 was chosen by cross-validation (0.1–0.5 within
    /// 0.005 recall@10); 0 ignores relationships. `insightgraph tune` (5 folds, seed 1, grid β {0, 0.1,
    /// 0.2, 0.3, 0.5} × k1 {0.9, 1.2, 1.5} × b {0.5, 0.75}) keeps β 0.3, k1 1.2, b 0.75 on the development
    /// split: the best grid point (β 0.2, k1 0.9) gains +0.004 recall@10 + MRR@10 (95 % CI −0.001 … +0.009);
    /// held-out recall@10 0.627 (sd 0.046 over folds), MRR@10 0.533 (sd 0.062).
    public var graphBoost = 0.3
    /// γ: a caller seed adds γ × its weight (a cosine similarity, say) to the insight's direct
    /// relevance; with 1.0 a cosine of 1 counts like one hapax term match.
    public var callerGamma = 1.0
    /// Caller seeds below this weight are ignored (the cosines of small talk stay under 0.25; real
    /// questions' best cosine is above 0.38 in 99 % of the development questions).
    public var callerFloor = 0.3
    /// A matched multi-word trigger adds this × its idf (in hapax units): the consecutive match is
    /// worth a little more than its words counted apart. Unmeasured (no phrase triggers in the
    /// development data), hence small.
    public var phraseWeight = 0.25
    /// The query-level gate: when no insight reaches this score the answer is empty (a message with
    /// nothing relevant gets no prompt section). 0.3 lies in the empty gap of the development split
    /// between questions matching only a name (top score < 0.01) and real matches (5th percentile 0.93);
    /// it keeps recall@10 at 0.630 (0.633 ungated). A gate, not a per-result floor: a floor of 0.3
    /// drops useful tail results (recall@10 0.609).
    public var minScore = 0.3
    /// Scale of the ``ScoreWeights`` attribute terms (confidence, importance, recency, valence) under
    /// ``RankingMethod/neighbourBoost``: with the default weights they add at most 0.0045, so they only
    /// break ties between equally relevant insights. As 0.15-weighted additive terms they would let an
    /// unmatched but "important" insight compete with real matches.
    public var attributeScale = 0.01
    /// Probability that the walk continues (PageRank's damping factor).
    public var damping = 0.85
    public var weights = ScoreWeights()
    /// Near-duplicate collapse on, MMR off (λ = 1). Measured on the development split with the
    /// neighbour boost: MMR at λ 0.8 lowers recall@10 from 0.630 to 0.625 and recall@5 from 0.560 to
    /// 0.553 and gains nothing (MRR@10 0.533 either way). Absolute scores make λ's trade-off depend on
    /// the score scale, and the boost already ranks by distinct evidence.
    public var diversity: DiversityOptions = {
        var options = DiversityOptions()
        options.lambda = 1
        return options
    }()
    /// Results returned.
    public var limit = 10
    /// Compute explanations (reaching seeds and strongest paths).
    public var explain = true
    /// Seeds listed per result in its explanation.
    public var explanationSeedLimit = 5

    public init() {}
}

/// A seed: an insight the message (or the caller) points at, with its teleport weight.
public struct Seed: Hashable, Sendable {
    public var node: NodeIndex
    public var insightId: Int
    /// Share of the teleport vector (all seeds sum to 1); under the neighbour boost, the seed's share
    /// of the summed direct relevance of all direct matches.
    public var weight: Double
    /// Σ over matched triggers of match strength × specificity (IDF within the character).
    public var triggerScore: Double
    /// BM25 of the message against content + triggers (raw, before division by idf(1)).
    public var bm25: Double
    /// The caller's weight, normalized among caller seeds (0 when not a caller seed).
    public var callerWeight: Double
    /// The triggers the message matched, as analysed terms joined by spaces ("marine conservation"
    /// shows as "marin conserv"): the form both sides are compared in.
    public var matchedTriggers: [String]
}

/// One seed that reaches a result, and how strongly.
public struct SeedReach: Hashable, Sendable {
    public var insightId: Int
    /// The seed's teleport share.
    public var seedWeight: Double
    /// Largest product of strengths over paths of at most two hops from the seed (1 for the result itself).
    public var pathStrength: Double
    public var hops: Int
}

/// A ranked insight with the data that explains it.
public struct RetrievedInsight: Sendable {
    public var id: Int
    public var node: NodeIndex
    public var insight: Insight
    public var score: Double
    public var components: ScoreComponents
    /// Seeds within two hops of the result (the result itself when it is a seed), strongest first.
    public var seeds: [SeedReach]
    /// The strongest path from any seed to the result, as insight ids (seed first); `[id]` for a seed.
    public var path: [Int]
    /// Relationship types along ``path`` (one per step; the strongest relationship of each step).
    public var pathTypes: [String?]
    /// Product of strengths along ``path``.
    public var pathStrength: Double
    /// Whether a step of ``path`` is a `contradicts` relationship.
    public var pathHasContradiction: Bool
    /// Near-duplicates folded into this result (insight ids).
    public var collapsed: [Int]
}

/// The answer to one retrieval.
public struct RetrievalResponse: Sendable {
    public var character: Character
    public var seeds: [Seed]
    public var results: [RetrievedInsight]
    /// Iterations (exact), pushes (local push) or reached nodes (best path).
    public var work: Int
}

/// Why a retrieval could not run.
public enum RetrievalError: Error, CustomStringConvertible, Equatable, Sendable {
    case unknownCharacter(String)
    case unknownInsight(Int)
    case seedOfOtherCharacter(insightId: Int, character: String)
    case invalidSeedWeight(insightId: Int, weight: Double)

    public var description: String {
        switch self {
        case .unknownCharacter(let name):
            return "no character with normalized_name '\(name)' is loaded"
        case .unknownInsight(let id):
            return "seed insight \(id) is not loaded"
        case .seedOfOtherCharacter(let id, let character):
            return "seed insight \(id) does not belong to character '\(character)'"
        case .invalidSeedWeight(let id, let weight):
            return "seed insight \(id) has weight \(weight); weights must be finite and > 0"
        }
    }
}
