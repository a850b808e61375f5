/// How often polling may look for updated rows through the date watermarks.
///
/// Without the NOTIFY triggers, an update is found only as a row whose date column moved past the
/// latest seen. Without an index on that column each such check reads the whole table (85 ms of one
/// backend for the medium dataset's two tables, five times that on the large one), and at every
/// 250 ms poll that is a third of a database core spent finding nothing, competing with the service
/// itself on a shared machine. New rows need no such scan (the id watermark uses the primary key), so
/// they are polled every time; the date check is spaced so that it takes at most `share` of one
/// database core: a check that took `d` waits `d × (1/share − 1)` before the next. With an index on
/// the date columns a check takes about a millisecond and runs at every poll again.
struct DateScanPacing: Sendable {
    /// Fraction of one database core the date checks may use (0: never; 1: at every poll).
    let share: Double
    private var nextCheck: ContinuousClock.Instant?

    init(share: Double) {
        precondition((0...1).contains(share), "share is a fraction between 0 and 1")
        self.share = share
    }

    /// Whether a poll starting at `now` should include the date check.
    func isDue(at now: ContinuousClock.Instant) -> Bool {
        guard share > 0 else { return false }
        return nextCheck.map { now >= $0 } ?? true
    }

    /// Records date checks (the date queries alone) that took `cost` in all and ended at `end`.
    mutating func checked(taking cost: Duration, endingAt end: ContinuousClock.Instant) {
        guard share > 0 else { return }
        nextCheck = end + cost * (1 / share - 1)
    }
}
