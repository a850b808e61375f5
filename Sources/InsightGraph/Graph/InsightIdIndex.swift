/// Insight id → node index.
///
/// PostgreSQL `SERIAL` ids are dense, so the index is usually a flat array (4 bytes per id, one
/// memory access per lookup) instead of a hash table (about 25 bytes per entry at a million
/// insights, plus hashing). Sparse or negative ids fall back to a dictionary, so any ids work.
struct InsightIdIndex: Sendable, Equatable {
    /// Node per id, -1 where no insight has that id; empty when the ids are sparse.
    private var dense: [NodeIndex]
    private var sparse: [Int: NodeIndex]
    private let isDense: Bool

    /// An empty index for ids in `minId...maxId`, about `count` of them.
    init(minId: Int, maxId: Int, count: Int) {
        isDense = minId >= 0 && maxId < 4 * count + 1024
        dense = isDense ? [NodeIndex](repeating: -1, count: maxId + 1) : []
        sparse = [:]
        if !isDense { sparse.reserveCapacity(count) }
    }

    /// - Complexity: O(1).
    subscript(id: Int) -> NodeIndex? {
        get {
            guard isDense else { return sparse[id] }
            guard id >= 0 && id < dense.count else { return nil }
            let node = dense[id]
            return node < 0 ? nil : node
        }
        set {
            if isDense {
                dense[id] = newValue ?? -1  // ids outside minId...maxId are never set
            } else {
                sparse[id] = newValue
            }
        }
    }
}
