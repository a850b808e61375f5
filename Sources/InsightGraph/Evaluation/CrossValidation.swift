/// k-fold cross-validation of retrieval settings on a labelled set: every candidate ranks every
/// (non-filler) question once; each fold then picks the candidate with the best mean of recall@10 +
/// MRR@10 on the other folds' questions and is scored on its own (held-out) questions. Folds split the
/// questions, shuffled by a seeded SplitMix64: the same seed gives the same folds.
///
/// Selection rule (in each fold and on all questions): the best candidate replaces the first one (the
/// base settings) only when the paired-bootstrap 95 % interval of its per-question gain in recall@10 +
/// MRR@10 lies above 0; otherwise the base stays. A grid of 30 settings always has a best one; a
/// gain inside the noise is not worth moving the defaults (and the goldens built on them) for.
public struct CrossValidationReport: Hashable, Sendable, Codable {
    public struct Fold: Hashable, Sendable, Codable {
        public var fold: Int
        public var questions: Int
        /// Index into the candidates.
        public var chosen: Int
        /// Mean recall@10 + MRR@10 of the chosen candidate on the training folds.
        public var trainObjective: Double
        /// The best candidate on the training folds (chosen only when its gain over the base is significant).
        public var best: Int
        public var heldOutRecall10: Double
        public var heldOutMRR10: Double
    }

    public var candidates: Int
    public var folds: [Fold]
    /// The candidate chosen on all questions (what a weights file should hold).
    public var chosen: Int
    /// The best candidate on all questions, and its gain over the base (recall@10 + MRR@10, paired bootstrap).
    public var best: Int
    public var bestGain: BootstrapInterval
    public var allRecall10: Double
    public var allMRR10: Double
    /// Per candidate, mean recall@10 and MRR@10 on all questions.
    public var candidateRecall10: [Double]
    public var candidateMRR10: [Double]

    public var heldOutRecallMean: Double { mean(folds.map(\.heldOutRecall10)) }
    public var heldOutMRRMean: Double { mean(folds.map(\.heldOutMRR10)) }
    public var heldOutRecallSD: Double { sd(folds.map(\.heldOutRecall10)) }
    public var heldOutMRRSD: Double { sd(folds.map(\.heldOutMRR10)) }

    func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }
    func sd(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }
}

public enum CrossValidation {
    /// Runs `candidates` (the first one wins ties: put the current defaults first) with `retriever` on
    /// the non-filler `questions`, `folds` folds (2 ... number of questions) shuffled with `seed`.
    public static func run(
        questions: [RelevanceQuestion], candidates: [RetrievalOptions], retriever: Retriever, snapshot: GraphSnapshot,
        folds: Int, seed: UInt64
    ) throws -> CrossValidationReport {
        let scored = questions.filter { !$0.isFiller }
        precondition(!candidates.isEmpty)
        let k = max(2, min(folds, scored.count))
        func evidenceOf(_ id: Int) -> [String] {
            guard let u = snapshot.node(forInsightId: id) else { return [] }
            return (snapshot.insights[Int(u)].supportingEvidence ?? []).compactMap { $0 }
        }
        // recall@10 and MRR@10 per candidate and question.
        var recall = [[Double]](), mrr = [[Double]]()
        var results: [RankedInsight] = []
        for var options in candidates {
            options.limit = max(10, options.limit)
            options.explain = false
            var r: [Double] = [], m: [Double] = []
            for q in scored {
                try retriever.rank(character: q.character, message: q.message, options: options, into: &results)
                let s = RelevanceEvaluation.scores(of: results.map(\.id), for: q, cutoffs: [10], evidenceOf: evidenceOf)
                r.append(s.recall[0])
                m.append(s.mrr10)
            }
            recall.append(r)
            mrr.append(m)
        }
        // Deterministic folds: a seeded shuffle of the question positions, dealt round-robin.
        var order = Array(scored.indices)
        var random = SplitMix64(seed: seed)
        order.shuffle(using: &random)
        var foldOf = [Int](repeating: 0, count: scored.count)
        for (position, q) in order.enumerated() { foldOf[q] = position % k }
        func objective(_ c: Int, _ members: [Int]) -> Double {
            members.reduce(0) { $0 + recall[c][$1] + mrr[c][$1] } / Double(max(1, members.count))
        }
        /// (chosen, its objective, best, the best's gain over candidate 0).
        func select(_ members: [Int]) -> (Int, Double, Int, BootstrapInterval) {
            var best = 0, bestValue = -Double.infinity
            for c in candidates.indices {
                let value = objective(c, members)
                if value > bestValue + 1e-12 { best = c; bestValue = value }
            }
            let gain = RelevanceEvaluation.pairedBootstrap(
                metric: "recall@10+mrr@10", members.map { recall[best][$0] + mrr[best][$0] }, members.map { recall[0][$0] + mrr[0][$0] },
                method: "best", baseline: "base", resamples: 1000, seed: seed)
            let chosen = gain.low > 0 ? best : 0
            return (chosen, objective(chosen, members), best, gain)
        }
        var foldReports: [CrossValidationReport.Fold] = []
        for f in 0..<k {
            let train = scored.indices.filter { foldOf[$0] != f }
            let test = scored.indices.filter { foldOf[$0] == f }
            let (c, trainObjective, best, _) = select(train)
            let n = Double(max(1, test.count))
            foldReports.append(.init(fold: f + 1, questions: test.count, chosen: c, trainObjective: trainObjective, best: best,
                                     heldOutRecall10: test.reduce(0) { $0 + recall[c][$1] } / n,
                                     heldOutMRR10: test.reduce(0) { $0 + mrr[c][$1] } / n))
        }
        let all = Array(scored.indices)
        let (chosen, _, best, gain) = select(all)
        let n = Double(max(1, scored.count))
        let candidateRecall = recall.map { $0.reduce(0, +) / n }
        let candidateMRR = mrr.map { $0.reduce(0, +) / n }
        return CrossValidationReport(candidates: candidates.count, folds: foldReports, chosen: chosen, best: best, bestGain: gain,
                                     allRecall10: candidateRecall[chosen], allMRR10: candidateMRR[chosen],
                                     candidateRecall10: candidateRecall, candidateMRR10: candidateMRR)
    }
}
