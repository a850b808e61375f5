import InsightGraph
import Testing
@testable import InsightStore

/// A generated 1,000-insight graph, checked edge by edge against SQL, and a character subset.
@Suite struct GeneratedGraphTests {
    static let setup = SchemaDDL.seedSQL + """
    INSERT INTO characters (id, name, normalized_name) SELECT g, 'Character ' || g, 'c' || g FROM generate_series(1, 5) g;
    INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score, triggers)
      SELECT g, 1 + g % 5, 'type' || (g % 3), 'insight ' || g, (g % 100) / 100.0, ARRAY['t' || (g % 7), 'U' || (g % 11)]
      FROM generate_series(1, 1000) g;
    -- Mostly within a character (same g % 5), some across, some self-loops and repeats.
    INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength)
      SELECT g, 1 + (g * 7919) % 1000,
             1 + (((g * 7919) % 1000) + 5 * ((g * 104729) % 37) + CASE WHEN g % 50 = 0 THEN 1 ELSE 0 END) % 1000,
             (ARRAY['leads_to', 'supports', 'contradicts', 'builds_on'])[1 + g % 4], (g % 97) / 96.0
      FROM generate_series(1, 4000) g;
    ANALYZE;
    """

    struct Edge: Hashable { var id: Int, from: Int, to: Int, type: String, strength: Double }

    func sqlEdges(_ connection: Connection, where condition: String = "") throws -> [Edge] {
        let result = try connection.execute("""
            SELECT id, from_insight_id, to_insight_id, relationship_type, strength
            FROM character_insight_relationships \(condition) ORDER BY id
            """)
        return (0..<result.rowCount).map {
            Edge(id: result.int($0, 0)!, from: result.int($0, 1)!, to: result.int($0, 2)!,
                 type: result.string($0, 3)!, strength: result.double($0, 4)!)
        }
    }

    @Test func adjacencyMatchesSQLEdgeByEdge() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let connection = try Connection(conninfo)
            let graph = try GraphLoader(connection: connection).load().snapshot
            let edges = try sqlEdges(connection)
            #expect(edges.count == 4000)
            #expect(graph.nodeCount == 1000)
            #expect(graph.edgeIds == edges.map(\.id))

            var outgoing: [Int: [Edge]] = [:], incoming: [Int: [Edge]] = [:]
            for edge in edges {
                outgoing[edge.from, default: []].append(edge)
                incoming[edge.to, default: []].append(edge)
            }
            for node in 0..<NodeIndex(graph.nodeCount) {
                let id = graph.insight(at: node).id
                let out = graph.outgoing(node).map { adjacency in
                    Edge(id: graph.edgeIds[Int(adjacency.edge)], from: id, to: graph.insight(at: adjacency.node).id,
                         type: graph.relationshipType(ofEdge: adjacency.edge)!, strength: graph.edgeStrengths[Int(adjacency.edge)])
                }
                #expect(out == outgoing[id, default: []], "outgoing of insight \(id)")
                let into = graph.incoming(node).map { adjacency in
                    Edge(id: graph.edgeIds[Int(adjacency.edge)], from: graph.insight(at: adjacency.node).id, to: id,
                         type: graph.relationshipType(ofEdge: adjacency.edge)!, strength: graph.edgeStrengths[Int(adjacency.edge)])
                }
                #expect(into == incoming[id, default: []], "incoming of insight \(id)")
                for adjacency in graph.outgoing(node) {
                    #expect(adjacency.weight == min(max(graph.edgeStrengths[Int(adjacency.edge)], 0), 1))
                }
            }

            // Anomalies agree with SQL.
            let crossCount = try connection.execute("""
                SELECT count(*) FROM character_insight_relationships r
                JOIN character_insights a ON a.id = r.from_insight_id JOIN character_insights b ON b.id = r.to_insight_id
                WHERE a.character_id <> b.character_id
                """).int(0, 0)!
            #expect(graph.anomalies.count(.relationshipCrossCharacter) == crossCount)
            #expect(crossCount > 0)
            let selfLoops = try connection.execute(
                "SELECT count(*) FROM character_insight_relationships WHERE from_insight_id = to_insight_id").int(0, 0)!
            #expect(graph.anomalies.count(.relationshipSelfLoop) == selfLoops)
            let parallel = try connection.execute("""
                SELECT count(*) - count(DISTINCT (from_insight_id, to_insight_id, relationship_type))
                FROM character_insight_relationships
                """).int(0, 0)!
            #expect(graph.anomalies.count(.relationshipParallelDuplicate) == parallel)

            // Statistics agree with SQL: per character, insights and relationships by from-insight.
            let statistics = GraphStatistics(graph)
            let perCharacter = try connection.execute("""
                SELECT c.id,
                  (SELECT count(*) FROM character_insights i WHERE i.character_id = c.id),
                  (SELECT count(*) FROM character_insight_relationships r JOIN character_insights i ON i.id = r.from_insight_id
                   WHERE i.character_id = c.id)
                FROM characters c ORDER BY c.id
                """)
            #expect(statistics.characters.count == perCharacter.rowCount)
            for row in 0..<perCharacter.rowCount {
                let counts = statistics.characters[row]
                #expect(counts.id == perCharacter.int(row, 0))
                #expect(counts.insights == perCharacter.int(row, 1))
                #expect(counts.relationships == perCharacter.int(row, 2))
                #expect(counts.insightTypes.values.reduce(0, +) == counts.insights)
            }
            // Triggers are indexed lower-cased.
            let c1 = graph.characterIndex(named: "C1")!
            let withU3 = try connection.execute(
                "SELECT id FROM character_insights WHERE character_id = 1 AND $1 = ANY(triggers) ORDER BY id", ["U3"])
            #expect(graph.nodes(withTrigger: "u3", character: c1).map { graph.insight(at: $0).id }
                    == (0..<withU3.rowCount).map { withU3.int($0, 0)! })
        }
    }

    @Test func loadsOnlySelectedCharacters() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let connection = try Connection(conninfo)
            let result = try GraphLoader(connection: connection).load(LoadOptions(characterNames: ["c2", "Character 4"]))
            let graph = result.snapshot
            #expect(graph.characters.map(\.id) == [2, 4])
            let ids = try connection.execute("SELECT id FROM character_insights WHERE character_id IN (2, 4) ORDER BY id")
            #expect(graph.insights.map(\.id).sorted() == (0..<ids.rowCount).map { ids.int($0, 0)! })
            let inside = try sqlEdges(connection, where: """
                WHERE from_insight_id IN (SELECT id FROM character_insights WHERE character_id IN (2, 4))
                  AND to_insight_id IN (SELECT id FROM character_insights WHERE character_id IN (2, 4))
                """)
            #expect(graph.edgeIds == inside.map(\.id))
            let touching = try connection.execute("""
                SELECT count(*) FROM character_insight_relationships
                WHERE from_insight_id IN (SELECT id FROM character_insights WHERE character_id IN (2, 4))
                   OR to_insight_id IN (SELECT id FROM character_insights WHERE character_id IN (2, 4))
                """).int(0, 0)!
            #expect(graph.anomalies.count(.relationshipEndpointOutsideSelection) == touching - inside.count)
            #expect(result.stats.rowsPerTable["character_insight_relationships"] == touching)
        }
    }

    @Test func unknownCharacterNamesFailWithCloseNames() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            #expect(throws: StoreError.unknownCharacters(names: ["c9", "elena"], closeNames: ["c1", "c2", "c3", "c4", "c5"])) {
                try TestDatabase.load(conninfo, characters: ["c9", "C1", "elena"])
            }
        }
    }
}
