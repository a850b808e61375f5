/// Offline relevance evaluation: labelled messages, rankers, metrics and a paired bootstrap.
///
/// A question is relevant-labelled in one of two ways:
/// - `evidence`: the dialogue turn ids that hold the answer (LoCoMo). An insight is relevant when its
///   `supporting_evidence` cites one of them; recall@k is the share of the evidence turns cited by the
///   top k, MRR@10 is 1 / rank of the first result citing one (0 beyond 10), nDCG@10 has gain 1 per
///   result citing one, ideal DCG from min(10, |relevant insight ids|) — exactly as the relevance
///   data's README and the research scripts measure it;
/// - no evidence, `relevant_insight_ids`: the ids themselves are the relevant set (recall@k = share
///   of them in the top k).
/// A question with neither is filler ("thanks, that's all"): it counts only in the share of fillers
/// that returned nothing, never in recall or MRR.
public struct RelevanceQuestion: Hashable, Sendable, Codable {
    public var character: String
    public var message: String
    public var category: String
    public var evidence: [String]?
    public var relevantInsightIds: [Int]

    public init(character: String, message: String, category: String, evidence: [String]?, relevantInsightIds: [Int]) {
        self.character = character
        self.message = message
        self.category = category
        self.evidence = evidence
        self.relevantInsightIds = relevantInsightIds
    }

    public var isFiller: Bool { (evidence ?? []).isEmpty && relevantInsightIds.isEmpty }
}

/// One question's metrics for one ranker.
public struct QuestionScores: Hashable, Sendable {
    /// recall@k per requested k, in the order of the requested cut-offs.
    public var recall: [Double]
    public var ndcg10: Double
    public var mrr10: Double
    public var returned: Int
}

/// Means over one group of questions (a category, or all).
public struct GroupSummary: Hashable, Sendable, Codable {
    public var group: String
    public var questions: Int
    /// recall@k, keyed by k as text ("5", "10").
    public var recall: [String: Double]
    public var ndcg10: Double
    public var mrr10: Double
}

/// One ranker's results.
public struct MethodSummary: Hashable, Sendable, Codable {
    public var method: String
    /// "all" first, then the categories in first-seen order.
    public var groups: [GroupSummary]
    public var fillers: Int
    /// Fillers for which the ranker returned nothing.
    public var fillersEmpty: Int
    /// Wall time per question of the rank call (microseconds): median and 99th percentile. `nil`
    /// when left out (timings differ run to run; everything else is deterministic).
    public var microsP50: Double?
    public var microsP99: Double?
}

/// A paired-bootstrap 95 % interval of a mean difference (method − baseline) over the questions.
public struct BootstrapInterval: Hashable, Sendable, Codable {
    public var metric: String
    public var method: String
    public var baseline: String
    public var difference: Double
    public var low: Double
    public var high: Double
    public var resamples: Int
}

/// The whole evaluation.
public struct RelevanceReport: Hashable, Sendable, Codable {
    public var cutoffs: [Int]
    public var questions: Int
    public var fillers: Int
    public var methods: [MethodSummary]
    public var intervals: [BootstrapInterval]
}

/// A ranker: the insight ids for a question, best first.
public struct RelevanceRanker {
    public var name: String
    public var rank: (RelevanceQuestion) throws -> [Int]

    public init(name: String, rank: @escaping (RelevanceQuestion) throws -> [Int]) {
        self.name = name
        self.rank = rank
    }
}

public enum RelevanceEvaluation {
    /// Metrics of `ranked` for `question`; `evidenceOf` gives an insight's supporting evidence.
    public static func scores(
        of ranked: [Int], for question: RelevanceQuestion, cutoffs: [Int], evidenceOf: (Int) -> [String]
    ) -> QuestionScores {
        let depth = max(10, cutoffs.max() ?? 10)
        let top = Array(ranked.prefix(depth))
        // Per rank, the relevant "units" it covers: evidence turns, or the insight id itself.
        let evidence = Set(question.evidence ?? [])
        let units: [Set<String>]
        let total: Int
        let idealCount: Int
        if !evidence.isEmpty {
            units = top.map { Set(evidenceOf($0)).intersection(evidence) }
            total = evidence.count
            idealCount = question.relevantInsightIds.count
        } else {
            let relevant = Set(question.relevantInsightIds)
            units = top.map { relevant.contains($0) ? ["\($0)"] : [] }
            total = relevant.count
            idealCount = relevant.count
        }
        var recall: [Double] = []
        for k in cutoffs {
            var got = Set<String>()
            for u in units.prefix(k) { got.formUnion(u) }
            recall.append(total > 0 ? Double(got.count) / Double(total) : 0)
        }
        var mrr = 0.0
        var dcg = 0.0
        for (r, u) in units.prefix(10).enumerated() where !u.isEmpty {
            if mrr == 0 { mrr = 1 / Double(r + 1) }
            dcg += 1 / log2(Double(r + 2))
        }
        var ideal = 0.0
        for r in 0..<min(10, idealCount) { ideal += 1 / log2(Double(r + 2)) }
        return QuestionScores(recall: recall, ndcg10: ideal > 0 ? dcg / ideal : 0, mrr10: mrr, returned: ranked.count)
    }

