import Testing
@testable import InsightGraph

/// `Insight` keeps its heap-held columns in one shared box; it must still behave as a value.
@Suite struct InsightValueTests {
    let row = Insight(id: 7, characterId: 1, type: "emotional_pattern", content: "I light up when people talk about the ocean",
                      conversationContext: "a long conversation about tide pools", triggers: ["ocean", nil],
                      supportingEvidence: ["said so twice"])

    @Test func aSetterChangesTheCopyOnly() {
        var copy = row
        #expect(copy.sharesText(with: row))
        copy.content = "Something else entirely, long enough to live on the heap"
        copy.triggers?.append("reef")
        #expect(!copy.sharesText(with: row))
        #expect(row.content == "I light up when people talk about the ocean")
        #expect(row.triggers == ["ocean", nil])
        #expect(copy.triggers == ["ocean", nil, "reef"])
        #expect(copy.type == "emotional_pattern" && copy.conversationContext == row.conversationContext)
    }

    @Test func equalityAndHashingFollowTheColumnsNotTheBox() {
        let twin = Insight(id: 7, characterId: 1, type: "emotional_pattern", content: "I light up when people talk about the ocean",
                           conversationContext: "a long conversation about tide pools", triggers: ["ocean", nil],
                           supportingEvidence: ["said so twice"])
        #expect(!twin.sharesText(with: row))
        #expect(twin == row)
        #expect(twin.hashValue == row.hashValue)
        for change in [{ (r: inout Insight) in r.type = nil }, { $0.content = nil }, { $0.conversationContext = "x" },
                       { $0.triggers = nil }, { $0.supportingEvidence = [] }] {
            var other = row
            change(&other)
            #expect(other != row)
        }
    }

    @Test func aUniquelyOwnedRowIsChangedInPlace() {
        var only = Insight(id: 1, content: "first")
        let before = only
        only.content = "second"  // `before` still shares the box: copied
        var alone = only
        alone.type = "x"  // `only` shares it: copied again
        #expect(before.content == "first" && only.content == "second" && only.type == nil && alone.type == "x")
    }

    /// README (Graph model) quotes these sizes.
    @Test func aRowIs96BytesPlusOneBox() {
        #expect(MemoryLayout<Insight>.stride == 96)
    }
}
