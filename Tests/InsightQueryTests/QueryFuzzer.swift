import Foundation

/// Random and mutated IGQ text for robustness tests: grammar-driven queries (mostly valid, with
/// deliberate misspellings and type mix-ups) and byte-level mutations of the example queries.
struct QueryFuzzer {
    /// SplitMix64: tiny, fast and reproducible from a seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    var random: Random
    let examples: [String]

    init(seed: UInt64, examples: [String]) {
        random = Random(state: seed)
        self.examples = examples
    }

    static let fields = ["id", "type", "content", "confidence", "importance", "emotional_valence", "discovery_date",
                         "triggers", "character", "conversation_context", "supporting_evidence", "confidnce", "strength",
                         "Type", "insight_type", "valence", "from_type", "created_date", "significance"]
    static let values = ["0.6", "1", "-0.5", "'preference'", "'emotional_pattern'", "'o\\'cean'", "2025-01-01",
                         "2025-03-01T12:00:00Z", "30d", "NULL", "$message", "$n", "$missing", "'é'", "1e-3", "'2025-01-01'",
                         "[1, 2]", "('a', 'b')", "99999999999"]
    static let operators = ["=", "!=", "<", "<=", ">", ">=", "<>", "IN", "NOT IN", "CONTAINS", "MATCHES", "IS NULL",
                            "IS NOT NULL", "==", "LIKE"]
    static let types = ["supports", "builds_on", "leads_to", "contradicts", "suports", "'supports'", "causes"]
    static let characters = ["'elena'", "'marcus'", "'jake'", "'tomas'", "'Elena Rodriguez'", "'elenna'", "$who", "'x'"]
    static let noise = ["(", ")", "'", "\"", "\\", "$", "--", "\n", "0", "-", ".", "e", "2025-13-45", "30x", "NOT",
                        "AND", "OR", "WHERE", "\u{0}", "\u{1F600}", "é", "\t", "[", "]", ",", ":", "*", "+", "=", "!=",
                        "<>", "99999999999999999999999", "1e999", "\u{202E}", "EXPLAIN", "FROM", "HOPS", "\r\n", ";",
                        "\\u{110000}", "\\u{", "SEED", "RANK BY", "ppr(", "GROUP BY", "bucket(", "$", "'unterminated"]

    mutating func next() -> String {
        random.chance(50) ? generate() : mutate(random.pick(examples))
    }

    // MARK: Grammar-driven

    mutating func condition(depth: Int = 0) -> String {
        if depth < 3 && random.chance(35) {
            let op = random.pick(["AND", "OR"])
            return (random.chance(30) ? "NOT " : "") + "(" + condition(depth: depth + 1) + " \(op) " + condition(depth: depth + 1) + ")"
        }
        if random.chance(8) { return "TRIGGERED BY " + random.pick(["$message", "'ocean storm'", "''"]) }
        let op = random.pick(Self.operators)
        let field = random.pick(Self.fields)
        switch op {
        case "IS NULL", "IS NOT NULL": return "\(field) \(op)"
        case "IN", "NOT IN": return "\(field) \(op) (" + (0..<random.below(4)).map { _ in random.pick(Self.values) }.joined(separator: ", ") + ")"
        default: return "\(field) \(op) \(random.pick(Self.values))"
        }
    }

    mutating func walk() -> String {
        var parts: [String] = []
        if random.chance(50) { parts.append("VIA " + (0...random.below(2)).map { _ in random.pick(Self.types) }.joined(separator: ", ")) }
        if random.chance(30) { parts.append("MIN STRENGTH " + random.pick(["0.3", "0", "-1", "'x'", "$min"])) }
        if random.chance(40) { parts.append(random.pick(["OUT", "IN", "BOTH"])) }
        if random.chance(15) { parts.append("EDGES WHERE " + condition()) }
        return parts.joined(separator: " ")
    }

    mutating func rank() -> String {
        func factor(_ r: inout Random) -> String {
            r.pick(["ppr", "ppr(damping: 0.85)", "ppr(damping: 1.5)", "recency(half_life: 90d)", "recency(half_life: 3)",
                    "confidence", "importance", "seed", "proximity", "0.5", "content", "pagerank", "recency(now: 2025-01-01)"])
        }
        return (0...random.below(3)).map { _ in factor(&random) }.joined(separator: random.pick([" * ", " + "]))
    }

