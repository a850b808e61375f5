import Foundation

/// How many `/v1/retrieve` answers a snapshot keeps, and for how long.
public struct AnswerCachePolicy: Sendable, Equatable {
    /// Bytes of answers, and of the messages they answer, kept at most (0 turns the cache off).
    public var maxBytes: Int
    /// An answer older than this is computed again: scores include recency, measured from the
    /// moment an answer is computed, so a cached answer must not outlive its clock for long.
    public var maxAge: Duration

    public init(maxBytes: Int = 64 << 20, maxAge: Duration = .seconds(60)) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
    }

    /// No answer cache: every request is answered afresh (`serve --answer-cache-mib 0`).
    public static let off = AnswerCachePolicy(maxBytes: 0)

    public var isEnabled: Bool { maxBytes > 0 && maxAge > .zero }
}

/// Recent `/v1/retrieve` answers of one snapshot, by request.
///
/// Why: a prompt builder asks again for the same message more often than one might think — a user
/// regenerating ("swiping") a reply, a retry after a timeout, several bot shards answering one
/// channel. The answer to the same request on the same immutable snapshot is the same bytes, so it
/// is served from here instead of being ranked and encoded again. A cache belongs to one
/// ``ServedSnapshot``: a refresh starts with an empty one, so an answer never outlives its graph.
///
/// Eviction is two generations (a cheap approximation of least-recently-used): answers go into the
/// current generation; when it holds half the budget it becomes the previous one and the older
/// previous is dropped; a hit in the previous generation moves the answer back to the current.
final class AnswerCache: Sendable {
    /// A validated request, as far as it decides the answer.
    struct Key: Hashable, Sendable {
        var characterIndex: Int
        var message: String
        var limit: Int?
        var seeds: [RetrievalSeed]
        var options: JSONValue?

        init(_ request: RetrievalRequest) {
            characterIndex = request.characterIndex
            message = request.message
            limit = request.limit
            seeds = request.seeds
            options = request.options
        }
    }

    private struct Entry {
        var bytes: [UInt8]
        var storedAt: ContinuousClock.Instant
        /// What it counts against the budget: the answer and the message it answers (a message
        /// can be as large as the body limit).
        var cost: Int
    }

    private struct Generations {
        var current: [Key: Entry] = [:]
        var previous: [Key: Entry] = [:]
        var currentBytes = 0
    }

    let policy: AnswerCachePolicy
    private let generations = Locked(Generations())
    private let clock = ContinuousClock()

    init(policy: AnswerCachePolicy) { self.policy = policy }

    /// The stored answer for `key`, unless it is older than the policy allows.
    func answer(for key: Key) -> [UInt8]? {
        let now = clock.now
        return generations.withLock { g in
            if let entry = g.current[key] {
                guard now - entry.storedAt <= policy.maxAge else {
                    g.current[key] = nil
                    g.currentBytes -= entry.cost
                    return nil
                }
                return entry.bytes
            }
            guard let entry = g.previous.removeValue(forKey: key) else { return nil }
            guard now - entry.storedAt <= policy.maxAge else { return nil }
            insert(entry, for: key, into: &g)
            return entry.bytes
        }
    }

    /// Keeps `bytes` as the answer for `key` (one costing more than half the budget is not kept).
    func store(_ bytes: [UInt8], for key: Key) {
        let entry = Entry(bytes: bytes, storedAt: clock.now, cost: bytes.count + key.message.utf8.count)
        generations.withLock { insert(entry, for: key, into: &$0) }
    }

    /// Answers kept now and what they count against the budget (both generations).
    var usage: (answers: Int, bytes: Int) {
        generations.withLock { g in
            (g.current.count + g.previous.count, g.currentBytes + g.previous.values.reduce(0) { $0 + $1.cost })
        }
    }

    private func insert(_ entry: Entry, for key: Key, into g: inout Generations) {
        let half = policy.maxBytes / 2
        guard entry.cost <= half else { return }
        if let old = g.current.updateValue(entry, forKey: key) {
            g.currentBytes -= old.cost
        }
        g.currentBytes += entry.cost
        if g.currentBytes > half {
            g.previous = g.current
            g.current = [:]
            g.currentBytes = 0
        }
    }
}
