import Foundation
import InsightBench
import InsightGraph

// reference-csv DIR --task ppr|hop|prompt [--exact] [--epsilon E] [--answers OUT.jsonl] [--repeat N]
//   [--per-query FILE.tsv] [--method boost|push|exact|path] (prompt) [--verbose]
let arguments = Array(CommandLine.arguments.dropFirst())
guard let directory = arguments.first else {
    FileHandle.standardError.write("usage: reference-csv DIR --task ppr|hop [--exact] [--epsilon E] [--answers OUT] [--repeat N]\n".data(using: .utf8)!)
    exit(2)
}
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let taskName = option("--task") ?? "ppr"
let exact = arguments.contains("--exact")
let epsilon = option("--epsilon").flatMap(Double.init) ?? BenchmarkWorkloadRetriever.defaultEpsilon
let repeats = option("--repeat").flatMap(Int.init) ?? 1
let task: BenchmarkWorkloadRetriever.Task = taskName == "hop" ? .hop : (exact ? .pprExact : .pprPush(epsilon: epsilon))

let clock = ContinuousClock()
var start = clock.now
let snapshot = try loadSnapshot(directory: directory)
let loadTime = clock.now - start
start = clock.now
let index = BenchmarkWorkloadIndex(snapshot: snapshot)
let indexTime = clock.now - start
let queries = try loadQueries(directory + "/queries.jsonl")
if taskName == "prompt" {
    let method: RankingMethod = switch option("--method") ?? "boost" {
    case "exact": .exactPageRank(tolerance: 1e-10)
    case "path": .bestPath(maxHops: 2)
    case "push": .localPush(epsilon: epsilon)
    default: .neighbourBoost
    }
    let counter: (() -> UInt)? = { () -> (() -> UInt)? in
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ig_allocation_count") else { return nil }
        let function = unsafeBitCast(symbol, to: (@convention(c) () -> UInt).self)
        return { function() }
    }()
    try runPromptBench(snapshot: snapshot, queries: queries.map { ($0.character, $0.message) }, repeats: max(2, repeats),
                       method: method, allocationCount: counter, verbose: arguments.contains("--verbose"))
    exit(0)
}
let retriever = BenchmarkWorkloadRetriever(index: index)
var answers = [[Int]](repeating: [], count: queries.count)
var micros: [Double] = []
// Thread CPU time per retrieval: less disturbed than wall time when other jobs share the cores.
var cpuMicros: [Double] = []
var ids: [Int] = []
ids.reserveCapacity(16)
var work = 0
var sweeps = 0
var updates = 0
// With LD_PRELOAD=malloc-count.so: heap allocations during the rounds after the first (warm-up).
typealias CountFunction = @convention(c) () -> UInt
let countSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ig_allocation_count")
let allocationCount: CountFunction? = countSymbol.map { unsafeBitCast($0, to: CountFunction.self) }
var allocationsAfterWarmUp: UInt = 0
// --per-query FILE: one tab-separated line per query of the last round (q, character size, seeds,
// touched nodes, work, sweeps, µs), for finding the slow queries.
var perQuery = "q\tcharacter_nodes\tseeds\ttouched\twork\tsweeps\tmicros\tupdates\n"
var retrievalsAfterWarmUp = 0
for round in 0..<repeats {
    micros.removeAll(keepingCapacity: true)
    cpuMicros.removeAll(keepingCapacity: true)
    for (i, q) in queries.enumerated() {
        let before = allocationCount?() ?? 0
        let t = clock.now
        var cpuStart = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpuStart)
        retriever.answer(task, character: q.character, message: q.message, into: &ids)
        let d = clock.now - t
        var cpuEnd = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpuEnd)
        cpuMicros.append(Double(cpuEnd.tv_sec - cpuStart.tv_sec) * 1e6 + Double(cpuEnd.tv_nsec - cpuStart.tv_nsec) / 1e3)
        if round > 0, let allocationCount {
            let allocated = allocationCount() - before
            if allocated > 0 && arguments.contains("--verbose") { print("query \(i) round \(round): \(allocated) allocations") }
            allocationsAfterWarmUp += allocated
            retrievalsAfterWarmUp += 1
        }
        micros.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
        work += retriever.lastWork
        sweeps += retriever.pageRank.lastSweeps
        updates += retriever.pageRank.lastUpdates
        if round == repeats - 1 && option("--per-query") != nil {
            let size = index.character(named: q.character).map { snapshot.nodes(ofCharacter: $0).count } ?? 0
            perQuery += "\(i)\t\(size)\t\(retriever.lastSeedCount)\t\(retriever.pageRank.touched.count)\t\(retriever.lastWork)\t\(retriever.pageRank.lastSweeps)\t\(cpuMicros.last!)\t\(retriever.pageRank.lastUpdates)\n"
        }
        if round == 0 { answers[i] = ids.map { $0 } }  // a copy: sharing would make the next removeAll allocate
    }
}
micros.sort()
cpuMicros.sort()
@MainActor func cpuRank(_ f: Double) -> Double { cpuMicros[max(0, Int((f * Double(cpuMicros.count)).rounded(.up)) - 1)] }
@MainActor func rank(_ f: Double) -> Double { micros[max(0, Int((f * Double(micros.count)).rounded(.up)) - 1)] }
print("load \(loadTime), index \(indexTime), \(snapshot.nodeCount) nodes, \(snapshot.edgeCount) edges")
print("task \(taskName)\(exact ? " exact" : "") queries \(queries.count) p50_us \(rank(0.5)) p99_us \(rank(0.99)) max_us \(micros.last ?? 0) work/query \(work / max(1, queries.count * repeats)) sweeps/query \(sweeps / max(1, queries.count * repeats)) updates/query \(updates / max(1, queries.count * repeats))")
print("thread CPU time: p50_us \(cpuRank(0.5)) p99_us \(cpuRank(0.99)) max_us \(cpuMicros.last ?? 0)")
if allocationCount != nil {
    print("heap allocations after warm-up: \(allocationsAfterWarmUp) in \(retrievalsAfterWarmUp) retrievals")
}
if let out = option("--answers") {
    var text = ""
    for (i, a) in answers.enumerated() { text += "{\"q\": \(i), \"ids\": [\(a.map(String.init).joined(separator: ", "))]}\n" }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
}
if let out = option("--per-query") { try perQuery.write(toFile: out, atomically: true, encoding: .utf8) }
