import Testing
@testable import InsightGraph
import GraphTestSupport

/// An incremental refresh (``GraphSnapshot/patched(_:isPartialSelection:)`` plus
/// ``RetrievalIndex/init(snapshot:reusing:)``) must give exactly what a full rebuild of the same rows
/// gives: every snapshot array, the trigger dictionaries, the anomaly report, every index array and
/// the retrieval answers. Randomized insert/update/delete change sets, chained refresh after refresh.
@Suite struct SnapshotPatchTests {
    /// A small deterministic generator (SplitMix64), so a failure names a reproducible seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    }

    static let words = ["ocean", "reef", "Marine", "conservation", "jazz", "music", "trust", "data", "hope",
                        "science", "stories", "Café", "naïve", "coral", "family", "work"]
    static let types: [String?] = ["supports", "builds_on", "contradicts", nil, "relates_to"]

    func insight(_ id: Int, _ random: inout Random) -> Insight {
        let character: Int? = random.chance(0.04) ? nil : (random.chance(0.04) ? 99 : random.int(1..<5))
        let length = random.int(0..<7)
        let content: String? = random.chance(0.03) ? nil
            : (0..<length).map { _ in random.pick(Self.words) }.joined(separator: " ")
        var triggers: [String?]? = nil
        if !random.chance(0.2) {
            triggers = (0..<random.int(0..<4)).map { _ in
                random.chance(0.05) ? nil : (0..<random.int(1..<3)).map { _ in random.pick(Self.words) }.joined(separator: " ")
            }
        }
        return Insight(id: id, characterId: character, type: "preference", content: content,
                       confidence: random.chance(0.05) ? 1.5 : Double(random.int(0..<100)) / 100,
                       discoveryDate: Timestamp(microsecondsSinceEpoch: Int64(random.int(0..<1_000_000)) * 1_000_000),
                       importance: random.chance(0.05) ? 11 : random.int(1..<11),
                       emotionalValence: random.chance(0.3) ? nil : Double(random.int(-100..<100)) / 100,
                       triggers: triggers)
    }

    func relationship(_ id: Int, insightIds: [Int], _ random: inout Random) -> Relationship {
        func end() -> Int? { random.chance(0.02) ? nil : (random.chance(0.03) ? 100_000 + id : random.pick(insightIds)) }
        let strength: Double? = random.chance(0.05) ? nil
            : random.chance(0.05) ? .nan : random.chance(0.05) ? -0.5 : random.chance(0.05) ? 2 : Double(random.int(0..<100)) / 100
        return Relationship(id: id, fromInsightId: end(), toInsightId: end(), type: random.pick(Self.types), strength: strength,
                            createdDate: random.chance(0.1) ? nil : Timestamp(microsecondsSinceEpoch: Int64(id) * 1000))
    }

    func event(_ id: Int, _ random: inout Random) -> LearningEvent {
        LearningEvent(id: id, characterId: random.chance(0.1) ? nil : random.int(1..<6), event: "learned \(id)",
                      learningDate: random.chance(0.2) ? nil : Timestamp(microsecondsSinceEpoch: Int64(random.int(0..<50)) * 1000),
                      significance: 0.5)
    }

    /// What the refresh used to do (and still does when characters change): every row through the builder.
    func rebuild(_ old: GraphSnapshot, _ patch: SnapshotPatch, isPartialSelection: Bool) -> GraphSnapshot {
        let insights = Set(patch.insights.map(\.id)).union(patch.deletedInsightIds)
        let relationships = Set(patch.relationships.map(\.id)).union(patch.deletedRelationshipIds)
        let events = Set(patch.learningEvents.map(\.id)).union(patch.deletedLearningEventIds)
        var builder = GraphBuilder(isPartialSelection: isPartialSelection)
        for character in old.characters { builder.add(character) }
        for row in old.insights where !insights.contains(row.id) { builder.add(row) }
        for row in patch.insights { builder.add(row) }
        for e in 0..<old.edgeCount where !relationships.contains(old.edgeIds[e]) { builder.add(old.relationship(at: EdgeIndex(e))) }
        for row in patch.relationships { builder.add(row) }
        for row in old.learningEvents where !events.contains(row.id) { builder.add(row) }
        for row in patch.learningEvents { builder.add(row) }
        return builder.build()
    }

