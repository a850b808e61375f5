/// Classic BM25 (Robertson & Zaragoza 2009; k1 1.2, b 0.75) over each character's insights,
/// content and triggers, with plain folded tokens: no stop words, no stemming. The baseline the
/// shipped ranking must beat; per character, like retrieval (N, df and avgdl within the character).
public final class PlainBM25Ranker {
    private struct CharacterIndex {
        var ids: [Int]
        var documents: [[String: Int]]
        var lengths: [Double]
        var averageLength: Double
        var frequency: [String: Int]
    }

    private let snapshot: GraphSnapshot
    private var characters: [Int: CharacterIndex] = [:]
    public var k1 = 1.2
    public var b = 0.75

    public init(snapshot: GraphSnapshot) { self.snapshot = snapshot }

    /// The character's insight ids with a score above 0 for `message`, best first (ties: lower id).
    public func rank(character name: String, message: String, limit: Int) -> [Int] {
        guard let c = snapshot.characterIndex(named: name) else { return [] }
        let index = characterIndex(c)
        let n = Double(index.ids.count)
        var scores = [Double](repeating: 0, count: index.ids.count)
        var seen = Set<String>()
        for term in Tokenizer.foldedTokens(message) where seen.insert(term).inserted {
            guard let df = index.frequency[term] else { continue }
            let idf = naturalLog(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
            for (d, document) in index.documents.enumerated() {
                guard let tf = document[term].map(Double.init) else { continue }
                scores[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * index.lengths[d] / index.averageLength))
            }
        }
        let order = scores.indices.filter { scores[$0] > 0 }.sorted {
            scores[$0] != scores[$1] ? scores[$0] > scores[$1] : index.ids[$0] < index.ids[$1]
        }
        return order.prefix(max(0, limit)).map { index.ids[$0] }
    }

    private func characterIndex(_ c: Int) -> CharacterIndex {
        if let known = characters[c] { return known }
        var index = CharacterIndex(ids: [], documents: [], lengths: [], averageLength: 1, frequency: [:])
        for u in snapshot.nodes(ofCharacter: c) {
            let insight = snapshot.insights[Int(u)]
            var tokens = Tokenizer.foldedTokens(insight.content ?? "")
            for case let trigger? in insight.triggers ?? [] { tokens += Tokenizer.foldedTokens(trigger) }
            var counts: [String: Int] = [:]
            for t in tokens { counts[t, default: 0] += 1 }
            for t in counts.keys { index.frequency[t, default: 0] += 1 }
            index.ids.append(insight.id)
            index.documents.append(counts)
            index.lengths.append(Double(tokens.count))
        }
        let total = index.lengths.reduce(0, +)
        index.averageLength = index.ids.isEmpty ? 1 : max(1, total / Double(index.ids.count))
        characters[c] = index
        return index
    }
}

/// Random order of a character's insights, reproducible: the generator is seeded with `seed` mixed
/// with a hash (FNV-1a) of the character and the message. The floor every ranker must clear.
public struct SeededRandomRanker {
    public var seed: UInt64
    private let snapshot: GraphSnapshot

    public init(snapshot: GraphSnapshot, seed: UInt64) {
        self.snapshot = snapshot
        self.seed = seed
    }

    public func rank(character name: String, message: String, limit: Int) -> [Int] {
        guard let c = snapshot.characterIndex(named: name) else { return [] }
        var ids = snapshot.nodes(ofCharacter: c).map { snapshot.insights[Int($0)].id }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (name + "\u{0}" + message).utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var random = SplitMix64(seed: seed ^ hash)
        ids.shuffle(using: &random)
        return Array(ids.prefix(max(0, limit)))
    }
}
