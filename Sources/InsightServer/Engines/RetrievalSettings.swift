import Foundation
import InsightGraph

/// Every retrieval weight, settable from outside through ONE JSON object with ONE parser: the file of
/// `insightgraph retrieve|eval|serve --weights FILE.json`, the file `insightgraph tune` writes, and the
/// `options` of a `/v1/retrieve` body are all this object. Every field is optional; a field left out
/// keeps the value of the base the object is applied to (the documented defaults, or for a request the
/// server's `--weights`). Unknown fields are refused, naming the field and listing the known ones.
///
/// ```
/// {"method": "boost" | "push" | "exact" | "path",       ranking (boost: direct relevance + bounded neighbour boost)
///  "damping": 0.85,                                     PageRank continuation probability, 0 < d < 1 (push, exact)
///  "graph_boost": 0.3,                                  β of the neighbour boost, 0 ... 10 (0 ignores relationships)
///  "caller_gamma": 1.0, "caller_floor": 0.3,            caller seeds: relevance += γ × weight, weights below the floor ignored
///  "phrase_weight": 0.25, "min_score": 0.3, "attribute_scale": 0.01,
///  "weights": {"confidence": 0.15, "importance": 0.15, "recency": 0.15, "valence": 0,
///              "valence_target": null | -1 ... 1, "recency_half_life_days": 90},
///  "type_weights": {"contradicts": 0.5, ...},           relationship type → walk weight multiplier (>= 0); the whole map
///  "bm25": {"k1": 1.2, "b": 0.75},
///  "diversity": {"lambda": 1, "duplicate_threshold": 0.9},
///  "limit": 10, "tokens": 400, "explain": true,
///  "prompt": {"heading": "## What you have learned about yourself", "template": "- {content}"}}
/// ```
/// `type_weights` shape the walk graph, which the retrieval index is built with: the CLI builds its
/// index with them; `serve --weights` builds the served index with them. A `/v1/retrieve` request may
/// repeat the served map but not change it (400 naming `type_weights`): rebuilding the index per
/// request would cost a full build.
public struct RetrievalSettings: Hashable, Sendable {
    public var retrieval: RetrievalOptions
    /// The walk graph's relationship-type multipliers (``WalkPolicy/typeWeights``).
    public var typeWeights: [String: Double]
    /// Prompt budget in estimated tokens.
    public var tokens: Int
    public var prompt: PromptTemplate

    public init(retrieval: RetrievalOptions = RetrievalOptions(), typeWeights: [String: Double] = WalkPolicy.retrieval.typeWeights,
                tokens: Int = 400, prompt: PromptTemplate = PromptTemplate()) {
        self.retrieval = retrieval
        self.typeWeights = typeWeights
        self.tokens = tokens
        self.prompt = prompt
    }

    /// The walk policy of the retrieval index these settings need.
    public var walkPolicy: WalkPolicy {
        var policy = WalkPolicy.retrieval
        policy.typeWeights = typeWeights
        return policy
    }

    public static let fields = ["attribute_scale", "bm25", "caller_floor", "caller_gamma", "damping", "diversity", "explain",
                                "graph_boost", "limit", "method", "min_score", "phrase_weight", "prompt", "tokens",
                                "type_weights", "weights"]
    static let weightFields = ["confidence", "importance", "recency", "recency_half_life_days", "valence", "valence_target"]
    static let bm25Fields = ["b", "k1"]
    static let diversityFields = ["duplicate_threshold", "lambda"]
    static let promptFields = ["heading", "template"]

    /// `json` applied over `self`; `prefix` names where the object sits ("body.options", a file path)
    /// in error messages.
    public func applying(_ json: JSONValue) throws(RetrievalSettingsError) -> RetrievalSettings {
        var out = self
        try out.apply(json)
        return out
    }

