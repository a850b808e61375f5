import ArgumentParser
import Foundation
import InsightBench
import InsightGraph
import InsightQuery

/// `insightgraph bench`: the shared benchmark's workload (shared/bench/README.md, R-PPR and R-HOP)
/// against the loaded database, timed per retrieval, answers in the spec's JSONL; or (`--task igq`)
/// the prompt-style IGQ query against `retrieve` for the same messages (see ``IGQBench``).
///
/// Timing: each query once after one untimed warm-up pass over all queries (it sizes the reused
/// buffers); per query, seed lookup + computation + ranking, the graph and its BenchmarkWorkloadIndex
/// already in memory; p50/p99 by nearest rank, as peers.py. JSON (`--format json`):
/// `{"task": "ppr", "queries": n, "p50_us": x, "p99_us": y, "cpu_p50_us": x, "cpu_p99_us": y, "exact": false,
/// "epsilon": 0.02, "index_s": s}` — `cpu_*`: the calling thread's CPU time per retrieval, which
/// time slices given to other processes do not inflate (wall time does, on a shared machine).
/// `--task igq` prints ``IGQBench``'s fields instead.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmark workload (R-PPR / R-HOP) and print p50/p99 microseconds per retrieval."
    )

    enum Task: String, ExpressibleByArgument, CaseIterable { case ppr, hop, igq }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: "queries.jsonl of gen_insight_graph.py: one {\"character\", \"message\"} per line.")
    var queries: String

    @Option(name: .long, help: "ppr, hop, or igq (an IGQ query against retrieve, per message).")
    var task: Task

    @Option(name: .long, help: "igq: the query, with $c (character) and $m (message) parameters.")
    var query: String = IGQBench.promptStyleQuery

    @Flag(name: .long, help: "R-PPR by power iteration (agrees with the peers exactly) instead of local push.")
    var exact = false

    @Option(name: .long, help: "Local push error parameter ε (relative to one seed's share).")
    var epsilon: Double = BenchmarkWorkloadRetriever.defaultEpsilon

    @Option(name: .long, help: "Write one {\"q\": i, \"ids\": [...]} line per query here.")
    var answers: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    func run() throws {
        let workload = try QueryFile.read(queries)
        let loaded = try source.loadGraph()
        if task == .igq {
            if answers != nil || exact { throw CommandFailure("--answers and --exact apply to --task ppr and hop, not igq") }
            let report = try IGQBench(snapshot: loaded.snapshot, query: query).run(workload)
            try report.print(format == .json)
            return
        }
        let clock = ContinuousClock()
        let started = clock.now
        let index = BenchmarkWorkloadIndex(snapshot: loaded.snapshot)
        let indexTime = clock.now - started
        let retriever = BenchmarkWorkloadRetriever(index: index)
        let workloadTask: BenchmarkWorkloadRetriever.Task = task == .hop ? .hop : (exact ? .pprExact : .pprPush(epsilon: epsilon))
        var ids: [Int] = []
        ids.reserveCapacity(16)
        for query in workload { retriever.answer(workloadTask, character: query.character, message: query.message, into: &ids) }
        var timings = BenchTimings()
        var lines = ""
        for (i, query) in workload.enumerated() {
            timings.measure { retriever.answer(workloadTask, character: query.character, message: query.message, into: &ids) }
            if answers != nil { lines += "{\"q\": \(i), \"ids\": [\(ids.map(String.init).joined(separator: ", "))]}\n" }
        }
        if let answers {
            do { try lines.write(toFile: answers, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure("cannot write --answers \(answers): \(error.localizedDescription)")
            }
        }
        func nearestRank(_ fraction: Double, cpu: Bool = false) -> Double { timings.percentile(fraction, cpu: cpu) }
        let indexSeconds = Double(indexTime.components.seconds) + Double(indexTime.components.attoseconds) / 1e18
        switch format {
        case .json:
            var object: [String: Any] = ["task": task.rawValue, "queries": workload.count, "p50_us": nearestRank(0.5),
                                         "p99_us": nearestRank(0.99), "index_s": indexSeconds,
                                         "cpu_p50_us": nearestRank(0.5, cpu: true), "cpu_p99_us": nearestRank(0.99, cpu: true)]
            if task == .ppr {
                object["exact"] = exact
                if !exact { object["epsilon"] = epsilon }
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .table:
            let method = task == .hop ? "" : (exact ? " (exact)" : " (local push, ε = \(epsilon))")
            print("task\tqueries\tp50_us\tp99_us\tcpu_p50_us\tcpu_p99_us")
            print("\(task.rawValue)\(method)\t\(workload.count)\t\(String(format: "%.1f", nearestRank(0.5)))\t\(String(format: "%.1f", nearestRank(0.99)))\t\(String(format: "%.1f", nearestRank(0.5, cpu: true)))\t\(String(format: "%.1f", nearestRank(0.99, cpu: true)))")
        }
    }
}

/// The workload's queries.jsonl: one JSON object per line with string fields "character" and
/// "message" (other fields ignored; blank lines skipped). Errors name the line.
enum QueryFile {
    struct Query { var character: String; var message: String }

    static func read(_ path: String) throws -> [Query] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure("cannot read --queries \(path): \(error.localizedDescription)")
        }
        var queries: [Query] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw CommandFailure("\(path) line \(number + 1): not a JSON object")
            }
            guard let character = object["character"] as? String, let message = object["message"] as? String else {
                throw CommandFailure("\(path) line \(number + 1): needs string fields \"character\" and \"message\"")
            }
            queries.append(Query(character: character, message: message))
        }
        return queries
    }
}

/// Wall and calling-thread CPU time per timed call, in microseconds, and their percentiles.
struct BenchTimings {
    var wall: [Double] = []
    var cpu: [Double] = []

    mutating func measure(_ body: () throws -> Void) rethrows {
        let cpuStarted = threadCPUMicros()
        let started = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - started
        cpu.append(threadCPUMicros() - cpuStarted)
        wall.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
    }

    /// Nearest rank, as peers.py.
    func percentile(_ fraction: Double, cpu useCPU: Bool = false) -> Double {
        let values = (useCPU ? cpu : wall).sorted()
        return values.isEmpty ? 0 : values[max(0, Int((fraction * Double(values.count)).rounded(.up)) - 1)]
    }
}

/// CPU time of the calling thread, in microseconds.
func threadCPUMicros() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}

/// A command failure with a message a user can act on (exit code 1).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
