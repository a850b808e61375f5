import Testing
import InsightGraph
import GraphTestSupport

/// ``InsightNumberColumns`` stands in for reading each insight: every node's entry must be the
/// stored value, NULL as 0 and NaN as NaN, for each field.
@Suite struct InsightNumberColumnsTests {
    @Test func columnsHoldTheStoredValuesWithNullAsZero() {
        var graph = TestGraph()
        graph.insight(1, confidence: 0.9, importance: 7, valence: -0.5)
        graph.insight(2, confidence: nil, importance: nil, valence: nil)
        graph.insight(3, confidence: .nan, importance: 11, valence: .nan)
        graph.insight(4, confidence: 1.5, importance: -2, valence: 3)
        let snapshot = graph.build()
        let numbers = InsightNumberColumns(snapshot: snapshot)
        for field in InsightNumberField.allCases {
            let column = numbers.column(field)
            #expect(column.count == snapshot.nodeCount)
            for (node, insight) in snapshot.insights.enumerated() {
                let stored = field.value(of: insight)
                if let stored, stored.isNaN {
                    #expect(column[node].isNaN, "\(field) of #\(insight.id)")
                } else {
                    #expect(column[node] == (stored ?? 0), "\(field) of #\(insight.id)")
                }
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: snapshot.insights.enumerated().map { ($1.id, $0) })
        #expect(numbers.column(.confidence)[byID[1]!] == 0.9)
        #expect(numbers.column(.confidence)[byID[2]!] == 0)
        #expect(numbers.column(.importance)[byID[4]!] == -2)
        #expect(numbers.column(.emotionalValence)[byID[4]!] == 3)
    }
}
