import Foundation
import Testing
@testable import InsightStore

@Suite struct InsightWriterTests {
    typealias S = IngestTestSupport
    static let setup = SchemaDDL.seedSQL + S.characters

    static let sample = [
        S.insight("elena", "I light up talking about reefs",
                  #""insight_type":"emotional_pattern","confidence_score":0.9,"importance_level":8,"triggers":["ocean","reef"],"discovery_date":"2025-03-01T12:00:00Z""#),
        #"{"kind":"relationship","character":"elena","from_content":"I light up talking about reefs","to_content":"I explain science through stories","relationship_type":"leads_to","strength":0.8}"#,
        S.insight("elena", "I explain science through stories", #""insight_type":"preference","confidence_score":0.75,"supporting_evidence":["conv 1"]"#),
        S.insight("marcus", "I weigh AI safety arguments", #""confidence_score":0.6,"triggers":["ai"]"#),
        #"{"kind":"timeline","character":"marcus","learning_event":"Changed mind on AI risk","learning_type":"knowledge","learning_date":"2025-02-01T10:00:00Z","significance_score":0.6}"#,
        #"{"kind":"timeline","character":"elena","learning_event":"Realised reefs calm me"}"#,
    ]

    @Test func ingestingTwiceGivesTheSameState() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let first = try S.ingest(Self.sample, conninfo)
            #expect(first.committed && first.problems.isEmpty)
            #expect(first.insightsInserted == 3 && first.relationshipsInserted == 1 && first.timelineInserted == 2)
            #expect(first.charactersWritten == ["elena", "marcus"])
            let before = try S.state(conninfo)
            let second = try S.ingest(Self.sample, conninfo, IngestOptions(batchSize: 2))
            #expect(second.committed && second.problems.isEmpty)
            #expect(second.insightsInserted == 0 && second.insightsMerged == 0 && second.insightsUnchanged == 3)
            #expect(second.relationshipsInserted == 0 && second.relationshipsUnchanged == 1)
            #expect(second.timelineInserted == 0 && second.timelineUnchanged == 2)
            #expect(try S.state(conninfo) == before)
        }
    }

    @Test func conflictsMergeAsDocumented() throws {
        let existing = Self.setup + """
        INSERT INTO character_insights (character_id, insight_type, insight_content, confidence_score, discovery_date,
            importance_level, emotional_valence, triggers, supporting_evidence)
        VALUES (1, 'preference', 'I love tides', 0.5, '2025-03-01 00:00:00', 7, NULL, ARRAY['a','b'], ARRAY['x']);
        """
        try TestDatabase.with(setup: existing) { conninfo in
            let summary = try S.ingest([
                S.insight("elena", "I love tides", #""insight_type":"emotional_pattern","confidence_score":0.9,"importance_level":3,"emotional_valence":0.4,"triggers":["c","a"],"supporting_evidence":["y"],"discovery_date":"2025-01-01T00:00:00Z""#),
                S.insight("elena", "I love tides", #""confidence_score":0.2,"triggers":["d","c"],"discovery_date":"2025-06-01T00:00:00Z""#),
            ], conninfo)
            #expect(summary.insightsMerged == 1 && summary.insightsMergedInInput == 1 && summary.insightsInserted == 0)
            let row = try Connection(conninfo).execute("""
                SELECT insight_type, confidence_score, importance_level, emotional_valence, triggers::text,
                       supporting_evidence::text, discovery_date::text FROM character_insights WHERE insight_content = 'I love tides'
                """)
            #expect(row.string(0, 0) == "preference")  // stored value kept
            #expect(row.double(0, 1) == 0.9)  // higher confidence
            #expect(row.int(0, 2) == 7)  // higher importance
            #expect(row.double(0, 3) == 0.4)  // NULL filled from the new value
            #expect(row.string(0, 4) == "{a,b,c,d}")  // stored first, then new ones not present
            #expect(row.string(0, 5) == "{x,y}")
            #expect(row.string(0, 6) == "2025-01-01 00:00:00")  // earliest
        }
    }

    @Test func resultDoesNotDependOnBatching() throws {
        var lines: [String] = []
        for i in 0..<60 {
            lines.append(S.insight("elena", "insight \(i % 20)", #""confidence_score":0.\#(i % 10),"importance_level":\#(i % 10 + 1),"triggers":["t\#(i % 7)","t\#(i % 3)"]"#))
        }
        var states: [[String]] = []
        for batch in [1, 7, 1000] {
            try TestDatabase.with(setup: Self.setup) { conninfo in
                let summary = try S.ingest(lines, conninfo, IngestOptions(batchSize: batch))
                #expect(summary.insightsInserted == 20)
                states.append(try Connection(conninfo).execute(
                    "SELECT string_agg(concat_ws('|', insight_content, confidence_score, importance_level, triggers::text), ';' ORDER BY insight_content) FROM character_insights"
                ).string(0, 0).map { [$0] } ?? [])
            }
        }
        #expect(states.count == 3 && states[0] == states[1] && states[1] == states[2])
    }

    @Test func strictWritesNothingOnABadLine() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            var lines = Self.sample
            lines.insert(#"{"kind":"insight","character":"elena","insight_content":"x","confidence_score":"high"}"#, at: 2)
            let summary = try S.ingest(lines, conninfo, IngestOptions(strict: true))
            #expect(!summary.committed)
            #expect(summary.problems.map(\.line) == [3])
            #expect(summary.problems.first?.field == "confidence_score")
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "0")
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_learning_timeline") == "0")
            // A problem found only by the database (unknown content) refuses the file too.
            let late = try S.ingest(Self.sample + [#"{"kind":"relationship","character":"elena","from_content":"nope","to_insight_id":1,"relationship_type":"x"}"#],
                                    conninfo, IngestOptions(strict: true))
            #expect(!late.committed && late.problems.map(\.line) == [7])
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "0")
        }
    }

    /// Strict mode lists every problem, relationship ends included, whether the insights they name
    /// were written earlier in the transaction (small batches) or only checked (one batch).
    @Test(arguments: [2, 20_000])
    func strictStillResolvesRelationships(batchSize: Int) throws {
        let setup = Self.setup + "INSERT INTO character_insights (id, character_id, insight_content) VALUES (500, 2, 'marcus owns this');"
        try TestDatabase.with(setup: setup) { conninfo in
            let before = try S.state(conninfo)
            let summary = try S.ingest([
                S.insight("elena", "A"), S.insight("elena", "B"),
                S.insight("elena", "bad", #""confidence_score":"high""#),
                S.insight("elena", "C"),
                #"{"kind":"relationship","character":"elena","from_content":"A","to_content":"C","relationship_type":"supports"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"nope","to_content":"A","relationship_type":"supports"}"#,
                #"{"kind":"relationship","character":"elena","from_insight_id":999999,"to_content":"B","relationship_type":"supports"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"A","to_insight_id":500,"relationship_type":"supports"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"C","to_content":"missing","relationship_type":"supports"}"#,
            ], conninfo, IngestOptions(batchSize: batchSize, strict: true))
            #expect(!summary.committed)
            #expect(summary.problems.map { "\($0.line):\($0.field ?? "-")" }
                    == ["3:confidence_score", "6:from_content", "7:from_insight_id", "8:to_insight_id", "9:to_content"])
            #expect(summary.problems.first { $0.line == 8 }?.reason == "the insight belongs to another character")
            #expect(try S.state(conninfo) == before)
        }
    }

    @Test func badLinesAreReportedWithLineNumbersAndSkipped() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let summary = try S.ingest([
                S.insight("elena", "good one"),
                #"{"kind":"insight","character":"elena","insight_content":"oops",}"#,
                #"{"kind":"insight","character":"elena","insight_contnet":"typo"}"#,
                S.insight("elena", "too confident", #""confidence_score":1.5"#),
                S.insight("nobody", "who am I"),
                "",
                #"{"kind":"memory","character":"elena"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"good one","to_content":"missing","relationship_type":"x"}"#,
                S.insight("elena", "importance", #""importance_level":7.5"#),
                S.insight("elena", "another good one"),
            ], conninfo)
            #expect(summary.committed)
            #expect(summary.insightsInserted == 2)
            let found = summary.problems.map { "\($0.line):\($0.field ?? "-")" }
            #expect(found == ["2:-", "3:insight_contnet", "4:confidence_score", "5:character", "7:kind", "8:to_content", "9:importance_level"])
            #expect(summary.problems[0].column == 64)  // the stray '}' after the comma
            #expect(summary.problems[0].description.hasPrefix("line 2, column 64"))
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "2")
        }
    }

    @Test func relationshipsNameTheirEndsByContentOrId() throws {
        try TestDatabase.with(setup: Self.setup + "INSERT INTO character_insights (id, character_id, insight_content) VALUES (50, 2, 'marcus owns this'), (51, 1, 'elena stored');") { conninfo in
            let summary = try S.ingest([
                // Before the insights it names: relationships are resolved after every insight is written.
                #"{"kind":"relationship","character":"elena","from_content":"a","to_content":"b","relationship_type":"supports","strength":0.3}"#,
                S.insight("elena", "a"), S.insight("elena", "b"),
                #"{"kind":"relationship","character":"elena","from_content":"a","to_insight_id":51,"relationship_type":"leads_to"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"a","to_insight_id":50,"relationship_type":"leads_to"}"#,
                #"{"kind":"relationship","character":"marcus","from_content":"a","to_insight_id":50,"relationship_type":"leads_to"}"#,
                #"{"kind":"relationship","character":"elena","from_content":"a","to_content":"b","relationship_type":"supports","strength":0.7}"#,
                #"{"kind":"relationship","character":"elena","from_insight_id":999,"to_content":"b","relationship_type":"x"}"#,
            ], conninfo)
            #expect(summary.problems.map { "\($0.line):\($0.field ?? "-")" } == ["5:to_insight_id", "6:from_content", "8:from_insight_id"])
            #expect(summary.relationshipsInserted == 2 && summary.relationshipsMergedInInput == 1)
            let rows = try Connection(conninfo).execute("""
                SELECT f.insight_content, t.insight_content, r.relationship_type, r.strength FROM character_insight_relationships r
                JOIN character_insights f ON f.id = r.from_insight_id JOIN character_insights t ON t.id = r.to_insight_id ORDER BY 3
                """)
            #expect(rows.rowCount == 2)
            #expect(rows.string(0, 1) == "elena stored" && rows.string(0, 2) == "leads_to" && rows.double(0, 3) == 0.5)
            #expect(rows.string(1, 0) == "a" && rows.string(1, 1) == "b" && rows.double(1, 3) == 0.7)  // higher strength kept
        }
    }

    @Test func productionConstraintsBecomeLineProblems() throws {
        try TestDatabase.with(setup: TestDatabase.productionSchema + S.characters) { conninfo in
            let long = String(repeating: "x", count: 51)
            let summary = try S.ingest([
                S.insight("elena", "no confidence", #""insight_type":"preference""#),
                S.insight("elena", "long type", #""insight_type":"\#(long)","confidence_score":0.5"#),
                S.insight("elena", "fine", #""insight_type":"preference","confidence_score":0.5"#),
                S.insight("elena", "fine too", #""insight_type":"preference","confidence_score":0.5"#),
                #"{"kind":"relationship","character":"elena","from_content":"fine","to_content":"fine too","relationship_type":"x"}"#,
            ], conninfo)
            #expect(summary.problems.map { "\($0.line):\($0.field ?? "-")" } == ["1:confidence_score", "2:insight_type"])
            #expect(summary.insightsInserted == 2 && summary.relationshipsInserted == 1)
            // The UNIQUE(from, to, type) constraint and the writer's own de-duplication agree.
            let again = try S.ingest([#"{"kind":"relationship","character":"elena","from_content":"fine","to_content":"fine too","relationship_type":"x","strength":0.9}"#], conninfo)
            #expect(again.relationshipsMerged == 1 && again.problems.isEmpty)
        }
    }

    @Test func awkwardTextSurvivesCopyAndArrays() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let content = "tab\there, newline\nthere, back\\slash \\N, quote \" and {braces}, é 😀"
            let triggers = ["a,b", "{x}", "q\"uote", "back\\slash", "NULL", "", "tab\t"]
            let record = InsightRecord(character: "elena", content: content, conversationContext: "\\.", triggers: triggers,
                                       supportingEvidence: ["line\r\nbreak"])
            let summary = try InsightWriter(connection: Connection(conninfo)).write([.insight(record)])
            #expect(summary.insightsInserted == 1)
            let row = try Connection(conninfo).execute(
                "SELECT insight_content, conversation_context, array_length(triggers, 1), triggers[1], triggers[2], triggers[3], triggers[4], triggers[5] IS NULL, triggers[6], triggers[7], supporting_evidence[1] FROM character_insights")
            #expect(row.string(0, 0) == content)
            #expect(row.string(0, 1) == "\\.")
            #expect(row.int(0, 2) == 7)
            #expect([3, 4, 5, 6].map { row.string(0, $0) } == ["a,b", "{x}", "q\"uote", "back\\slash"])
            #expect(row.bool(0, 7) == false)  // the string "NULL", not SQL NULL
            #expect(row.string(0, 8) == "" && row.string(0, 9) == "tab\t" && row.string(0, 10) == "line\r\nbreak")
            // Re-ingesting the same awkward record matches it (same content key) and changes nothing.
            #expect(try InsightWriter(connection: Connection(conninfo)).write([.insight(record)]).insightsUnchanged == 1)
        }
    }

    @Test func writerAcceptsRecordsFromAService() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let decoder = IngestRecordDecoder(character: "elena")
            let records = try [#"{"kind":"insight","insight_content":"from http","confidence_score":0.4}"#].map {
                try decoder.decode(line: Array($0.utf8), lineNumber: 1).get()
            }
            let options = IngestOptions(collectWrittenIds: true)
            let summary = try InsightWriter(connection: Connection(conninfo), options: options).write(records)
            #expect(summary.insightsInserted == 1 && summary.charactersWritten == ["elena"])
            let id = try S.scalar(conninfo, "SELECT id FROM character_insights WHERE insight_content = 'from http'")
            #expect(summary.writtenIds.insights.map(String.init) == [id])
            // Written again unchanged: nothing to re-read.
            #expect(try InsightWriter(connection: Connection(conninfo), options: options).write(records).writtenIds.isEmpty)
            let other = decoder.decode(line: Array(#"{"kind":"insight","character":"marcus","insight_content":"x"}"#.utf8), lineNumber: 4)
            #expect(throws: IngestProblem.self) { try other.get() }
        }
    }
}
