import Dispatch

/// Runs `first` and `second` at the same time, on the calling thread and one more, and returns both
/// results. The graph builds its out- and in-adjacency this way, and a retrieval index its walk
/// graph and its text index: each pair only reads the same immutable inputs, so a load or refresh
/// takes about as long as the longer half.
func inParallel<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    let results = ResultPair<A, B>()
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 { results.first = first() } else { results.second = second() }
    }
    return (results.first!, results.second!)
}

/// Each slot is written by one of the two parts and read after both have finished
/// (`concurrentPerform` returns only then), so no lock is needed.
private final class ResultPair<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
