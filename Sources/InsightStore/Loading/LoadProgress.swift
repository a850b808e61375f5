/// A progress report while loading: how many rows so far, how fast, and how far along compared
/// with the planner's row estimate (`pg_class.reltuples`, nil when tables were never analyzed).
public struct LoadProgress: Sendable {
    public enum Phase: Sendable { case reading, building }
    /// Reading rows, or building the graph from them (reported once, when reading is done).
    public var phase: Phase = .reading
    /// The table being read.
    public var table: String
    /// Rows read so far, all tables together.
    public var rowsLoaded: Int
    public var rowsPerSecond: Double
    /// The estimate for all tables together.
    public var estimatedRows: Int?
    public var secondsElapsed: Double

    /// 0...100, capped at 99 until the load finishes (estimates can be low).
    public var percent: Double? {
        guard let estimatedRows, estimatedRows > 0 else { return nil }
        return min(99, 100 * Double(rowsLoaded) / Double(estimatedRows))
    }
}

/// Counts rows and calls the progress callback at most every `interval` seconds.
struct ProgressMeter {
    let callback: ((LoadProgress) -> Void)?
    let estimatedRows: Int?
    let interval: Double
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var lastReport: ContinuousClock.Instant
    var rows = 0
    /// The table being read, named in reports.
    var table = ""

    init(callback: ((LoadProgress) -> Void)?, estimatedRows: Int?, interval: Double) {
        self.callback = callback
        self.estimatedRows = estimatedRows
        self.interval = interval
        started = clock.now
        lastReport = started
    }

    var secondsElapsed: Double { Self.seconds(clock.now - started) }

    @inline(__always)
    mutating func tick() {
        rows += 1
        // Reading the clock per row would cost more than decoding small rows.
        if callback != nil && rows & 0x0FFF == 0 { report(force: false) }
    }

    mutating func report(force: Bool, phase: LoadProgress.Phase = .reading) {
        guard let callback else { return }
        let now = clock.now
        guard force || Self.seconds(now - lastReport) >= interval else { return }
        lastReport = now
        let elapsed = Self.seconds(now - started)
        callback(LoadProgress(phase: phase, table: table, rowsLoaded: rows, rowsPerSecond: elapsed > 0 ? Double(rows) / elapsed : 0,
                              estimatedRows: estimatedRows, secondsElapsed: elapsed))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
