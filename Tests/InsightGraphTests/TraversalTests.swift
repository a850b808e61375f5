import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct TraversalTests {
    /// 1→2 supports 0.9, 2→3 leads_to 0.4, 4→1 contradicts 0.8, 1→9 (other character), 3→3 loop.
    func graph() -> GraphSnapshot {
        var g = TestGraph(characters: [(1, "a"), (2, "b")])
        for i in 1...4 { g.insight(i) }
        g.insight(9, character: 2)
        g.edge(1, 2, 0.9, type: "supports")
        g.edge(2, 3, 0.4, type: "leads_to")
        g.edge(4, 1, 0.8, type: "contradicts")
        g.edge(1, 9, 0.9)
        g.edge(3, 3, 0.9)
        return g.build()
    }

    @Test func kHopNeighbourhood() {
        let s = graph()
        func ids(_ r: [Reached]) -> [[Int]] { r.map { [s.insights[Int($0.node)].id, $0.hops] } }
        #expect(ids(s.neighbourhood(of: [0], hops: 1)) == [[1, 0], [2, 1], [4, 1]])
        #expect(ids(s.neighbourhood(of: [0], hops: 2)) == [[1, 0], [2, 1], [4, 1], [3, 2]])
        #expect(ids(s.neighbourhood(of: [0], hops: 2, filter: TraversalFilter(direction: .outgoing))) == [[1, 0], [2, 1], [3, 2]])
        #expect(ids(s.neighbourhood(of: [0], hops: 2, filter: TraversalFilter(direction: .incoming))) == [[1, 0], [4, 1]])
        #expect(ids(s.neighbourhood(of: [0], hops: 3, filter: TraversalFilter(types: ["supports", "leads_to"]))) == [[1, 0], [2, 1], [3, 2]])
        #expect(ids(s.neighbourhood(of: [0], hops: 3, filter: TraversalFilter(minimumStrength: 0.5))) == [[1, 0], [2, 1], [4, 1]])
        #expect(s.neighbourhood(of: [0], hops: 5, filter: TraversalFilter(maxNodes: 2)).count == 2)
        #expect(ids(s.neighbourhood(of: [2], hops: 0)) == [[3, 0]])
    }

    /// Both ways of listing a walk's nodes in order (sweeping a character's range, or sorting) give
    /// the sorted visit list.
    @Test(arguments: 1...6)
    func visitedNodesAscending(seed: Int) {
        let g = randomGraph(seed: UInt64(seed), characters: 2, insights: 120, relationships: 600).snapshot
        let range = g.nodes(ofCharacter: 0)
        let walk = g.breadthFirst(from: [range.lowerBound, range.upperBound - 1], maxHops: seed % 4,
                                  mask: EdgeMask(nodes: range))
        let expected = walk.order.map(\.node).sorted()
        #expect(walk.nodesAscending(within: range) == expected)
        #expect(walk.nodesAscending(within: nil) == expected)
        #expect(walk.nodesAscending(within: 0..<NodeIndex(g.nodeCount)) == expected)
    }
}