    /// Runs every ranker on every question and summarises; the bootstrap compares `method` with
    /// `baseline` (names of two rankers) on recall@10 and MRR@10, paired by question.
    public static func evaluate(
        questions: [RelevanceQuestion], rankers: [RelevanceRanker], cutoffs: [Int], snapshot: GraphSnapshot,
        compare: (method: String, baseline: String)?, resamples: Int = 1000, seed: UInt64 = 1
    ) throws -> RelevanceReport {
        func evidenceOf(_ id: Int) -> [String] {
            guard let u = snapshot.node(forInsightId: id) else { return [] }
            return (snapshot.insights[Int(u)].supportingEvidence ?? []).compactMap { $0 }
        }
        let scored = questions.filter { !$0.isFiller }
        var categories: [String] = []
        for q in scored where !categories.contains(q.category) { categories.append(q.category) }
        var perMethod: [String: [QuestionScores]] = [:]
        var methods: [MethodSummary] = []
        for ranker in rankers {
            var all: [QuestionScores] = []
            var fillers = 0, fillersEmpty = 0
            var micros: [Double] = []
            let clock = ContinuousClock()
            for q in questions {
                let started = clock.now
                let ranked = try ranker.rank(q)
                let elapsed = (clock.now - started).components
                micros.append(Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12)
                if q.isFiller {
                    fillers += 1
                    if ranked.isEmpty { fillersEmpty += 1 }
                } else {
                    all.append(scores(of: ranked, for: q, cutoffs: cutoffs, evidenceOf: evidenceOf))
                }
            }
            perMethod[ranker.name] = all
            var groups = [summary("all", all, cutoffs)]
            for c in categories {
                groups.append(summary(c, zip(scored, all).filter { $0.0.category == c }.map(\.1), cutoffs))
            }
            micros.sort()
            func percentile(_ p: Double) -> Double {
                micros.isEmpty ? 0 : micros[min(micros.count - 1, max(0, Int((p * Double(micros.count)).rounded(.up)) - 1))]
            }
            methods.append(MethodSummary(method: ranker.name, groups: groups, fillers: fillers, fillersEmpty: fillersEmpty,
                                         microsP50: percentile(0.5), microsP99: percentile(0.99)))
        }
        var intervals: [BootstrapInterval] = []
        if let compare, let a = perMethod[compare.method], let b = perMethod[compare.baseline],
           let k10 = cutoffs.firstIndex(of: 10) {
            intervals.append(pairedBootstrap(metric: "recall@10", a.map { $0.recall[k10] }, b.map { $0.recall[k10] },
                                             method: compare.method, baseline: compare.baseline, resamples: resamples, seed: seed))
            intervals.append(pairedBootstrap(metric: "mrr@10", a.map(\.mrr10), b.map(\.mrr10),
                                             method: compare.method, baseline: compare.baseline, resamples: resamples, seed: seed))
        }
        return RelevanceReport(cutoffs: cutoffs, questions: scored.count, fillers: questions.count - scored.count,
                               methods: methods, intervals: intervals)
    }

    static func summary(_ name: String, _ scores: [QuestionScores], _ cutoffs: [Int]) -> GroupSummary {
        let n = Double(max(1, scores.count))
        var recall: [String: Double] = [:]
        for (i, k) in cutoffs.enumerated() { recall["\(k)"] = scores.reduce(0) { $0 + $1.recall[i] } / n }
        return GroupSummary(group: name, questions: scores.count, recall: recall,
                            ndcg10: scores.reduce(0) { $0 + $1.ndcg10 } / n, mrr10: scores.reduce(0) { $0 + $1.mrr10 } / n)
    }

    /// Paired bootstrap (Efron & Tibshirani 1993; as in Koehn 2004 for system comparison): resample
    /// the questions with replacement, recompute the mean difference, take the 2.5th and 97.5th
    /// percentiles. Deterministic for a seed.
    public static func pairedBootstrap(
        metric: String, _ a: [Double], _ b: [Double], method: String, baseline: String, resamples: Int, seed: UInt64
    ) -> BootstrapInterval {
        let n = min(a.count, b.count)
        let differences = (0..<n).map { a[$0] - b[$0] }
        let mean = n > 0 ? differences.reduce(0, +) / Double(n) : 0
        guard n > 0, resamples > 0 else {
            return BootstrapInterval(metric: metric, method: method, baseline: baseline, difference: mean, low: mean, high: mean,
                                     resamples: 0)
        }
        var random = SplitMix64(seed: seed)
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var sum = 0.0
            for _ in 0..<n { sum += differences[Int(random.next() % UInt64(n))] }
            means.append(sum / Double(n))
        }
        means.sort()
        let low = means[Int(Double(resamples - 1) * 0.025)]
        let high = means[Int((Double(resamples - 1) * 0.975).rounded(.up))]
        return BootstrapInterval(metric: metric, method: method, baseline: baseline, difference: mean, low: low, high: high,
                                 resamples: resamples)
    }

    @inline(__always) static func log2(_ x: Double) -> Double { naturalLog(x) / naturalLog(2) }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator; the evaluation's
/// random baseline and bootstrap are reproducible for a seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
