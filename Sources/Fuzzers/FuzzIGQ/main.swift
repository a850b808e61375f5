import FuzzSupport
import InsightQuery

// libFuzzer entry point: the input is IGQ text (any bytes; invalid UTF-8 is repaired as a user's
// text would be). Lexer and parser always run; a query that parses is also bound, planned, run
// on a small fixed graph and rendered in every format. Any outcome but a trap is fine: errors
// are what bad input should produce.

/// Parameters the seed queries use (`Queries/*.igq`), untyped as `--param` gives them.
let parameters: [String: QueryValue] = [
    "who": .untyped("elena"), "min": .untyped("0.7"), "since": .untyped("2025-03-01"),
    "types": .untyped("emotional_pattern, preference"), "n": .untyped("5"),
    "message": .string("A diver sent me photos of coral bleaching near the reef"),
    "character": .string("elena"), "id": .integer(10), "weights": .list([.integer(10), .number(0.5)]),
]

/// Small bounds so one input cannot run for long (a limit hit is a clean error).
let limits = QueryLimits(maxHops: 4, maxNodesExpanded: 5_000, maxRows: 200, deadline: .milliseconds(200))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIGQ(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let text = String(decoding: fuzzInput(start, count), as: UTF8.self)
    guard (try? IGQ.parse(text, file: "fuzz.igq")) != nil else { return 0 }
    do {
        let result = try IGQ.run(text, file: "fuzz.igq", graph: FuzzGraph.snapshot, parameters: parameters,
                                 limits: limits, now: FuzzGraph.now)
        for format in ResultFormat.allCases { _ = result.rendered(as: format) }
    } catch {
        _ = error.description
    }
    return 0
}
