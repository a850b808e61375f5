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
}
