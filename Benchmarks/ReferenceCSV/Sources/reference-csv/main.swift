import Foundation
import InsightGraph

// reference-csv DIR --task ppr|hop [--exact] [--epsilon E] [--answers OUT.jsonl] [--repeat N]
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
let epsilon = option("--epsilon").flatMap(Double.init) ?? ReferenceRetriever.defaultEpsilon
let repeats = option("--repeat").flatMap(Int.init) ?? 1
let task: ReferenceRetriever.Task = taskName == "hop" ? .hop : (exact ? .pprExact : .pprPush(epsilon: epsilon))

let clock = ContinuousClock()
var start = clock.now
let snapshot = try loadSnapshot(directory: directory)
let loadTime = clock.now - start
start = clock.now
let index = ReferenceIndex(snapshot: snapshot)
let indexTime = clock.now - start
let queries = try loadQueries(directory + "/queries.jsonl")
let retriever = ReferenceRetriever(index: index)
var answers = [[Int]](repeating: [], count: queries.count)
var micros: [Double] = []
var ids: [Int] = []
ids.reserveCapacity(16)
var work = 0
var sweeps = 0
// With LD_PRELOAD=malloc-count.so: heap allocations during the rounds after the first (warm-up).
typealias CountFunction = @convention(c) () -> UInt
let countSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ig_allocation_count")
let allocationCount: CountFunction? = countSymbol.map { unsafeBitCast($0, to: CountFunction.self) }
var allocationsAfterWarmUp: UInt = 0
var retrievalsAfterWarmUp = 0
for round in 0..<repeats {
    micros.removeAll(keepingCapacity: true)
    for (i, q) in queries.enumerated() {
        let before = allocationCount?() ?? 0
        let t = clock.now
        retriever.answer(task, character: q.character, message: q.message, into: &ids)
        let d = clock.now - t
        if round > 0, let allocationCount {
            let allocated = allocationCount() - before
            if allocated > 0 && arguments.contains("--verbose") { print("query \(i) round \(round): \(allocated) allocations") }
            allocationsAfterWarmUp += allocated
            retrievalsAfterWarmUp += 1
        }
        micros.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
        work += retriever.lastWork
        sweeps += retriever.pageRank.lastSweeps
        if round == 0 { answers[i] = ids.map { $0 } }  // a copy: sharing would make the next removeAll allocate
    }
}
micros.sort()
@MainActor func rank(_ f: Double) -> Double { micros[max(0, Int((f * Double(micros.count)).rounded(.up)) - 1)] }
print("load \(loadTime), index \(indexTime), \(snapshot.nodeCount) nodes, \(snapshot.edgeCount) edges")
print("task \(taskName)\(exact ? " exact" : "") queries \(queries.count) p50_us \(rank(0.5)) p99_us \(rank(0.99)) max_us \(micros.last ?? 0) work/query \(work / max(1, queries.count * repeats)) sweeps/query \(sweeps / max(1, queries.count * repeats))")
if allocationCount != nil {
    print("heap allocations after warm-up: \(allocationsAfterWarmUp) in \(retrievalsAfterWarmUp) retrievals")
}
if let out = option("--answers") {
    var text = ""
    for (i, a) in answers.enumerated() { text += "{\"q\": \(i), \"ids\": [\(a.map(String.init).joined(separator: ", "))]}\n" }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
}
