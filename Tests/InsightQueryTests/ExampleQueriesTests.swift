import DemoGraph
import Foundation
import InsightGraph
import Testing
@testable import InsightQuery

/// Every `Queries/*.igq` runs on the demo data and must print exactly `Queries/expected/NAME.out`
/// (the table format, EXPLAIN timings masked). `IGQ_UPDATE_GOLDEN=1 swift test` rewrites the files;
/// review the diff before committing.
@Suite struct ExampleQueriesTests {
    static let directory = DemoData.repositoryRoot.appendingPathComponent("Queries")
    static let now = Timestamp.utc(year: 2025, month: 12, day: 1)!

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".igq") }.sorted()
    }

    static func output(_ name: String) throws -> (QueryResult, String) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let result = try IGQ.run(text, file: "Queries/" + name, graph: DemoData.graph,
                                 parameters: IGQ.defaultParameters(in: text), now: now)
        var table = result.rendered(as: .table)
        if result.kind == "explain" { table = maskTimings(result) }
        return (result, table)
    }

    /// EXPLAIN rows with the micros column replaced, so the golden file is stable.
    static func maskTimings(_ r: QueryResult) -> String {
        var masked = r
        masked.rows = r.rows.map { row in var row = row; row[4] = .text("*"); return row }
        return masked.rendered(as: .table)
    }

    @Test func thereAreAtLeastTwelveExamples() {
        #expect(Self.names.count >= 12)
    }

    @Test(arguments: ExampleQueriesTests.names)
    func exampleMatchesItsGoldenOutput(_ name: String) throws {
        let (_, table) = try Self.output(name)
        let golden = Self.directory.appendingPathComponent("expected/" + name.replacingOccurrences(of: ".igq", with: ".out"))
        if ProcessInfo.processInfo.environment["IGQ_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try table.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(table == expected)
    }

    /// Table cells are cut at 60 characters unless the caller asks for them whole (`query --wide`).
    @Test func tableCellsAreCutUnlessWide() throws {
        let r = try IGQ.run("FROM CHARACTER 'elena' WHERE id = 130 RETURN content", graph: DemoData.graph, now: Self.now)
        guard case .text(let content)? = r.rows.first?.first else { Issue.record("no content"); return }
        #expect(content.count > 60)
        #expect(!r.rendered(as: .table).contains(content))
        #expect(r.rendered(as: .table).contains(String(content.prefix(59)) + "…"))
        #expect(r.rendered(as: .table, tableCellWidth: nil).contains(content))
    }

    /// Facts the demo data's README states, checked through the language (independent of goldens).
    @Test func demoFactsFromItsReadme() throws {
        func ids(_ q: String) throws -> [Int64] {
            Fixtures.ints(try IGQ.run(q, graph: DemoData.graph, now: Self.now), "id").sorted()
        }
        // SEED MESSAGE uses the retrieval seed finder: trigger matches weigh most, BM25 adds
        // weaker content matches, so the README's trigger seeds are the strongest ones.
        #expect(try ids("FROM CHARACTER 'elena' SEED MESSAGE 'coral bleaching' RANK BY seed RETURN id") == [102, 113, 130])
        #expect(try ids("FROM CHARACTER 'elena' SEED MESSAGE 'Tell me about marine conservation' RANK BY seed LIMIT 2") == [118, 129])
        #expect(try ids("FROM CHARACTER 'tomas' SEED MESSAGE 'the storm last night' RANK BY seed LIMIT 2") == [403, 424])
        #expect(try ids("FROM CHARACTER 'marcus' SEED MESSAGE 'just autocomplete' RANK BY seed LIMIT 3") == [201, 220, 229])
        #expect(try ids("FROM CHARACTER 'elena' SEED INSIGHT 102 WHERE id != 102 EXPAND 1 HOP VIA leads_to OUT RETURN id")
                == [106, 114, 130])
        let tension = try IGQ.run("CONTRADICTIONS FROM CHARACTER 'jake' RETURN from_id, to_id", graph: DemoData.graph)
        let pairs = Set((0..<tension.rows.count).map { "\(tension.rows[$0][0])-\(tension.rows[$0][1])" })
        #expect(pairs.isSuperset(of: ["integer(301)-integer(302)", "integer(319)-integer(301)"]))
        #expect(try IGQ.run("COUNT RELATIONSHIPS", graph: DemoData.graph).rows == [[.integer(239)]])
    }

    /// A caller's retrievers (the service's, the shell's) change nothing in the answers, and
    /// retrievers built for another snapshot are not used for this one. The second round runs
    /// with the pool's kept walk rows made (``MaskedStepsCache``), so EXPAND and `ppr()` walk them.
    @Test func sharedRetrieversGiveTheSameAnswers() throws {
        let shared = RetrieverPool(index: RetrievalIndex(snapshot: DemoData.graph))
        let foreign = RetrieverPool(index: RetrievalIndex(snapshot: Fixtures.graph))
        #expect(Executor(graph: DemoData.graph, now: Self.now, retrievers: shared).retrievers === shared)
        #expect(Executor(graph: DemoData.graph, now: Self.now, retrievers: foreign).retrievers == nil)
        for round in 1...2 {
            for name in Self.names {
                let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
                let parameters = IGQ.defaultParameters(in: text)
                let alone = try IGQ.run(text, graph: DemoData.graph, parameters: parameters, now: Self.now)
                for index in [shared, foreign] {
                    let withIndex = try IGQ.run(text, graph: DemoData.graph, parameters: parameters, now: Self.now,
                                                retrievers: index)
                    #expect(withIndex.columns == alone.columns, "\(name), round \(round)")
                    if alone.kind != "explain" { #expect(withIndex.rows == alone.rows, "\(name), round \(round)") }
                }
            }
            shared.maskedSteps.waitForBackgroundWork()
            #expect(shared.maskedSteps.count > 0)
        }
    }
}
