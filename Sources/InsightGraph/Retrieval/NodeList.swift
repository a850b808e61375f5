/// A set of node numbers that empties in O(1): a node is in the set when its stamp equals the
/// current generation. Used for "seen", "is seed", "in queue" marks.
@usableFromInline package final class NodeMarks {
    @usableFromInline let stamps: ScratchBuffer<UInt32>
    /// The current generation, kept in scratch memory rather than in a stored `var`: a class's
    /// stored `var`, read by code inlined into another module (the benchmark's), is checked for
    /// exclusive access at run time, a runtime call per read; scratch memory is not.
    @usableFromInline let generationCell: ScratchBuffer<UInt32>
    @inlinable var generation: UInt32 {
        @inline(__always) get { generationCell[0] }
        @inline(__always) set { generationCell[0] = newValue }
    }

    package init(count: Int) {
        stamps = ScratchBuffer(count: count, repeating: 0)
        generationCell = ScratchBuffer(count: 1, repeating: 1)
    }

    /// Empties the set.
    package func clear() {
        if generation == .max {
            stamps.fill(0, in: 0..<stamps.count)
            generation = 1
        } else {
            generation += 1
        }
    }

    @inlinable @inline(__always) package func contains(_ node: Int) -> Bool { stamps[node] == generation }
    @inlinable @inline(__always) package func insert(_ node: Int) { stamps[node] = generation }
    @inlinable @inline(__always) package func remove(_ node: Int) { stamps[node] = 0 }

    /// Inserts and says whether the node was new.
    @inlinable @inline(__always) package func insertIfAbsent(_ node: Int) -> Bool {
        if stamps[node] == generation { return false }
        stamps[node] = generation
        return true
    }
}

/// A list of nodes in a fixed buffer (capacity: the snapshot's node count), reused across calls.
@usableFromInline package final class NodeList {
    @usableFromInline let storage: ScratchBuffer<NodeIndex>
    /// ``count`` and ``version``, in scratch memory for the reason ``NodeMarks`` keeps its generation there.
    @usableFromInline let counters: ScratchBuffer<Int>
    @inlinable package internal(set) var count: Int {
        @inline(__always) get { counters[0] }
        @inline(__always) set { counters[0] = newValue }
    }
    /// Bumped by ``removeAll()``: a ``WorkspaceNodes`` view of an older content is stale.
    @inlinable var version: UInt32 {
        @inline(__always) get { UInt32(truncatingIfNeeded: counters[1]) }
        @inline(__always) set { counters[1] = Int(newValue) }
    }

    package init(capacity: Int) {
        storage = ScratchBuffer(count: capacity, repeating: 0)
        counters = ScratchBuffer(count: 2, repeating: 0)
    }

    @inlinable @inline(__always) package func removeAll() {
        count = 0
        version &+= 1
    }

    @inlinable @inline(__always) package func append(_ node: NodeIndex) {
        assert(count < storage.count, "node list full")
        storage[count] = node
        count += 1
    }

    @inlinable @inline(__always) package subscript(i: Int) -> NodeIndex {
        assert(i >= 0 && i < count, "node list index \(i) out of 0..<\(count)")
        return storage[i]
    }

    @inlinable package var isEmpty: Bool { count == 0 }
    /// The nodes listed now (a view: no copy).
    @inlinable package var nodes: WorkspaceNodes { WorkspaceNodes(list: self) }
}

/// The nodes a workspace (``PageRankWorkspace``, ``PathSearch``) listed in its last run, read in
/// place from the workspace's reused buffer: no copy, no allocation. The view holds the nodes listed
/// when it was made; read it before the workspace's next run (debug builds check this).
public struct WorkspaceNodes: RandomAccessCollection {
    @usableFromInline let list: NodeList
    @usableFromInline let version: UInt32
    public let endIndex: Int
    @inlinable public var startIndex: Int { 0 }

    @inlinable init(list: NodeList) {
        self.list = list
        version = list.version
        endIndex = list.count
    }

    @inlinable @inline(__always)
    public subscript(position: Int) -> NodeIndex {
        precondition(position >= 0 && position < endIndex, "index \(position) out of 0..<\(endIndex)")
        assert(list.version == version, "the workspace ran again since this view was made")
        return list[position]
    }
}
