import ArgumentParser
import Foundation
import InsightGraph
import InsightServer
import InsightStore

/// `insightgraph eval`: relevance of prompt-time retrieval on a labelled set of messages.
///
/// Every ranker runs on every question in one run: the shipped ranking, the shipped ranking with
/// relationships ignored (graph boost 0), the same analyzer ranked by personalized PageRank (local
/// push, the earlier default), classic BM25 over content + triggers (no stop words, no
/// stemming), random (seeded), and — when the graph comes from PostgreSQL — the seed project's SQL
/// retrieval (``SeedProjectRetrieval``). Metrics and labels: ``RelevanceEvaluation``. A paired
/// bootstrap gives the 95 % interval of "shipped − bm25" on recall@10 and MRR@10.
///
/// Questions (JSON lines): `{"character", "message", "category", "evidence": [turn ids]?,
/// "relevant_insight_ids": [ids]}`; a line with neither evidence nor relevant ids is filler, scored
/// by whether it returns nothing. `--format json` is stable (keys sorted; the same input gives the
/// same bytes, timings only with `--timing`).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval relevance on labelled messages: recall@k, nDCG@10, MRR@10 against baselines."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: ArgumentHelp("Labelled messages, one JSON object a line.", valueName: "file.jsonl"))
    var questions: String

    @Option(name: .long, help: ArgumentHelp("Recall cut-offs, comma-separated.", valueName: "k,k,..."))
    var k: String = "5,10,25"

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Seed of the random baseline and the bootstrap.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Bootstrap resamples.")
    var resamples: Int = 1000

    @Option(name: .long, help: ArgumentHelp(
        "Retrieval settings for the shipped ranking (the JSON object of retrieve --weights; what tune writes).", valueName: "file.json"))
    var weights: String?

    @Option(name: .long, help: ArgumentHelp(
        "Caller seeds per question, one JSON line per question line ({\"seeds\": [[insight_id, cosine], ...]}, Scripts/dense_seeds.py): adds the rankers dense (the seeds alone, by cosine), hybrid (the shipped ranking with them as caller seeds) and hybrid-no-relationships.",
        valueName: "file.jsonl"))
    var seeds: String?

    @Flag(name: .long, help: "JSON: include time per question (varies run to run; the rest of the output does not).")
    var timing = false

    func cutoffs() throws -> [Int] {
        var values: [Int] = []
        for part in k.split(separator: ",") {
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw ValidationError("--k: expected positive integers separated by commas, got '\(k)'")
            }
            if !values.contains(value) { values.append(value) }
        }
        if !values.contains(10) { values.append(10) }
        return values.sorted()
    }

    func validate() throws {
        _ = try cutoffs()
        guard resamples >= 0 else { throw ValidationError("--resamples must be >= 0") }
    }

    static func readQuestions(_ path: String) throws -> [RelevanceQuestion] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        struct Line: Decodable {
            var character: String
            var message: String
            var category: String?
            var evidence: [String]?
            var relevantInsightIds: [Int]?
        }
        var out: [RelevanceQuestion] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("//") { continue }
            do {
                let q = try decoder.decode(Line.self, from: Data(text.utf8))
                out.append(RelevanceQuestion(character: q.character, message: q.message, category: q.category ?? "all",
                                             evidence: q.evidence, relevantInsightIds: q.relevantInsightIds ?? []))
            } catch {
                throw CommandFailure("\(path):\(number + 1): not a question line (\(error))")
            }
        }
        return out
    }

    /// Caller seeds per question line: `{"seeds": [[insight_id, weight], ...]}` (other keys ignored).
    static func readSeeds(_ path: String, questions: Int) throws -> [[CallerSeed]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        struct Line: Decodable { var seeds: [[Double]] }
        var out: [[CallerSeed]] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("//") { continue }
            guard let decoded = try? JSONDecoder().decode(Line.self, from: Data(text.utf8)),
                  decoded.seeds.allSatisfy({ $0.count == 2 && $0[0].rounded() == $0[0] && $0[1].isFinite && $0[1] > 0 })
            else { throw CommandFailure("\(path):\(number + 1): expected {\"seeds\": [[insight_id, weight > 0], ...]}") }
            out.append(decoded.seeds.map { CallerSeed(insightId: Int($0[0]), weight: $0[1]) })
        }
        guard out.count == questions else {
            throw CommandFailure("\(path): \(out.count) seed lines for \(questions) questions (one line per question line, in order)")
        }
        return out
    }

    func run() throws {
        let questions = try Self.readQuestions(self.questions)
        let cutoffs = try cutoffs()
        let settings = try weights.map { try RetrievalSettings.load(file: $0) } ?? RetrievalSettings()
        let callerSeeds = try seeds.map { try Self.readSeeds($0, questions: questions.count) }
        let loaded = try source.loadGraph()
        let snapshot = loaded.snapshot
        let connection = source.source == nil ? try source.database.connect() : nil
        var report = try Self.evaluate(questions: questions, snapshot: snapshot, cutoffs: cutoffs, seed: seed,
                                       resamples: resamples, connection: connection, settings: settings, callerSeeds: callerSeeds)
        switch format {
        case .json:
            if !timing {
                for i in report.methods.indices { report.methods[i].microsP50 = nil; report.methods[i].microsP99 = nil }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .table:
            print(Self.table(report), terminator: "")
        }
    }

    /// The rankers, run on `snapshot` (and `connection` for the SQL baseline).
    static func evaluate(questions: [RelevanceQuestion], snapshot: GraphSnapshot, cutoffs: [Int], seed: UInt64,
                         resamples: Int, connection: Connection?, settings: RetrievalSettings = RetrievalSettings(),
                         callerSeeds: [[CallerSeed]]? = nil) throws -> RelevanceReport {
        let depth = max(10, cutoffs.max() ?? 10)
        let retriever = Retriever(index: RetrievalIndex(snapshot: snapshot, walkPolicy: settings.walkPolicy))
        var shipped = settings.retrieval
        shipped.limit = depth
        shipped.explain = false
        var noRelationships = shipped
        noRelationships.graphBoost = 0
        var pageRank = shipped
        pageRank.method = .localPush(epsilon: 0.02)
        var results: [RankedInsight] = []
        func run(_ options: RetrievalOptions) -> (RelevanceQuestion) throws -> [Int] {
            { q in
                try retriever.rank(character: q.character, message: q.message, options: options, into: &results)
                return results.map(\.id)
            }
        }
        let bm25 = PlainBM25Ranker(snapshot: snapshot)
        let random = SeededRandomRanker(snapshot: snapshot, seed: seed)
        var rankers = [
            RelevanceRanker(name: "shipped", rank: run(shipped)),
            RelevanceRanker(name: "shipped-no-relationships", rank: run(noRelationships)),
            // The same scores without MMR: what `Retriever.scoreAll` (IGQ's ORDER BY relevance) orders.
            RelevanceRanker(name: "shipped-no-diversity") { q in
                Array(try retriever.scoreAll(character: q.character, message: q.message, options: shipped).prefix(depth).map(\.id))
            },
            // The same analyzer, ranked by personalized PageRank (local push) as before the boost.
            RelevanceRanker(name: "pagerank-push", rank: run(pageRank)),
            RelevanceRanker(name: "bm25", rank: { bm25.rank(character: $0.character, message: $0.message, limit: depth) }),
        ]
        if let connection {
            rankers.append(RelevanceRanker(name: "seed-sql") { q in
                guard let c = snapshot.characterIndex(named: q.character) else { return [] }
                return try SeedProjectRetrieval.rank(connection, characterId: snapshot.characters[c].id, message: q.message,
                                                     limit: depth)
            })
        }
        if let callerSeeds {
            // Questions are ranked in order, so the seeds of question i are looked up by identity of position.
            var position: [RelevanceQuestion: [Int]] = [:]
            for (i, q) in questions.enumerated() { position[q, default: []].append(i) }
            func seedsOf(_ q: RelevanceQuestion) -> [CallerSeed] {
                guard let i = position[q]?.first else { return [] }
                return callerSeeds[i]
            }
            let floor = shipped.callerFloor
            rankers.append(RelevanceRanker(name: "dense") { q in
                seedsOf(q).filter { $0.weight >= floor }.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.insightId < $1.insightId }
                    .prefix(depth).map(\.insightId)
            })
            func hybrid(_ options: RetrievalOptions) -> (RelevanceQuestion) throws -> [Int] {
                { q in
                    try retriever.rank(character: q.character, message: q.message, callerSeeds: seedsOf(q), options: options, into: &results)
                    return results.map(\.id)
                }
            }
            rankers.append(RelevanceRanker(name: "hybrid", rank: hybrid(shipped)))
            rankers.append(RelevanceRanker(name: "hybrid-no-relationships", rank: hybrid(noRelationships)))
        }
        rankers.append(RelevanceRanker(name: "random", rank: { random.rank(character: $0.character, message: $0.message, limit: depth) }))
        return try RelevanceEvaluation.evaluate(questions: questions, rankers: rankers, cutoffs: cutoffs, snapshot: snapshot,
                                                compare: ("shipped", "bm25"), resamples: resamples, seed: seed)
    }

    static func table(_ report: RelevanceReport) -> String {
        var out = "\(report.questions) questions, \(report.fillers) filler messages\n"
        let groups = report.methods.first?.groups.map(\.group) ?? []
        for group in groups {
            let count = report.methods.first?.groups.first { $0.group == group }?.questions ?? 0
            out += "\n\(group) (\(count))\n"
            out += "method".padding(toLength: 26, withPad: " ", startingAt: 0)
            for k in report.cutoffs { out += "R@\(k)".padding(toLength: 8, withPad: " ", startingAt: 0) }
            out += "nDCG@10 MRR@10\n"
            for method in report.methods {
                guard let g = method.groups.first(where: { $0.group == group }) else { continue }
                out += method.method.padding(toLength: 26, withPad: " ", startingAt: 0)
                for k in report.cutoffs { out += String(format: "%-8.3f", g.recall["\(k)"] ?? 0) }
                out += String(format: "%-8.3f%.3f\n", g.ndcg10, g.mrr10)
            }
        }
        out += "\ntime per question (µs, rank call; the first call includes warm-up)\n"
        for method in report.methods {
            out += method.method.padding(toLength: 26, withPad: " ", startingAt: 0)
                + String(format: "p50 %.1f  p99 %.1f\n", method.microsP50 ?? 0, method.microsP99 ?? 0)
        }
        if report.fillers > 0 {
            out += "\nfiller messages returning nothing\n"
            for method in report.methods {
                out += method.method.padding(toLength: 26, withPad: " ", startingAt: 0) + "\(method.fillersEmpty)/\(method.fillers)\n"
            }
        }
        for i in report.intervals {
            out += "\n\(i.method) − \(i.baseline), \(i.metric): "
                + String(format: "%+.3f (95%% CI %+.3f … %+.3f, paired bootstrap, %d resamples)", i.difference, i.low, i.high, i.resamples)
        }
        return out + "\n"
    }
}
