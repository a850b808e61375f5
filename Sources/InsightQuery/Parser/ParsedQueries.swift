import Synchronization

/// Query texts already parsed, with their ASTs, shared by every thread: a prompt builder sends one
/// query text over and over with new parameters (as with a prepared statement), and lexing and
/// parsing it again costs about a twentieth of a prompt-style query. Parsing depends on the text
/// alone, so a kept AST is exactly what parsing again would give; texts that fail to parse are
/// not kept (their errors are made afresh). At most ``capacity`` texts of at most
/// ``maximumTextLength`` bytes; the least recently used go first.
final class ParsedQueries: Sendable {
    static let shared = ParsedQueries()

    let capacity: Int
    let maximumTextLength: Int

    private struct State: ~Copyable {
        var entries: [String: (query: Query, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
    }
    private let state = Mutex(State())

    init(capacity: Int = 256, maximumTextLength: Int = 16_384) {
        self.capacity = capacity
        self.maximumTextLength = maximumTextLength
    }

    /// The AST of `text`: kept, or parsed now (and kept when it parses and fits).
    func query(_ text: String) throws(QueryError) -> Query {
        let kept = state.withLock { state -> Query? in
            guard let entry = state.entries[text] else { return nil }
            state.clock += 1
            state.entries[text]!.lastUse = state.clock
            return entry.query
        }
        if let kept { return kept }
        let query = try Parser.parse(text)
        guard capacity > 0, text.utf8.count <= maximumTextLength else { return query }
        state.withLock { state in
            state.clock += 1
            state.entries[text] = (query, state.clock)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries[oldest.key] = nil
            }
        }
        return query
    }

    /// Number of texts kept now.
    var count: Int { state.withLock { $0.entries.count } }

    /// Whether `text` is kept now.
    func isKept(_ text: String) -> Bool { state.withLock { $0.entries[text] != nil } }
}
