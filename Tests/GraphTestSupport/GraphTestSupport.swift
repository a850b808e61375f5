import InsightGraph

/// Small graphs for retrieval tests: one character "a" (id 1) unless said otherwise.
public struct TestGraph {
    public var builder = GraphBuilder()

    public init(characters: [(Int, String)] = [(1, "a")]) {
        for (id, name) in characters { builder.add(Character(id: id, name: name, normalizedName: name)) }
    }

    public mutating func insight(_ id: Int, character: Int = 1, content: String? = nil, confidence: Double? = 0.5,
                          importance: Int? = 5, triggers: [String?]? = nil, valence: Double? = nil,
                          discovered: Timestamp? = nil) {
        builder.add(Insight(id: id, characterId: character, content: content ?? "insight \(id)",
                            confidence: confidence, discoveryDate: discovered, importance: importance,
                            emotionalValence: valence, triggers: triggers))
    }

    private var nextEdge = 1

    public mutating func edge(_ from: Int, _ to: Int, _ strength: Double?, type: String? = "supports", id: Int? = nil) {
        let edgeId = id ?? nextEdge
        nextEdge = max(nextEdge, edgeId) + 1
        builder.add(Relationship(id: edgeId, fromInsightId: from, toInsightId: to, type: type, strength: strength))
    }

    public mutating func build() -> GraphSnapshot { builder.build() }
}

/// The core's deterministic generator, so random-graph tests are reproducible.
public typealias SplitMix = SplitMix64

/// A random multi-character graph with every kind of row the benchmark workload must handle:
/// parallel relationships, both directions, self-loops, cross-character edges, NULL/NaN/weak/over-1
/// strengths, NULL confidences, triggers with mixed case. Rows come in the order given by `shuffle`.
public func randomGraph(seed: UInt64, characters: Int = 3, insights: Int = 120, relationships: Int = 500,
                 shuffle: Bool = false) -> (rows: GraphRows, snapshot: GraphSnapshot) {
    var rng = SplitMix(seed: seed)
    let words = ["ocean", "reef", "music", "jazz", "hope", "trust", "family", "data", "ai", "forest"]
    var rows = GraphRows()
    for c in 1...characters { rows.characters.append(Character(id: c, name: "C\(c)", normalizedName: "c\(c)")) }
    for i in 1...insights {
        let c = Int.random(in: 1...characters, using: &rng)
        var triggers: [String?] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let w = words.randomElement(using: &rng)!
            triggers.append(Bool.random(using: &rng) ? w.uppercased() : w)
        }
        let confidence: Double? = Int.random(in: 0..<10, using: &rng) == 0 ? nil : Double(Int.random(in: 300...1000, using: &rng)) / 1000
        rows.insights.append(Insight(id: i, characterId: c, content: "i\(i)", confidence: confidence, triggers: triggers))
    }
    let characterOf = Dictionary(uniqueKeysWithValues: rows.insights.map { ($0.id, $0.characterId!) })
    for r in 1...relationships {
        let a = Int.random(in: 1...insights, using: &rng)
        var b = Int.random(in: 1...insights, using: &rng)
        let kind = Int.random(in: 0..<20, using: &rng)
        if kind < 15 {  // mostly inside a character
            let same = rows.insights.filter { characterOf[$0.id] == characterOf[a] }.map(\.id)
            b = same.randomElement(using: &rng)!
        }
        if kind == 15 { b = a }
        let strength: Double?
        switch Int.random(in: 0..<25, using: &rng) {
        case 0: strength = nil
        case 1: strength = .nan
        case 2: strength = 1.5
        case 3: strength = 0.3
        default: strength = Double(Int.random(in: 0...1000, using: &rng)) / 1000
        }
        let types = ["supports", "contradicts", "leads_to", "builds_on"]
        rows.relationships.append(Relationship(id: r, fromInsightId: a, toInsightId: b,
                                               type: types.randomElement(using: &rng), strength: strength))
    }
    if shuffle {
        rows.insights.shuffle(using: &rng)
        rows.relationships.shuffle(using: &rng)
        rows.characters.reverse()
    }
    var builder = GraphBuilder()
    rows.characters.forEach { builder.add($0) }
    rows.insights.forEach { builder.add($0) }
    rows.relationships.forEach { builder.add($0) }
    return (rows, builder.build())
}

public struct GraphRows {
    public var characters: [Character] = []
    public var insights: [Insight] = []
    public var relationships: [Relationship] = []
    public init() {}
}
