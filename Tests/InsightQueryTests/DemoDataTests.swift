import DemoGraph
import Testing
@testable import InsightQuery

@Suite struct DemoDataTests {
    @Test func readsTheWholeDemoFile() {
        let g = DemoData.graph
        #expect(g.characters.count == 4)
        #expect(g.nodeCount == 122)
        #expect(g.edgeCount == 239)
        #expect(g.learningEvents.count == 29)
        #expect(g.anomalies.total == g.anomalies.count(.relationshipParallelDuplicate))
    }
}
