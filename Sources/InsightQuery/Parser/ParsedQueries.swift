import InsightGraph
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

    private let kept: Mutex<RecencyCache<String, Query>>

    init(capacity: Int = 256, maximumTextLength: Int = 16_384) {
        self.capacity = capacity
        self.maximumTextLength = maximumTextLength
        kept = Mutex(RecencyCache(budget: capacity))
    }

    /// The AST of `text`: kept, or parsed now (and kept when it parses and fits).
    func query(_ text: String) throws(QueryError) -> Query {
        if let query = kept.withLock({ $0.value(for: text) }) { return query }
        let query = try Parser.parse(text)
        guard capacity > 0, text.utf8.count <= maximumTextLength else { return query }
        return kept.withLock { $0.keep(query, for: text, cost: 1) }
    }

    /// Number of texts kept now.
    var count: Int { kept.withLock { $0.count } }

    /// Whether `text` is kept now.
    func isKept(_ text: String) -> Bool { kept.withLock { $0.contains(text) } }
}
