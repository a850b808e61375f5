import InsightGraph
import Testing
@testable import InsightStore

/// Values written by the server and read back through COPY: arrays, timestamps and floats at
/// their edges, in both schema variants (timestamp and timestamptz).
@Suite struct TextRoundTripTests {
    static let arrays: [(sql: String, expected: [String?]?)] = [
        ("NULL", nil),
        ("ARRAY[]::text[]", []),
        ("ARRAY[NULL]::text[]", [nil]),
        ("ARRAY['NULL']", ["NULL"]),
        ("ARRAY['null', 'Null']", ["null", "Null"]),
        ("ARRAY['']", [""]),
        ("ARRAY['a,b', 'c\"d', E'e\\\\f', '{x}', ' sp ', 'two words']", ["a,b", "c\"d", "e\\f", "{x}", " sp ", "two words"]),
        ("ARRAY[E'tab\\there', E'line\\nbreak', E'cr\\rx', E'\\\\N', E'\\\\']", ["tab\there", "line\nbreak", "cr\rx", "\\N", "\\"]),
        ("ARRAY['café', '日本語', '😀']", ["café", "日本語", "😀"]),
        ("'[0:1]={a,b}'::text[]", ["a", "b"]),
        ("'{{a,b},{c,NULL}}'::text[]", ["a", "b", "c", nil]),
    ]

    @Test(arguments: [false, true]) func arraysRoundTrip(production: Bool) throws {
        var setup = (production ? TestDatabase.productionSchema : SchemaDDL.seedSQL)
            + "INSERT INTO characters (id, name, normalized_name) VALUES (1, 'A', 'a');\n"
        for (index, value) in Self.arrays.enumerated() {
            setup += """
            INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score, triggers, supporting_evidence)
            VALUES (\(index + 1), 1, 't', 'c\(index)', 0.5, \(value.sql), \(value.sql));\n
            """
        }
        try TestDatabase.with(setup: setup) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            for (index, value) in Self.arrays.enumerated() {
                let insight = graph.insight(at: try #require(graph.node(forInsightId: index + 1)))
                #expect(insight.triggers == value.expected, "\(value.sql)")
                #expect(insight.supportingEvidence == value.expected, "\(value.sql)")
            }
        }
    }

    static let timestamps: [(sql: String, expected: Timestamp)] = [
        ("'2025-01-02 03:04:05.123456'", Timestamp.utc(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 123_456)!),
        ("'1970-01-01 00:00:00'", Timestamp(microsecondsSinceEpoch: 0)),
        ("'1969-12-31 23:59:59.999999'", Timestamp(microsecondsSinceEpoch: -1)),
        ("'0044-03-15 12:00:00 BC'", Timestamp.utc(year: -43, month: 3, day: 15, hour: 12)!),
        ("'4713-01-01 00:00:00 BC'", Timestamp.utc(year: -4712, month: 1, day: 1)!),
        ("'12345-06-07 08:09:10'", Timestamp.utc(year: 12345, month: 6, day: 7, hour: 8, minute: 9, second: 10)!),
        ("'2024-02-29 23:59:59'", Timestamp.utc(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59)!),
        ("'infinity'", .infinity),
        ("'-infinity'", .negativeInfinity),
    ]

    @Test func timestampWithoutTimeZoneIsReadAsUTC() throws {
        try roundTrip(schema: SchemaDDL.seedSQL, Self.timestamps)
    }

    @Test func timestamptzComesBackAsTheSameInstant() throws {
        let zoned: [(sql: String, expected: Timestamp)] = Self.timestamps + [
            ("'2025-01-02 03:04:05+05:30'", Timestamp.utc(year: 2025, month: 1, day: 1, hour: 21, minute: 34, second: 5)!),
            ("'2025-06-01 12:00:00 America/New_York'", Timestamp.utc(year: 2025, month: 6, day: 1, hour: 16)!),
            ("'2025-01-02 03:04:05-00:30'", Timestamp.utc(year: 2025, month: 1, day: 2, hour: 3, minute: 34, second: 5)!),
        ]
        // The session's starting zone must not matter: the connection sets UTC.
        try roundTrip(schema: TestDatabase.productionSchema, zoned, connectionOptions: " options='-c TimeZone=Asia/Kolkata'")
    }

