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

/// How graph relevance is computed from the seeds.
public enum RankingMethod: Hashable, Sendable {
    /// Personalized PageRank by power iteration to an L1 change below `tolerance`.
    case exactPageRank(tolerance: Double)
    /// Personalized PageRank by Andersen–Chung–Lang local push with error parameter `epsilon`
    /// (relative to one seed's share; see ``PageRankWorkspace/push(damping:epsilon:within:dense:)``).
    case localPush(epsilon: Double)
    /// The best path score from the weighted seeds (largest seed weight × product of strengths),
    /// within `maxHops` when given.
    case bestPath(maxHops: Int?)
}

/// Everything a retrieval may be asked to do differently. The defaults are the documented ones.
public struct RetrievalOptions: Hashable, Sendable {
    public var seeds = SeedOptions()
    public var method = RankingMethod.localPush(epsilon: 0.02)
    /// Probability that the walk continues (PageRank's damping factor).
    public var damping = 0.85
    public var weights = ScoreWeights()
    public var diversity = DiversityOptions()
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
    /// Share of the teleport vector (all seeds sum to 1).
    public var weight: Double
    /// Σ over matched triggers of match strength × specificity (IDF within the character).
    public var triggerScore: Double
    /// BM25 of the message against content + triggers.
    public var bm25: Double
    /// The caller's weight, normalized among caller seeds (0 when not a caller seed).
    public var callerWeight: Double
    /// Folded text of the triggers the message matched.
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
