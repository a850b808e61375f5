import Foundation
import InsightGraph
import InsightQuery

/// `insightgraph bench --task igq`: an IGQ query (by default the prompt-style one a prompt builder
/// sends) against `retrieve` for the same messages, in one process and one run, so their ratio is
/// measured without HTTP. Both as the service runs them: one shared ``RetrieverPool`` (its kept walk
/// rows made during the warm-up pass), the retrieval with explanations and the rendered prompt, the
/// query rendered as JSON; no answer cache. Per message, the two in turn.
///
/// JSON (`--format json`): `{"task": "igq", "queries": n, "p50_us": x, "p99_us": y, "cpu_p50_us": x,
/// "cpu_p99_us": y, "retrieve_p50_us": x, "retrieve_p99_us": y, "retrieve_cpu_p50_us": x,
/// "retrieve_cpu_p99_us": y, "ratio_p50": r, "rows": n}` — the unprefixed figures are the query's;
/// `ratio_p50` is its p50 over retrieve's; `rows`, the rows the query returned over all messages.
struct IGQBench {
    /// The query `Scripts/bench/service.sh` sends to `/v1/query`: the prompt-style query of docs/performance.md.
    static let promptStyleQuery = "FROM CHARACTER $c SEED MESSAGE $m EXPAND 2 HOPS VIA supports, builds_on, leads_to "
        + "MIN STRENGTH 0.3 BOTH RANK BY ppr(damping: 0.85) * confidence LIMIT 10"

    let snapshot: GraphSnapshot
    let query: String

    struct Report {
        var queries: Int
        var igq: BenchTimings
        var retrieve: BenchTimings
        var rows: Int

        func print(_ json: Bool) throws {
            let ratio = retrieve.percentile(0.5) > 0 ? igq.percentile(0.5) / retrieve.percentile(0.5) : 0
            if json {
                let object: [String: Any] = [
                    "task": "igq", "queries": queries, "rows": rows,
                    "p50_us": igq.percentile(0.5), "p99_us": igq.percentile(0.99),
                    "cpu_p50_us": igq.percentile(0.5, cpu: true), "cpu_p99_us": igq.percentile(0.99, cpu: true),
                    "retrieve_p50_us": retrieve.percentile(0.5), "retrieve_p99_us": retrieve.percentile(0.99),
                    "retrieve_cpu_p50_us": retrieve.percentile(0.5, cpu: true),
                    "retrieve_cpu_p99_us": retrieve.percentile(0.99, cpu: true), "ratio_p50": ratio,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                Swift.print(String(decoding: data, as: UTF8.self))
                return
            }
            func f(_ x: Double) -> String { String(format: "%.1f", x) }
            Swift.print("task\tqueries\tp50_us\tp99_us\tcpu_p50_us\tcpu_p99_us")
            for (name, t) in [("igq", igq), ("retrieve", retrieve)] {
                Swift.print("\(name)\t\(queries)\t\(f(t.percentile(0.5)))\t\(f(t.percentile(0.99)))\t"
                            + "\(f(t.percentile(0.5, cpu: true)))\t\(f(t.percentile(0.99, cpu: true)))")
            }
            Swift.print("igq p50 / retrieve p50: \(String(format: "%.2f", ratio)) (\(rows) rows returned)")
        }
    }

    func run(_ workload: [QueryFile.Query]) throws -> Report {
        let pool = RetrieverPool(index: RetrievalIndex(snapshot: snapshot))
        var rows = 0
        func igq(_ q: QueryFile.Query) throws -> Int {
            let result = try IGQ.run(query, file: "--query", graph: snapshot,
                                     parameters: ["c": .untyped(q.character), "m": .untyped(q.message)], retrievers: pool)
            _ = result.rendered(as: .json)
            return result.rows.count
        }
        func retrieve(_ q: QueryFile.Query) throws {
            let response = try pool.withRetriever { try $0.retrieve(character: q.character, message: q.message, options: pool.defaults) }
            _ = PromptRenderer().render(response.results)
        }
        // Warm-up: sizes the reused buffers and makes every character's kept walk rows.
        for q in workload {
            do { _ = try igq(q); try retrieve(q) } catch {
                throw CommandFailure("bench --task igq: \(q.character): \(error)")
            }
        }
        pool.maskedSteps.waitForBackgroundWork()
        var igqTimes = BenchTimings(), retrieveTimes = BenchTimings()
        for q in workload {
            try igqTimes.measure { rows += try igq(q) }
            try retrieveTimes.measure { try retrieve(q) }
        }
        return Report(queries: workload.count, igq: igqTimes, retrieve: retrieveTimes, rows: rows)
    }
}
