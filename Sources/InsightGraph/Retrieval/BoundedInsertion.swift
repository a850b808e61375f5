extension Array {
    /// Keeps this array the best `limit` elements seen, in order: inserts `element` at its place by
    /// `before` (true when the first goes ahead of the second), dropping the last when full; does
    /// nothing when a full array's last already goes ahead of it. The "strongest k" selection of
    /// seeds, propagating matches and listed seeds: O(k) per element, no allocation once the
    /// capacity is there. Inlinable: called from other modules (IGQ's bounded RANK BY), a body that
    /// is not runs unspecialized there, through value witnesses per element moved.
    @inlinable @inline(__always)
    package mutating func insertKeepingBest(_ element: Element, limit: Int, by before: (Element, Element) -> Bool) {
        guard limit > 0 else { return }
        if count == limit {
            if !before(element, self[limit - 1]) { return }
            removeLast()
        }
        var i = count
        append(element)
        while i > 0 && before(element, self[i - 1]) { self[i] = self[i - 1]; i -= 1 }
        self[i] = element
    }
}