    func randomPatch(_ snapshot: GraphSnapshot, nextId: inout Int, _ random: inout Random) -> SnapshotPatch {
        var patch = SnapshotPatch()
        let insightIds = snapshot.insights.map(\.id)
        var used = Set<Int>()
        for _ in 0..<random.int(0..<4) {  // inserts
            patch.insights.append(insight(nextId, &random)); nextId += 1
        }
        for _ in 0..<random.int(0..<4) where !insightIds.isEmpty {  // updates: some keep content and triggers
            let id = random.pick(insightIds)
            guard used.insert(id).inserted else { continue }
            var row = insight(id, &random)
            if random.chance(0.4), let node = snapshot.node(forInsightId: id) {
                let old = snapshot.insight(at: node)
                row.content = old.content; row.triggers = old.triggers
                if random.chance(0.5) { row.characterId = old.characterId }
            }
            patch.insights.append(row)
        }
        for _ in 0..<random.int(0..<3) where !insightIds.isEmpty {
            let id = random.pick(insightIds)
            if used.insert(id).inserted { patch.deletedInsightIds.insert(id) }
        }
        patch.deletedInsightIds.insert(nextId + 7)  // an id that is not loaded
        let ends = insightIds + patch.insights.map(\.id)
        var usedEdges = Set<Int>()
        for _ in 0..<random.int(0..<5) {
            patch.relationships.append(relationship(nextId, insightIds: ends, &random)); nextId += 1
        }
        for _ in 0..<random.int(0..<4) where snapshot.edgeCount > 0 {
            let id = snapshot.edgeIds[random.int(0..<snapshot.edgeCount)]
            if usedEdges.insert(id).inserted {
                if random.chance(0.5) {
                    patch.relationships.append(relationship(id, insightIds: ends, &random))
                } else {
                    patch.deletedRelationshipIds.insert(id)
                }
            }
        }
        if random.chance(0.15) {  // relationships (and the timeline) only: the node arrays are kept as they are
            patch.insights = []
            patch.deletedInsightIds = []
            patch.relationships.removeAll { $0.fromInsightId.map { !insightIds.contains($0) } ?? false }
        } else if random.chance(0.3) {  // insights only: the edges are kept (shared) unless an end is gone
            patch.relationships = []
            patch.deletedRelationshipIds = []
            if random.chance(0.5) { patch.deletedInsightIds = [] }
        }
        if random.chance(0.3) { patch.learningEvents.append(event(nextId, &random)); nextId += 1 }
        if random.chance(0.2), let row = snapshot.learningEvents.first { patch.deletedLearningEventIds.insert(row.id) }
        if random.chance(0.2), let row = snapshot.learningEvents.last, !patch.deletedLearningEventIds.contains(row.id) {
            patch.learningEvents.append(event(row.id, &random))
        }
        return patch
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func incrementalRefreshEqualsFullRebuild(seed: Int) throws {
        var random = Random(state: UInt64(seed))
        var builder = GraphBuilder()
        for c in 1..<5 { builder.add(Character(id: c, name: "C\(c)", normalizedName: c == 4 ? nil : "c\(c)")) }
        var nextId = 1
        var ids: [Int] = []
        for _ in 0..<random.int(30..<80) { builder.add(insight(nextId, &random)); ids.append(nextId); nextId += 1 }
        for _ in 0..<random.int(40..<160) { builder.add(relationship(nextId, insightIds: ids, &random)); nextId += 1 }
        for _ in 0..<6 { builder.add(event(nextId, &random)); nextId += 1 }
        var snapshot = builder.build()
        var index = RetrievalIndex(snapshot: snapshot)
        for round in 0..<40 {
            let patch = randomPatch(snapshot, nextId: &nextId, &random)
            let partial = seed % 2 == 0  // a scoped instance: missing ends count as outside the selection
            let expected = rebuild(snapshot, patch, isPartialSelection: partial)
            let patched = try #require(snapshot.patched(patch, isPartialSelection: partial))
            try expectIdentical(patched, expected, "seed \(seed) round \(round)")
            let reused = RetrievalIndex(snapshot: patched, reusing: index)
            let fresh = RetrievalIndex(snapshot: expected)
            try expectIdentical(reused, fresh, "seed \(seed) round \(round)")
            snapshot = patched
            index = reused
        }
    }

    @Test func patchWithTwoRowsOfOneIdIsLeftToTheBuilder() {
        var builder = GraphBuilder()
        builder.add(Character(id: 1, name: "A", normalizedName: "a"))
        builder.add(Insight(id: 1, characterId: 1, content: "x"))
        var patch = SnapshotPatch()
        patch.insights = [Insight(id: 2, characterId: 1, content: "y"), Insight(id: 2, characterId: 1, content: "z")]
        #expect(builder.build().patched(patch, isPartialSelection: false) == nil)
    }

    func expectIdentical(_ a: GraphSnapshot, _ b: GraphSnapshot, _ context: String) throws {
        let where_ = Comment(rawValue: context)
        #expect(a.characters == b.characters, where_)
        #expect(a.characterIndexById == b.characterIndexById, where_)
        #expect(a.characterIndexByName == b.characterIndexByName, where_)
        #expect(a.characterNodeRanges == b.characterNodeRanges, where_)
        #expect(a.insights == b.insights, where_)  // the generator makes no NaN in insights
        #expect(a.nodeCharacter == b.nodeCharacter, where_)
        #expect(a.nodeIndexById == b.nodeIndexById, where_)
        #expect(a.triggerIndex == b.triggerIndex, where_)
        #expect(a.edgeIds == b.edgeIds, where_)
        #expect(a.edgeFrom == b.edgeFrom, where_)
        #expect(a.edgeTo == b.edgeTo, where_)
        #expect(a.edgeTypeCodes == b.edgeTypeCodes, where_)
        #expect(a.edgeStrengths.map(\.bitPattern) == b.edgeStrengths.map(\.bitPattern), where_)
        #expect(a.edgeStrengthIsNull == b.edgeStrengthIsNull, where_)
        #expect(a.edgeCreatedMicros == b.edgeCreatedMicros, where_)
        #expect(a.edgeFlags == b.edgeFlags, where_)
        #expect(a.relationshipTypes == b.relationshipTypes, where_)
        #expect(a.outOffsets == b.outOffsets && a.inOffsets == b.inOffsets, where_)
        #expect(a.outAdjacency.map(\.bits) == b.outAdjacency.map(\.bits), where_)
        #expect(a.inAdjacency.map(\.bits) == b.inAdjacency.map(\.bits), where_)
        #expect(a.learningEvents == b.learningEvents, where_)
        #expect(a.timelineRanges == b.timelineRanges, where_)
        #expect(a.anomalies == b.anomalies, where_)
        #expect(a.anomalies.total > 0, "the generator makes anomalies of many kinds")
    }

    func expectIdentical(_ a: RetrievalIndex, _ b: RetrievalIndex, _ context: String) throws {
        let where_ = Comment(rawValue: context)
        #expect(a.textParts == b.textParts, where_)
        for (x, y) in [(a.walk, b.walk), (a.reverseWalk, b.reverseWalk)] {
            #expect(x.offsets == y.offsets && x.neighbors == y.neighbors && x.edges == y.edges, where_)
            #expect(x.weights.map(\.bitPattern) == y.weights.map(\.bitPattern), where_)
            #expect(x.degrees.map(\.bitPattern) == y.degrees.map(\.bitPattern), where_)
            #expect(x.transition.map(\.bitPattern) == y.transition.map(\.bitPattern), where_)
            #expect(x.pushDegrees.map(\.bitPattern) == y.pushDegrees.map(\.bitPattern), where_)
            #expect(x.pushEntries.map { "\($0.neighbor):\($0.factor.bitPattern)" } == y.pushEntries.map { "\($0.neighbor):\($0.factor.bitPattern)" }, where_)
        }
        func bits(_ row: ScoringColumns) -> [UInt64] {
            [row.confidence.bitPattern, row.importance.bitPattern, row.discoveryMicros.bitPattern, row.valence.bitPattern]
        }
        #expect(a.scoring.map(bits) == b.scoring.map(bits), where_)
        // And the answers, explanations included.
        let ra = Retriever(index: a), rb = Retriever(index: b)
        for c in a.snapshot.characters.compactMap(\.normalizedName) {
            for message in ["ocean reef", "marine conservation jazz", "café naive trust", "hope data science stories"] {
                let x = try ra.retrieve(character: c, message: message)
                let y = try rb.retrieve(character: c, message: message)
                #expect(x.results.map(\.id) == y.results.map(\.id), where_)
                #expect(x.results.map(\.score.bitPattern) == y.results.map(\.score.bitPattern), where_)
                #expect(x.results.map(\.path) == y.results.map(\.path), where_)
                #expect(x.seeds == y.seeds, where_)
            }
        }
    }
}

extension Adjacency {
    /// Every field, the weight by bit pattern (NaN-safe).
    var bits: String { "\(node):\(edge):\(weight.bitPattern)" }
}
