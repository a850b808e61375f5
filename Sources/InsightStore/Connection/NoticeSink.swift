/// Takes the server's notices instead of libpq's default receiver, which prints them to stderr
/// (raw `WARNING:` lines in the CLI's output, outside the service's log). A notice of SQLSTATE
/// class 57 (operator intervention: shutdown, crash of another backend) is kept for
/// ``Connection/lostConnectionMessage``; others (e.g. "trigger ... does not exist, skipping") are dropped.
final class NoticeSink {
    /// Set by the receiver (`NoticeSink+Unsafe.swift`).
    var shutdownNotice: String?
}
