/// Working memory for walks over one snapshot, reused across calls: visited marks for the
/// breadth-first search and a node → local-number map for ``LocalWalk``, each sized to the
/// snapshot and emptied in O(1) (generation marks). Without one, the search allocates a visited
/// array per call and ``LocalWalk`` finds local numbers by binary search.
///
/// Not thread-safe: one per thread. ``RetrieverPool/withWalkScratch(_:)`` lends them out.
public final class WalkScratch {
    public let nodeCount: Int
    let visited: NodeMarks
    let inWalk: NodeMarks
    let localNumber: ScratchBuffer<Int32>

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        visited = NodeMarks(count: nodeCount)
        inWalk = NodeMarks(count: nodeCount)
        localNumber = ScratchBuffer(count: nodeCount, repeating: -1)
    }
}
