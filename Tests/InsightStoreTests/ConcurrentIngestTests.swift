import Foundation
import Testing
@testable import InsightStore

@Suite struct ConcurrentIngestTests {
    typealias S = IngestTestSupport

    /// Two ingests on two connections at once, overlapping on half their insights: every row
    /// arrives, overlaps are merged (the higher confidence wins), nothing fails.
    @Test func twoIngestsAtOnceLoseNoRow() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + S.characters) { conninfo in
            let first = try S.file((0..<3000).map { S.insight("elena", "insight \($0)", #""confidence_score":0.25,"triggers":["first"]"#) })
            let second = try S.file((1500..<4500).map { S.insight("elena", "insight \($0)", #""confidence_score":0.75,"triggers":["second"]"#) })
            defer { for path in [first, second] { try? FileManager.default.removeItem(atPath: path) } }
            let outcomes = Outcomes()
            let group = DispatchGroup()
            for path in [first, second] {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    do {
                        let summary = try JSONLIngest.ingest(path: path, connection: Connection(conninfo), options: IngestOptions(batchSize: 500))
                        outcomes.add("\(summary.insightsInserted + summary.insightsMerged)")
                    } catch {
                        outcomes.add("error: \(error)")
                    }
                }
            }
            group.wait()
            #expect(outcomes.values.sorted() == ["3000", "3000"])
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "4500")
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights WHERE confidence_score = 0.75") == "3000")
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights WHERE cardinality(triggers) = 2") == "1500")
        }
    }
}

/// Results from the ingest threads.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ value: String) { lock.withLock { stored.append(value) } }
    var values: [String] { lock.withLock { stored } }
}
