/// A bound on the work of one call, checked inside the core's loops (breadth-first search,
/// PageRank, path search) so that a caller's deadline holds however large the walk turns out.
///
/// A loop calls ``spend(_:)`` as it works; once the deadline has passed, `spend` returns false, the
/// loop stops where it is and the call returns early with ``isExhausted`` set. The caller (IGQ, with
/// its query deadline) then reports the limit in its own words. The clock is read on the first call
/// and then once per 1,024 units, so checking costs almost nothing.
public final class WorkBudget {
    public let deadline: ContinuousClock.Instant
    public private(set) var isExhausted = false
    /// Starts full, so the first call reads the clock: even a tiny walk notices a passed deadline.
    private var unitsSinceCheck = 1024

    public init(deadline: ContinuousClock.Instant) {
        self.deadline = deadline
    }

    /// Counts `units` of work; false once the deadline has passed.
    @inline(__always)
    public func spend(_ units: Int = 1) -> Bool {
        unitsSinceCheck &+= units
        if unitsSinceCheck >= 1024 || isExhausted {
            unitsSinceCheck = 0
            if !isExhausted && ContinuousClock.now >= deadline { isExhausted = true }
        }
        return !isExhausted
    }
}
