import Foundation
import InsightGraph

/// `--task prompt`: the prompt pipeline (``Retriever/rank(character:message:callerSeeds:options:into:)``:
/// tokenize → seeds → PageRank → scores → MMR) over the workload's messages, `repeats` rounds, the
/// first a warm-up. Prints p50/p99 and, with the malloc-count shim preloaded, heap allocations per
/// call after warm-up (and, separately, of ``Retriever/retrieve(character:message:callerSeeds:options:)``,
/// which builds a public answer with explanations and does allocate).
func runPromptBench(snapshot: GraphSnapshot, queries: [(character: String, message: String)], repeats: Int,
                    method: RankingMethod, allocationCount: (() -> UInt)?, verbose: Bool) throws {
    let index = RetrievalIndex(snapshot: snapshot)
    let retriever = Retriever(index: index)
    var options = RetrievalOptions()
    options.method = method
    var results: [RankedInsight] = []
    results.reserveCapacity(options.limit)
    let clock = ContinuousClock()
    var micros: [Double] = []
    micros.reserveCapacity(queries.count)
    var allocations: UInt = 0, calls = 0, withResults = 0
    for round in 0..<max(1, repeats) {
        micros.removeAll(keepingCapacity: true)
        for (i, q) in queries.enumerated() {
            let before = allocationCount?() ?? 0
            let t = clock.now
            try retriever.rank(character: q.character, message: q.message, options: options, into: &results)
            let d = clock.now - t
            let after = allocationCount?() ?? 0
            micros.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
            if round > 0 {
                if verbose && after > before { print("query \(i) round \(round): \(after - before) allocations") }
                allocations += after - before
                calls += 1
                if !results.isEmpty { withResults += 1 }
            }
        }
    }
    let rankCPU = try meanThreadCPUMicros(queries) { try retriever.rank(character: $0.character, message: $0.message, options: options, into: &results) }
    micros.sort()
    func rank(_ f: Double) -> Double { micros.isEmpty ? 0 : micros[max(0, Int((f * Double(micros.count)).rounded(.up)) - 1)] }
    print("prompt pipeline (rank, \(method)): \(queries.count) queries p50_us \(rank(0.5)) p99_us \(rank(0.99)) cpu_mean_us \(rankCPU)")
    // The same messages through `retrieve` (explanations: seeds reaching each result, paths), as the
    // service and `insightgraph retrieve` call it.
    micros.removeAll(keepingCapacity: true)
    for q in queries {
        let t = clock.now
        _ = try retriever.retrieve(character: q.character, message: q.message, options: options)
        let d = clock.now - t
        micros.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    }
    let retrieveCPU = try meanThreadCPUMicros(queries) { _ = try retriever.retrieve(character: $0.character, message: $0.message, options: options) }
    micros.sort()
    print("retrieve with explanations (\(method)): \(queries.count) queries p50_us \(rank(0.5)) p99_us \(rank(0.99)) cpu_mean_us \(retrieveCPU)")
    if allocationCount != nil {
        print("rank: heap allocations after warm-up: \(allocations) in \(calls) calls (\(withResults) with results)")
        var retrieveAllocations: UInt = 0
        for q in queries.prefix(100) {
            let before = allocationCount?() ?? 0
            _ = try retriever.retrieve(character: q.character, message: q.message, options: options)
            retrieveAllocations += (allocationCount?() ?? 0) - before
        }
        print("retrieve (public answer, explanations): \(retrieveAllocations) allocations in \(min(100, queries.count)) calls")
    }
}

/// Mean thread CPU time of `body` over `queries`, in µs: time slices other processes take do not
/// count, so it stays comparable on a busy machine where wall-clock percentiles do not.
func meanThreadCPUMicros(_ queries: [(character: String, message: String)],
                         _ body: ((character: String, message: String)) throws -> Void) rethrows -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    for q in queries { try body(q) }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    let total = Double(end.tv_sec - start.tv_sec) * 1e6 + Double(end.tv_nsec - start.tv_nsec) / 1e3
    return queries.isEmpty ? 0 : (total / Double(queries.count) * 10).rounded() / 10
}
