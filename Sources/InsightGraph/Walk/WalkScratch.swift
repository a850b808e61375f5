/// Working memory for walks over one snapshot, reused across calls: visited marks for the
/// breadth-first search and a node → local-number map for ``LocalWalk``, each sized to the
/// snapshot and emptied in O(1) (generation marks). Without one, the search allocates a visited
/// array per call and ``LocalWalk`` finds local numbers by binary search.
///
/// Not thread-safe: one per thread. ``RetrieverPool/withWalkScratch(_:)`` lends them out.
public final class WalkScratch {
    public let nodeCount: Int
    let visited: NodeMarks
    let localNumbers: NodeNumbering

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        visited = NodeMarks(count: nodeCount)
        localNumbers = NodeNumbering(count: nodeCount)
    }
}

/// A node → number map that empties in O(1): an entry counts when its stamp is the current
/// generation. Stamp and number share one word, so a lookup is one memory access (a walk looks up
/// every neighbour of every node it numbers).
final class NodeNumbering {
    private let entries: ScratchBuffer<UInt64>
    private var generation: UInt64 = 1

    init(count: Int) { entries = ScratchBuffer(count: count, repeating: 0) }

    /// Empties the map.
    func clear() {
        if generation == UInt64(UInt32.max) {
            for i in 0..<entries.count { entries[i] = 0 }
            generation = 1
        } else {
            generation += 1
        }
    }

    @inline(__always) func set(_ node: Int, to number: Int32) {
        entries[node] = generation << 32 | UInt64(UInt32(bitPattern: number))
    }

    @inline(__always) func number(of node: Int) -> Int32? {
        let entry = entries[node]
        return entry >> 32 == generation ? Int32(bitPattern: UInt32(truncatingIfNeeded: entry)) : nil
    }
}
