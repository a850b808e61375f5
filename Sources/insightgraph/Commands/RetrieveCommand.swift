import ArgumentParser
import Foundation
import InsightGraph
import InsightQuery
import InsightServer

/// `insightgraph retrieve`: which of a character's insights belong in the prompt for a message.
///
/// JSON (`--format json`, keys sorted, stable):
/// ```
/// {"character": "elena", "micros": 123,            micros: the retrieval alone (index built before)
///  "seeds": [{"id", "weight", "trigger_score", "bm25", "caller_weight", "triggers": [...]}],
///  "results": [{"id", "score", "content", "type",
///               "components": {"bm25", "phrase", "caller", "direct", "graph_raw", "graph", "boost_from",
///                              "confidence", "importance", "recency", "valence", "total"},
///               "path": [ids, seed first], "path_types": [...], "path_strength", "path_has_contradiction",
///               "seeds": [{"id", "seed_weight", "path_strength", "hops"}], "collapsed": [ids]}],
///  "prompt": "## What you have learned about yourself\n- ..."}
/// ```
/// Scores of the default method (boost) are absolute: "direct" = bm25 + phrase + caller, "graph" =
/// 0.3 × the relevance of the related insight "boost_from". A message whose best score is below
/// `--min-score` gets no results and an empty prompt section.
/// Results come in pick order of the diversity step (MMR), so a later result may score slightly
/// higher than an earlier, more redundant-with-the-rest one. `--now` makes recency reproducible.
struct RetrieveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieve",
        abstract: "Rank a character's insights for a message, with explanations and a prompt section.",
        discussion: "The character is the one --character names (exactly one; only it is loaded)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, prompt }
    enum Method: String, ExpressibleByArgument, CaseIterable { case boost, push, exact, path }

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: "The incoming message.")
    var message: String

    @Option(name: .long, help: ArgumentHelp(
        "Retrieval settings (one JSON object: method, damping, graph_boost, min_score, weights, type_weights, bm25, prompt, ...; README \"Retrieval settings\"). The flags below override it.",
        valueName: "file.json"))
    var weights: String?

    @Option(name: .long, help: "Results to return (default 10).")
    var limit: Int?

    @Flag(name: .long, help: "Table output: show score components, reaching seeds and paths.")
    var explain = false

    @Option(name: .long, help: "Output format: table, json or prompt.")
    var format: Format = .table

    @Option(name: .customLong("seed"), help: ArgumentHelp("A caller seed, insight id and weight (repeatable).", valueName: "id:weight"))
    var seeds: [String] = []

    @Option(name: .long, help: "Ranking: boost (direct relevance + neighbour boost, default), push (local push PageRank), exact (power iteration) or path (best path).")
    var method: Method?

    @Option(name: .customLong("min-score"), help: "No results unless the best score reaches this (boost method; hapax units; default 0.3).")
    var minScore: Double?

    @Option(name: .customLong("graph-boost"), help: "β: a result gains β × its best related insight's relevance (boost method; default 0.3; 0 ignores relationships).")
    var graphBoost: Double?

    @Option(name: .long, help: "PageRank damping, strictly between 0 and 1 (push and exact; default 0.85).")
    var damping: Double?

    @Option(name: .customLong("recency-half-life-days"), help: "Half-life of the recency term in days (default 90).")
    var recencyHalfLifeDays: Double?

    @Option(name: .long, help: "Heading of the prompt section.")
    var heading: String?

    @Option(name: .long, help: "Prompt budget in estimated tokens (ceil(UTF-8 bytes / 4); default 400).")
    var tokens: Int?

    @Option(name: .long, help: ArgumentHelp(Instant.help, valueName: "instant"))
    var now: String?

    func validate() throws {
        if let now, Instant.parse(now) == nil { throw ValidationError(Instant.invalid(now)) }
        guard source.characters.count == 1 else { throw ValidationError("retrieve needs exactly one --character") }
        _ = try settings()
        _ = try callerSeeds()
    }

    /// The `--weights` file (or the defaults) with the flags applied over it, through the same parser
    /// as the file: a bad flag value is reported like a bad field ("--min-score: ...").
    func settings() throws -> RetrievalSettings {
        var settings = RetrievalSettings()
        settings.retrieval.explain = true
        if let weights { settings = try RetrievalSettings.load(file: weights, over: settings) }
        var flags: [(flag: String, field: String, value: JSONValue)] = []
        if let method { flags.append(("--method", "method", .string(method.rawValue))) }
        if let minScore { flags.append(("--min-score", "min_score", .number(minScore))) }
        if let graphBoost { flags.append(("--graph-boost", "graph_boost", .number(graphBoost))) }
        if let damping { flags.append(("--damping", "damping", .number(damping))) }
        if let limit { flags.append(("--limit", "limit", .number(Double(limit)))) }
        if let tokens { flags.append(("--tokens", "tokens", .number(Double(tokens)))) }
        for flag in flags {
            do { settings = try settings.applying(.object([flag.field: flag.value])) } catch {
                throw ValidationError("\(flag.flag): \(error.message(root: ""))")
            }
        }
        if let recencyHalfLifeDays {
            do { settings = try settings.applying(.object(["weights": .object(["recency_half_life_days": .number(recencyHalfLifeDays)])])) } catch {
                throw ValidationError("--recency-half-life-days: \(error.message(root: ""))")
            }
        }
        if let heading { settings.prompt.header = heading }
        settings.retrieval.explain = true
        return settings
    }

    func callerSeeds() throws -> [CallerSeed] {
        try seeds.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let id = Int(parts[0]),
                  let weight = parts.count == 2 ? Double(parts[1]) : 1, weight > 0, weight.isFinite
            else { throw ValidationError("--seed '\(text)': expected ID or ID:WEIGHT with a weight > 0") }
            return CallerSeed(insightId: id, weight: weight)
        }
    }

    func run() throws {
        let loaded = try source.loadGraph()
        let snapshot = loaded.snapshot
        let wanted = source.characters[0].lowercased()
        guard let character = snapshot.characters.first(where: {
            $0.normalizedName?.lowercased() == wanted || $0.name?.lowercased() == wanted
        }), let name = character.normalizedName else {
            throw CommandFailure("no character '\(source.characters[0])' in the database")
        }
        let settings = try settings()
        let retriever = Retriever(index: RetrievalIndex(snapshot: snapshot, walkPolicy: settings.walkPolicy))
        var options = settings.retrieval
        options.weights.now = now.flatMap(Instant.parse) ?? Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
        let clock = ContinuousClock()
        let started = clock.now
        let response = try retriever.retrieve(character: name, message: message, callerSeeds: callerSeeds(), options: options)
        let elapsed = clock.now - started
        let micros = Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
        let prompt = PromptRenderer(template: settings.prompt, budget: .tokens(settings.tokens)).render(response.results)
        switch format {
        case .prompt:
            print(prompt.text)
        case .json:
            print(String(decoding: try RetrievalJSON.encode(response, prompt: prompt, micros: micros), as: UTF8.self))
        case .table:
            print(Self.table(response, explain: explain, micros: micros), terminator: "")
        }
    }

    static func table(_ response: RetrievalResponse, explain: Bool, micros: Int) -> String {
        var out = "character \(response.character.normalizedName ?? "?")  seeds \(response.seeds.count)  results \(response.results.count)  \(micros) µs\n"
        if response.results.isEmpty { return out + "(nothing in the message is relevant enough: no results)\n" }
        out += "rank\tid\tscore\tcontent\n"
        for (k, r) in response.results.enumerated() {
            out += "\(k + 1)\t\(r.id)\t\(String(format: "%.4f", r.score))\t\(r.insight.content ?? "")\n"
            guard explain else { continue }
            let c = r.components
            if c.direct > 0 || c.boostFrom != nil {
                out += String(format: "\t\tdirect %.4f (bm25 %.4f  phrase %.4f  caller %.4f)  boost %.4f", c.direct, c.bm25, c.phrase, c.caller, c.graph)
                    + (c.boostFrom.map { String(format: " (from %d, relevance %.4f)", $0, c.graphRaw) } ?? "") + "\n"
            }
            out += String(format: "\t\tgraph %.4f (raw %.3g)  confidence %.3f  importance %.3f  recency %.3f  valence %.3f\n",
                          c.graph, c.graphRaw, c.confidence, c.importance, c.recency, c.valence)
            out += "\t\tpath \(r.path.map(String.init).joined(separator: " → "))  strength \(String(format: "%.3f", r.pathStrength))"
                + (r.pathHasContradiction ? "  (via contradicts)" : "") + "\n"
            if !r.seeds.isEmpty {
                out += "\t\tseeds " + r.seeds.map { "\($0.insightId) (\(String(format: "%.3f", $0.pathStrength)), \($0.hops) hops)" }
                    .joined(separator: ", ") + "\n"
            }
            if !r.collapsed.isEmpty { out += "\t\tnear-duplicates folded in: \(r.collapsed.map(String.init).joined(separator: ", "))\n" }
        }
        return out
    }
}
