import Testing
@testable import InsightGraph

/// ``NodeRangeSet`` gives local walks their numbering: a member's position must be its index in the
/// sorted members, and a non-member must have none, at every word boundary of the bits.
@Suite struct NodeRangeSetTests {
    @Test(arguments: [(0, 1), (5, 64), (100, 65), (7, 130), (1_000, 3_000)])
    func positionsAreRanksAmongTheMembers(lowerBound: Int, count: Int) {
        var generator = SplitMix64(seed: UInt64(lowerBound * 7_919 + count))
        let range = NodeIndex(lowerBound)..<NodeIndex(lowerBound + count)
        var set = NodeRangeSet(range: range)
        var expected = Set<NodeIndex>()
        // Both ends of the range and random members (some inserted twice).
        for node in [range.lowerBound, range.upperBound - 1] + (0..<count / 3).map({ _ in
            range.lowerBound + NodeIndex(generator.next() % UInt64(count))
        }) {
            #expect(set.insert(node) == expected.insert(node).inserted)
        }
        set.index()
        let sorted = expected.sorted()
        #expect(set.members == sorted)
        for node in range {
            #expect(set.contains(node) == expected.contains(node))
            #expect(set.position(of: node) == sorted.firstIndex(of: node).map(Int32.init))
        }
    }
}
