@testable import InsightGraph

/// SplitMix64: a seeded generator, so a failing random case can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random retrieval answers whose values are hard to spell in JSON: every control character,
/// quotes, backslashes, slashes, U+2028/2029, emoji; doubles across all magnitudes (subnormals,
/// -0, integral values, the exponent-notation thresholds); extreme ints; nil content and types;
/// empty and long arrays.
struct RetrievalResponseFuzzer {
    var rng: SeededGenerator

    static let alphabet: [Unicode.Scalar] = (0...0x1F).map { Unicode.Scalar(UInt8($0)) }
        + ["\u{7F}", "\"", "\\", "/", "a", "Z", " ", "0", ":", ",", "{", "é", "中", "😀", "\u{2028}", "\u{2029}",
           "\u{FEFF}", "\u{301}", "\u{85}", "\u{FFFF}", "\u{10FFFF}"]

    /// Doubles whose spelling changes form: exponent thresholds, 2^53, extremes, signed zero.
    static let specialDoubles: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 0.5, 2, 10, 100, 1e-5, 1e-4, 9.999e-5, 0.001, 1e15, 1e16, 1e17,
        9_007_199_254_740_992, 9_007_199_254_740_994, 123_456_789_012_345_680, 1e20, 1e21, 1e22, 1e100, -1e-300,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .ulpOfOne, 1 + .ulpOfOne, Double(Int.max), Double(Int.min), 4_294_967_296.5,
    ]

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }

    mutating func string() -> String {
        let count = chance(20) ? Int.random(in: 200...3000, using: &rng) : Int.random(in: 0...24, using: &rng)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count { scalars.append(Self.alphabet.randomElement(using: &rng)!) }
        return String(scalars)
    }

    mutating func optionalString() -> String? { chance(4) ? nil : string() }

    mutating func double() -> Double {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0:
            while true {
                let d = Double(bitPattern: rng.next())
                if d.isFinite { return d }
            }
        case 1: return Double.random(in: 0..<1, using: &rng)
        case 2: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 3: return Double(Int64.random(in: .min ... .max, using: &rng))
        case 4:
            let sign: UInt64 = chance(2) ? 1 << 63 : 0
            return Double(bitPattern: sign | UInt64.random(in: 1..<(1 << 52), using: &rng))
        case 5: return Self.specialDoubles.randomElement(using: &rng)!
        case 6:
            let digit = Double(Int.random(in: 1...9, using: &rng))
            return digit * pow10(Int.random(in: -320...300, using: &rng))
        default:
            return Double.random(in: -1...1, using: &rng) * pow10(Int.random(in: -25...25, using: &rng))
        }
    }

    private func pow10(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result = k < 0 ? result / 10 : result * 10 }
        return result
    }

    mutating func int() -> Int {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Int.random(in: 0...100_000, using: &rng)
        case 1: return Int.random(in: .min ... .max, using: &rng)
        case 2: return [0, -1, 1, Int.max, Int.min, Int(Int32.max) + 1].randomElement(using: &rng)!
        default: return -Int.random(in: 0...1000, using: &rng)
        }
    }

    mutating func ints(upTo n: Int) -> [Int] { (0..<Int.random(in: 0...n, using: &rng)).map { _ in int() } }

    mutating func response() -> (RetrievalResponse, PromptSection, micros: Int) {
        let character = Character(id: int(), name: optionalString(), normalizedName: optionalString())
        let seedCount = chance(5) ? 0 : Int.random(in: 1...64, using: &rng)
        let seeds = (0..<seedCount).map { _ in
            Seed(node: 0, insightId: int(), weight: double(), triggerScore: double(), bm25: double(), callerWeight: double(),
                 matchedTriggers: (0..<Int.random(in: 0...5, using: &rng)).map { _ in string() })
        }
        let resultCount = chance(6) ? 0 : Int.random(in: 1...12, using: &rng)
        let results = (0..<resultCount).map { _ in result() }
        let prompt = PromptSection(text: string(), included: [], omitted: [])
        return (RetrievalResponse(character: character, seeds: seeds, results: results, work: 0), prompt, int())
    }

    mutating func result() -> RetrievedInsight {
        let insight = Insight(id: int(), type: optionalString(), content: optionalString())
        let components = ScoreComponents(graphRaw: double(), graph: double(), confidence: double(), importance: double(),
                                         recency: double(), valence: double(), total: double(), direct: double(), bm25: double(),
                                         phrase: double(), caller: double(), boostFrom: chance(2) ? int() : nil)
        let reaches = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
            SeedReach(insightId: int(), seedWeight: double(), pathStrength: double(), hops: int())
        }
        let path = ints(upTo: 6)
        return RetrievedInsight(id: int(), node: 0, insight: insight, score: double(), components: components, seeds: reaches,
                                path: path, pathTypes: path.dropFirst().map { _ in optionalString() },
                                pathStrength: double(), pathHasContradiction: chance(2), collapsed: ints(upTo: 4))
    }
}

/// Three characters with 200 insights each and random relationships: content and types with
/// quotes, control characters and non-ASCII text, or none; a non-ASCII character name.
func makeRetrievalJSONGraph(seed: UInt64) -> GraphSnapshot {
    var rng = SeededGenerator(seed: seed)
    let words = ["ocean", "reef", "diving", "deadline", "family", "jazz", "guitar", "moon", "tide", "kitchen", "rain", "coffee"]
    let flourishes = ["", " \"quoted\"", " back\\slash", " tab\there", " line\nbreak", " wave 🌊", " sep\u{2028}", " a/b",
                      " bell\u{07}", " café"]
    let types: [String?] = ["preference", "emotional_pattern", "memory_formation", nil, "odd \"type\"\u{1F}"]
    var builder = GraphBuilder()
    for (index, name) in ["elena", "marcus", "zoë"].enumerated() {
        builder.add(Character(id: index + 1, name: name.capitalized, normalizedName: name))
    }
    for id in 1...600 {
        let w1 = words.randomElement(using: &rng)!, w2 = words.randomElement(using: &rng)!
        let content: String? = Int.random(in: 0..<10, using: &rng) == 0
            ? nil : "I remember the \(w1) and the \(w2)\(flourishes.randomElement(using: &rng)!) #\(id)"
        builder.add(Insight(id: id, characterId: 1 + id % 3, type: types.randomElement(using: &rng)!, content: content,
                            confidence: Bool.random(using: &rng) ? Double.random(in: 0...1, using: &rng) : nil,
                            discoveryDate: Bool.random(using: &rng)
                                ? Timestamp(microsecondsSinceEpoch: Int64.random(in: 1_600_000_000_000_000...1_750_000_000_000_000, using: &rng))
                                : nil,
                            importance: Bool.random(using: &rng) ? Int.random(in: 1...10, using: &rng) : nil,
                            emotionalValence: Bool.random(using: &rng) ? Double.random(in: -1...1, using: &rng) : nil,
                            triggers: [w1, w2]))
    }
    let relationshipTypes: [String?] = ["supports", "leads_to", "contradicts", nil]
    for id in 1...1500 {
        let from = Int.random(in: 1...600, using: &rng)
        let to = 1 + (from - 1 + 3 * Int.random(in: 1...199, using: &rng)) % 600  // same character
        builder.add(Relationship(id: id, fromInsightId: from, toInsightId: to, type: relationshipTypes.randomElement(using: &rng)!,
                                 strength: Double.random(in: 0.05...1, using: &rng)))
    }
    return builder.build()
}
