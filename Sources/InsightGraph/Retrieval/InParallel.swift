import Dispatch

/// Runs `first` and `second` at the same time, on the calling thread and one more, and returns both
/// results. A retrieval index builds its walk graph and its text index this way: both only read
/// the same immutable snapshot, so a refresh takes about as long as the longer of the two.
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
