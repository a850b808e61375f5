import InsightGraph
import Testing
@testable import InsightStore

/// Every anomaly reason the database can produce, loaded from a real server.
@Suite struct AnomalyLoadingTests {
    /// Seed schema; foreign keys are bypassed with `session_replication_role = replica` (as a
    /// restore or a replication tool would) to store dangling references.
    static let badRows = SchemaDDL.seedSQL + """
    SET session_replication_role = replica;
    INSERT INTO characters (id, name, normalized_name) VALUES (1, 'Elena Rodriguez', 'elena'), (2, 'Marcus', 'marcus');
    INSERT INTO character_insights (id, character_id, insight_type, insight_content) VALUES
      (10, 1, 'preference', 'a'), (11, 1, 'preference', 'b'), (12, 2, 'preference', 'c'),
      (13, NULL, 'preference', 'd'), (14, 99, 'preference', 'e'), (15, 1, 'preference', NULL);
    INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength) VALUES
      (100, NULL, 11, 'supports', 0.5),
      (101, 10, 999, 'supports', 0.5),
      (102, 10, 12, 'supports', 0.5),
      (103, 10, 10, 'supports', 0.5),
      (104, 10, 11, 'supports', 0.5),
      (105, 10, 11, 'supports', 0.7),
      (106, 11, 10, 'leads_to', NULL),
      (107, 11, 15, 'leads_to', 'NaN'),
      (108, 15, 11, 'leads_to', 'Infinity'),
      (109, 15, 10, 'leads_to', '-Infinity'),
      (110, 11, 15, 'builds_on', -0.2),
      (111, 15, 10, 'builds_on', 1.5),
      (112, 10, 11, NULL, 0.5);
    INSERT INTO character_learning_timeline (id, character_id, learning_event) VALUES (1000, NULL, 'x'), (1001, 42, 'y');
    SET session_replication_role = DEFAULT;
    """

    @Test func everyReasonIsCountedWithExamples() throws {
        try TestDatabase.with(setup: Self.badRows) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            let report = graph.anomalies
            let expected: [AnomalyReason: [Int]] = [
                .relationshipEndpointNull: [100],
                .relationshipEndpointNotFound: [101],
                .relationshipCrossCharacter: [102],
                .relationshipSelfLoop: [103],
                .relationshipParallelDuplicate: [105],
                .relationshipStrengthNull: [106],
                .relationshipStrengthNaN: [107],
                .relationshipStrengthInfinite: [108, 109],
                .relationshipStrengthNegative: [110],
                .relationshipStrengthAboveOne: [111],
                .relationshipTypeNull: [112],
                .insightCharacterNull: [13],
                .insightCharacterUnknown: [14],
                .insightContentNull: [15],
                .timelineCharacterNull: [1000],
                .timelineCharacterUnknown: [1001],
            ]
            #expect(report.examples == expected)
            #expect(report.counts == expected.mapValues(\.count))
            // Nothing lost: every insight loaded, every edge with two known ends loaded.
            #expect(graph.nodeCount == 6)
            #expect(graph.edgeIds == Array(102...112))
            #expect(graph.learningEvents.count == 2)
        }
    }

    @Test func badStrengthsNeverDominate() throws {
        try TestDatabase.with(setup: Self.badRows) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            func weight(_ id: Int) -> Double { graph.weight(ofEdge: EdgeIndex(graph.edgeIds.firstIndex(of: id)!)) }
            #expect(weight(106) == 0)  // NULL
            #expect(weight(107) == 0)  // NaN
            #expect(weight(108) == 1)  // +Infinity capped
            #expect(weight(109) == 0)  // -Infinity
            #expect(weight(110) == 0)  // negative
            #expect(weight(111) == 1)  // above one capped
            #expect(graph.edgeStrengths[graph.edgeIds.firstIndex(of: 111)!] == 1.5)  // stored value kept
            #expect(graph.edgeStrengths[graph.edgeIds.firstIndex(of: 107)!].isNaN)
        }
    }

    @Test func endpointsOutsideASelectionAreReportedAsSuch() throws {
        try TestDatabase.with(setup: Self.badRows) { conninfo in
            let graph = try TestDatabase.load(conninfo, characters: ["ELENA"]).snapshot
            #expect(graph.characters.map(\.id) == [1])
            #expect(graph.nodeCount == 3)  // 10, 11, 15
            #expect(graph.anomalies.examples[.relationshipEndpointOutsideSelection] == [101, 102])
            #expect(graph.anomalies.count(.relationshipEndpointNotFound) == 0)
            #expect(graph.anomalies.examples[.relationshipEndpointNull] == [100])  // its other end is selected
        }
    }
}