    mutating func generate() -> String {
        var q = random.chance(10) ? "EXPLAIN " : ""
        switch random.below(7) {
        case 0, 1, 2:
            q += "FROM " + (random.chance(20) ? "ALL" : "CHARACTER " + random.pick(Self.characters))
            if random.chance(60) {
                q += " SEED " + random.pick(["MESSAGE $message", "TRIGGER 'ocean'", "INSIGHT 101", "INSIGHT 999 WEIGHT 2",
                                             "MESSAGE 'storm at sea'", "TRIGGER 'storm', INSIGHT 403 WEIGHT 0.5"])
            }
            if random.chance(60) { q += " WHERE " + condition() }
            if random.chance(50) { q += " EXPAND \(random.pick(["1", "2", "3", "7", "-1", "$n"])) HOPS " + walk() }
            if random.chance(50) { q += " RANK BY " + rank() + random.pick(["", " ASC", " DESC"]) }
            if random.chance(25) { q += " DIVERSIFY " + random.pick(["0.7", "0", "1", "2"]) }
            if random.chance(50) { q += " LIMIT " + random.pick(["8", "0", "$n", "100000"]) }
            if random.chance(50) { q += " RETURN " + random.pick(["*", "id, why", "id, score", "contnet", "id, hops, seed"]) }
        case 3: q += "PATH FROM INSIGHT \(random.pick(["101", "103", "999", "$n"])) TO INSIGHT \(random.pick(["130", "102", "101"])) " + walk()
            + (random.chance(50) ? " MAX HOPS \(random.pick(["3", "9", "0"]))" : "")
        case 4: q += "NEIGHBOURHOOD OF INSIGHT \(random.pick(["301", "101", "7"])) WITHIN \(random.pick(["1", "2", "6"])) HOPS " + walk()
            + (random.chance(40) ? " WHERE " + condition() : "") + (random.chance(30) ? " LIMIT 3" : "")
        case 5: q += "COUNT " + random.pick(["INSIGHTS", "RELATIONSHIPS"]) + (random.chance(50) ? " FROM CHARACTER " + random.pick(Self.characters) : "")
            + (random.chance(40) ? " WHERE " + condition() : "")
            + (random.chance(60) ? " GROUP BY " + random.pick(["type", "character", "bucket(strength, 0.1)", "bucket(discovery_date, 30d)",
                                                             "bucket(confidence, 0)", "triggers", "from_type, to_type"]) : "")
        default:
            if random.chance(50) {
                q += "TIMELINE OF CHARACTER " + random.pick(Self.characters)
                    + random.pick(["", " BETWEEN 2025-01-01 AND 2025-06-01", " SINCE 2025-03-01", " BETWEEN 2025-06-01 AND 2025-01-01"])
                    + (random.chance(30) ? " WHERE significance > 0.5" : "")
            } else {
                q += "CONTRADICTIONS" + (random.chance(50) ? " FROM CHARACTER " + random.pick(Self.characters) : "")
                    + (random.chance(40) ? " MIN STRENGTH 0.4" : "") + (random.chance(30) ? " WHERE " + condition() : "")
            }
        }
        return random.chance(20) ? q.lowercased() : q
    }

    // MARK: Mutations

    mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0...random.below(4) {
            let at = random.below(scalars.count + 1)
            switch random.below(6) {
            case 0 where !scalars.isEmpty:
                let end = min(scalars.count, at + 1 + random.below(12))
                if at < end { scalars.removeSubrange(at..<end) }
            case 1, 2:
                scalars.insert(contentsOf: random.pick(Self.noise).unicodeScalars, at: at)
            case 3 where !scalars.isEmpty:
                let start = random.below(scalars.count)
                let slice = scalars[start..<min(scalars.count, start + 1 + random.below(30))]
                scalars.insert(contentsOf: slice, at: at)
            case 4:
                scalars = Array(scalars.prefix(at))
            default:
                if at < scalars.count { scalars[at] = Unicode.Scalar(UInt8(random.below(128))) }
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}
