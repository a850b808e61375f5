import InsightGraph
import InsightQuery

/// `--now` of `retrieve` and `query`: the instant recency is measured from, written as IGQ writes
/// timestamps (2025-03-01, 2025-03-01T12:30:00Z, 2025-03-01T12:30:00+02:00) or as seconds since 1970.
enum Instant {
    static let help = "Recency is measured from this instant: an ISO-8601 date or time as in IGQ (2025-03-01, 2025-03-01T12:30:00Z, 2025-03-01T12:30:00+02:00) or seconds since 1970; default: now."

    /// The instant `text` names, or nil when it is neither form.
    static func parse(_ text: String) -> Timestamp? {
        if let seconds = Double(text), seconds.isFinite { return Timestamp(secondsSinceEpoch: seconds) }
        guard let tokens = try? Lexer.tokenize(text), tokens.count == 2, case .timestamp(let t) = tokens[0].kind else { return nil }
        return t
    }

    /// The error for a `--now` that does not parse.
    static func invalid(_ text: String) -> String {
        "--now '\(text)' is neither an ISO-8601 date or time (2025-03-01, 2025-03-01T12:30:00Z) nor seconds since 1970"
    }
}