    /// Reads a settings file (one JSON object) and applies it over `base`.
    public static func load(file path: String, over base: RetrievalSettings = RetrievalSettings()) throws -> RetrievalSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RetrievalSettingsError.unreadable(path: path, reason: "cannot read the file")
        }
        let json: JSONValue
        do { json = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw RetrievalSettingsError.unreadable(path: path, reason: "not JSON (\(error))")
        }
        return try base.applying(json)
    }

    mutating func apply(_ json: JSONValue) throws(RetrievalSettingsError) {
        let fields = try Self.object(json, "", Self.fields)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "method":
                guard case .string(let name) = value else { throw .wrongType(field: key, expected: "\"boost\", \"push\", \"exact\" or \"path\"") }
                switch name {
                case "boost": retrieval.method = .neighbourBoost
                case "push": retrieval.method = .localPush(epsilon: 0.02)
                case "exact": retrieval.method = .exactPageRank(tolerance: 1e-10)
                case "path": retrieval.method = .bestPath(maxHops: nil)
                default: throw .outOfRange(field: key, expected: "\"boost\", \"push\", \"exact\" or \"path\"")
                }
            case "damping": retrieval.damping = try Self.number(value, key, above: 0, below: 1, text: "a number strictly between 0 and 1")
            case "graph_boost": retrieval.graphBoost = try Self.number(value, key, min: 0, max: 10)
            case "caller_gamma": retrieval.callerGamma = try Self.number(value, key, min: 0, max: 100)
            case "caller_floor": retrieval.callerFloor = try Self.number(value, key, min: 0, max: 1_000_000)
            case "phrase_weight": retrieval.phraseWeight = try Self.number(value, key, min: 0, max: 100)
            case "min_score": retrieval.minScore = try Self.number(value, key, min: 0, max: 1_000_000)
            case "attribute_scale": retrieval.attributeScale = try Self.number(value, key, min: 0, max: 100)
            case "limit": retrieval.limit = try Self.integer(value, key, min: 0, max: 1000)
            case "tokens": tokens = try Self.integer(value, key, min: 1, max: 100_000)
            case "explain":
                guard case .bool(let b) = value else { throw .wrongType(field: key, expected: "true or false") }
                retrieval.explain = b
            case "weights":
                for (sub, v) in try Self.object(value, key, Self.weightFields) {
                    let name = "weights.\(sub)"
                    switch sub {
                    case "confidence": retrieval.weights.confidence = try Self.number(v, name, min: 0, max: 100)
                    case "importance": retrieval.weights.importance = try Self.number(v, name, min: 0, max: 100)
                    case "recency": retrieval.weights.recency = try Self.number(v, name, min: 0, max: 100)
                    case "valence": retrieval.weights.valence = try Self.number(v, name, min: 0, max: 100)
                    case "valence_target":
                        if case .null = v { retrieval.weights.valenceTarget = nil } else {
                            retrieval.weights.valenceTarget = try Self.number(v, name, min: -1, max: 1, text: "null or a number from -1 to 1")
                        }
                    default: // recency_half_life_days
                        retrieval.weights.recencyHalfLife = try Self.number(v, name, above: 0, below: 1e7, text: "a number of days > 0") * 86_400
                    }
                }
            case "type_weights":
                guard case .object(let map) = value else { throw .wrongType(field: key, expected: "an object of relationship type → number >= 0") }
                var weights: [String: Double] = [:]
                for (type, v) in map { weights[type] = try Self.number(v, "type_weights.\(type)", min: 0, max: 100) }
                typeWeights = weights
            case "bm25":
                for (sub, v) in try Self.object(value, key, Self.bm25Fields) {
                    if sub == "k1" { retrieval.seeds.k1 = try Self.number(v, "bm25.k1", min: 0, max: 100) }
                    else { retrieval.seeds.b = try Self.number(v, "bm25.b", min: 0, max: 1) }
                }
            case "diversity":
                for (sub, v) in try Self.object(value, key, Self.diversityFields) {
                    if sub == "lambda" { retrieval.diversity.lambda = try Self.number(v, "diversity.lambda", min: 0, max: 1) }
                    else {
                        let t = try Self.number(v, "diversity.duplicate_threshold", min: 0, max: 1, text: "a number > 0 and <= 1")
                        guard t > 0 else { throw .outOfRange(field: "diversity.duplicate_threshold", expected: "a number > 0 and <= 1") }
                        retrieval.diversity.duplicateThreshold = t
                    }
                }
            default: // prompt
                for (sub, v) in try Self.object(value, key, Self.promptFields) {
                    guard case .string(let text) = v else { throw .wrongType(field: "prompt.\(sub)", expected: "a string") }
                    if sub == "heading" { prompt.header = text }
                    else {
                        guard text.contains("{content}") else { throw .outOfRange(field: "prompt.template", expected: "a line template containing {content}") }
                        prompt.line = text
                    }
                }
            }
        }
    }

    /// The whole settings as the JSON object (every field; what `tune` writes).
    public var json: JSONValue {
        let r = retrieval
        let method: String
        switch r.method {
        case .neighbourBoost: method = "boost"
        case .localPush: method = "push"
        case .exactPageRank: method = "exact"
        case .bestPath: method = "path"
        }
        return .object([
            "method": .string(method), "damping": .number(r.damping), "graph_boost": .number(r.graphBoost),
            "caller_gamma": .number(r.callerGamma), "caller_floor": .number(r.callerFloor), "phrase_weight": .number(r.phraseWeight),
            "min_score": .number(r.minScore), "attribute_scale": .number(r.attributeScale),
            "weights": .object([
                "confidence": .number(r.weights.confidence), "importance": .number(r.weights.importance),
                "recency": .number(r.weights.recency), "valence": .number(r.weights.valence),
                "valence_target": r.weights.valenceTarget.map(JSONValue.number) ?? .null,
                "recency_half_life_days": .number(r.weights.recencyHalfLife / 86_400),
            ]),
            "type_weights": .object(typeWeights.mapValues(JSONValue.number)),
            "bm25": .object(["k1": .number(r.seeds.k1), "b": .number(r.seeds.b)]),
            "diversity": .object(["lambda": .number(r.diversity.lambda), "duplicate_threshold": .number(r.diversity.duplicateThreshold)]),
            "limit": .number(Double(r.limit)), "tokens": .number(Double(tokens)), "explain": .bool(r.explain),
            "prompt": .object(["heading": .string(prompt.header), "template": .string(prompt.line)]),
        ])
    }

    /// ``json`` as pretty, key-sorted text.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(json)) ?? Data(), as: UTF8.self) + "\n"
    }

    // MARK: Typed field readers

    private static func object(_ value: JSONValue, _ field: String, _ known: [String]) throws(RetrievalSettingsError) -> [String: JSONValue] {
        guard case .object(let fields) = value else { throw .wrongType(field: field.isEmpty ? "(settings)" : field, expected: "an object") }
        for key in fields.keys.sorted() where !known.contains(key) {
            throw .unknownField(field: field.isEmpty ? key : "\(field).\(key)", known: known)
        }
        return fields
    }

    private static func number(_ value: JSONValue, _ field: String, min: Double, max: Double, text: String? = nil) throws(RetrievalSettingsError) -> Double {
        let expected = text ?? "a number from \(format(min)) to \(format(max))"
        guard case .number(let n) = value else { throw .wrongType(field: field, expected: expected) }
        guard n.isFinite, n >= min, n <= max else { throw .outOfRange(field: field, expected: expected) }
        return n
    }

    private static func number(_ value: JSONValue, _ field: String, above: Double, below: Double, text: String) throws(RetrievalSettingsError) -> Double {
        guard case .number(let n) = value else { throw .wrongType(field: field, expected: text) }
        guard n.isFinite, n > above, n < below else { throw .outOfRange(field: field, expected: text) }
        return n
    }

    private static func integer(_ value: JSONValue, _ field: String, min: Int, max: Int) throws(RetrievalSettingsError) -> Int {
        let expected = "an integer from \(min) to \(max)"
        guard case .number(let n) = value else { throw .wrongType(field: field, expected: expected) }
        guard n.isFinite, n.rounded() == n, n >= Double(min), n <= Double(max) else { throw .outOfRange(field: field, expected: expected) }
        return Int(n)
    }

    private static func format(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// Why a settings object was refused; ``description`` names the field (dotted path from the object's root).
public enum RetrievalSettingsError: Error, CustomStringConvertible, Equatable, Sendable {
    case unknownField(field: String, known: [String])
    case wrongType(field: String, expected: String)
    case outOfRange(field: String, expected: String)
    /// `type_weights` in a request that differ from those the served index was built with.
    case typeWeightsFixed(served: [String: Double])
    case unreadable(path: String, reason: String)

    public var field: String? {
        switch self {
        case .unknownField(let f, _), .wrongType(let f, _), .outOfRange(let f, _): return f
        case .typeWeightsFixed: return "type_weights"
        case .unreadable: return nil
        }
    }

    /// The message with the field prefixed by `root` ("body.options").
    public func message(root: String) -> String {
        func at(_ f: String) -> String { root.isEmpty ? f : "\(root).\(f)" }
        switch self {
        case .unknownField(let f, let known): return "\(at(f)): unknown option (known: \(known.joined(separator: ", ")))"
        case .wrongType(let f, let expected): return "\(at(f)): expected \(expected)"
        case .outOfRange(let f, let expected): return "\(at(f)): out of range, expected \(expected)"
        case .typeWeightsFixed(let served):
            let map = served.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
            return "\(at("type_weights")): the served index was built with {\(map)}; per-request type weights cannot differ (set them with serve --weights)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        }
    }

    public var description: String { message(root: "") }
}
