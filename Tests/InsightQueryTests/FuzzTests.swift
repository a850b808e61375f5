import DemoGraph
import Foundation
import InsightGraph
import Testing
@testable import InsightQuery

/// Robustness: generated and mutated queries never crash or hang, and every error says where.
///
/// Runs 3,000 inputs by default. For the full run:
/// `IGQ_FUZZ_COUNT=1000000 swift test -c release --filter FuzzTests` (seed: `IGQ_FUZZ_SEED`).
@Suite struct FuzzTests {
    static let parameters: [String: QueryValue] = [
        "message": .untyped("I saw coral bleaching near the reef during a storm"), "who": .untyped("elena"),
        "min": .untyped("0.5"), "since": .untyped("2025-03-01"), "types": .untyped("preference, emotional_pattern"),
        "n": .untyped("3"),
    ]

    @Test func generatedAndMutatedQueriesFailCleanly() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["IGQ_FUZZ_COUNT"].flatMap(Int.init) ?? 3_000
        let seed = environment["IGQ_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_127
        let directory = DemoData.repositoryRoot.appendingPathComponent("Queries")
        let examples = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".igq") }.sorted()
            .map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
        var fuzzer = QueryFuzzer(seed: seed, examples: examples)
        let graph = DemoData.graph
        let limits = QueryLimits(deadline: .seconds(2))
        let clock = ContinuousClock()
        var ran = 0, failed = 0, slowest = Duration.zero
        var stages: [QueryStage: Int] = [:]
        for index in 0..<count {
            let text = fuzzer.next()
            let started = clock.now
            do {
                _ = try IGQ.run(text, file: "fuzz.igq", graph: graph, parameters: Self.parameters, limits: limits,
                                now: Timestamp.utc(year: 2025, month: 12, day: 1)!)
                ran += 1
            } catch {
                failed += 1
                stages[error.stage, default: 0] += 1
                let lines = text.unicodeScalars.filter { $0 == "\n" }.count + 1
                let located = error.line >= 1 && error.column >= 1 && error.line <= lines
                    && error.description.hasPrefix("fuzz.igq:\(error.line):\(error.column): \(error.stage.rawValue): ")
                    && error.description.contains("\n") && error.description.contains("^")
                if !located {
                    Issue.record("input \(index) (seed \(seed)): error without a usable location:\n\(error.description)\n--- input:\n\(text)")
                    return
                }
            }
            let elapsed = started.duration(to: clock.now)
            slowest = max(slowest, elapsed)
            if elapsed > .seconds(3) {
                Issue.record("input \(index) (seed \(seed)) took \(elapsed):\n\(text)")
                return
            }
        }
        print("fuzz: \(count) inputs, \(ran) ran, \(failed) rejected \(stages.map { "\($0.key.rawValue)=\($0.value)" }.sorted()), slowest \(slowest)")
        #expect(ran > count / 20, "the generator should produce some valid queries")
        #expect(failed > count / 20, "the generator should produce some invalid queries")
    }
}