    func roundTrip(schema: String, _ values: [(sql: String, expected: Timestamp)], connectionOptions: String = "") throws {
        var setup = schema + """
        INSERT INTO characters (id, name, normalized_name) VALUES (1, 'A', 'a');
        INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score) VALUES (1, 1, 't', 'c', 0.5);
        """
        for (index, value) in values.enumerated() {
            setup += """
            INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength, created_date)
            VALUES (\(index + 1), 1, 1, 't\(index)', 0.5, \(value.sql));\n
            """
        }
        try TestDatabase.with(setup: setup) { conninfo in
            let graph = try TestDatabase.load(conninfo + connectionOptions).snapshot
            for (index, value) in values.enumerated() {
                let edge = try #require(graph.edgeIds.firstIndex(of: index + 1))
                #expect(graph.relationship(at: EdgeIndex(edge)).createdDate == value.expected, "\(value.sql)")
            }
        }
    }

    @Test func floatsAndIntegersRoundTrip() throws {
        let floats: [(String, Double)] = [
            ("0.1", 0.1), ("0.30000000000000004", 0.30000000000000004), ("3.141592653589793", .pi),
            ("1e-300", 1e-300), ("1.7976931348623157e308", .greatestFiniteMagnitude), ("5e-324", .leastNonzeroMagnitude),
            ("'-0'", -0.0), ("'Infinity'", .infinity), ("'-Infinity'", -.infinity),
        ]
        var setup = SchemaDDL.seedSQL + "INSERT INTO characters (id, name, normalized_name) VALUES (1, 'A', 'a');\n"
        for (index, (sql, _)) in floats.enumerated() {
            setup += """
            INSERT INTO character_insights (id, character_id, insight_content, confidence_score, emotional_valence, importance_level)
            VALUES (\(index + 1), 1, 'c\(index)', \(sql), \(sql), \(index == 0 ? "-2147483648" : "2147483647"));\n
            """
        }
        setup += "INSERT INTO character_insights (id, character_id, insight_content, confidence_score) VALUES (100, 1, 'nan', 'NaN');"
        try TestDatabase.with(setup: setup) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            for (index, (sql, expected)) in floats.enumerated() {
                let insight = graph.insight(at: try #require(graph.node(forInsightId: index + 1)))
                #expect(insight.confidence == expected, "\(sql)")
                #expect(insight.confidence?.sign == expected.sign, "\(sql)")
                #expect(insight.emotionalValence == expected, "\(sql)")
                #expect(insight.importance == (index == 0 ? -2_147_483_648 : 2_147_483_647))
            }
            #expect(graph.insight(at: graph.node(forInsightId: 100)!).confidence?.isNaN == true)
        }
    }

    @Test func textWithControlCharactersRoundTrips() throws {
        let setup = SchemaDDL.seedSQL + """
        INSERT INTO characters (id, name, normalized_name) VALUES (1, E'Tab\\tName', E'back\\\\slash');
        INSERT INTO character_insights (id, character_id, insight_content, conversation_context) VALUES
          (1, 1, E'line1\\nline2\\r\\n\\ttabbed \\\\N', E'\\x01\\x1f bell');
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            #expect(graph.characters[0].name == "Tab\tName")
            #expect(graph.characters[0].normalizedName == "back\\slash")
            let insight = graph.insights[0]
            #expect(insight.content == "line1\nline2\r\n\ttabbed \\N")
            #expect(insight.conversationContext == "\u{1}\u{1F} bell")
        }
    }
}
