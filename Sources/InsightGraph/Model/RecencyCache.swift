/// Values kept by key within a budget of cost, the least recently used going first when a new one
/// needs room: the bookkeeping of the engine's caches (IGQ's parsed query texts, the kept walk rows
/// of ``MaskedStepsCache``). Not thread-safe: its owners keep it behind their lock.
package struct RecencyCache<Key: Hashable, Value> {
    /// Most total cost kept (a value costing more than this is still kept, alone).
    package let budget: Int
    /// Cost of the values kept now.
    package private(set) var totalCost = 0
    private var entries: [Key: (value: Value, cost: Int, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    package init(budget: Int) { self.budget = budget }

    /// Number of values kept.
    package var count: Int { entries.count }

    /// Whether a value is kept for `key` (its recency unchanged).
    package func contains(_ key: Key) -> Bool { entries[key] != nil }

    /// The value kept for `key`, now the most recently used; nil if none.
    package mutating func value(for key: Key) -> Value? {
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key]!.lastUse = clock
        return entry.value
    }

    /// Keeps `value` for `key` unless a value is kept for it already (made meanwhile by another
    /// thread, say), and returns the one kept; makes room first by dropping the least recently used.
    package mutating func keep(_ value: Value, for key: Key, cost: Int) -> Value {
        if let existing = self.value(for: key) { return existing }
        while totalCost + cost > budget, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            totalCost -= oldest.value.cost
            entries[oldest.key] = nil
        }
        clock += 1
        entries[key] = (value, cost, clock)
        totalCost += cost
        return value
    }
}
