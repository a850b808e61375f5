/// A fixed-size array of plain values owned by one workspace and reused across calls, so the
/// retrieval hot path does no allocation after warm-up. Unchecked indexing: callers index with
/// node numbers they got from the same snapshot. Not thread-safe: one per workspace, one workspace
/// per thread.
final class ScratchBuffer<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }
}

/// A set of node numbers that empties in O(1): a node is in the set when its stamp equals the
/// current generation. Used for "seen", "is seed", "in queue" marks.
final class NodeMarks {
    private let stamps: ScratchBuffer<UInt32>
    @exclusivity(unchecked) private var generation: UInt32 = 1

    init(count: Int) { stamps = ScratchBuffer(count: count, repeating: 0) }

    /// Empties the set.
    func clear() {
        if generation == .max {
            for i in 0..<stamps.count { stamps[i] = 0 }
            generation = 1
        } else {
            generation += 1
        }
    }

    @inline(__always) func contains(_ node: Int) -> Bool { stamps[node] == generation }
    @inline(__always) func insert(_ node: Int) { stamps[node] = generation }
    @inline(__always) func remove(_ node: Int) { stamps[node] = 0 }

    /// Inserts and says whether the node was new.
    @inline(__always) func insertIfAbsent(_ node: Int) -> Bool {
        if stamps[node] == generation { return false }
        stamps[node] = generation
        return true
    }
}

/// A list of nodes in a fixed buffer (capacity: the snapshot's node count), reused across calls.
final class NodeList {
    let storage: ScratchBuffer<NodeIndex>
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int) { storage = ScratchBuffer(count: capacity, repeating: 0) }

    @inline(__always) func removeAll() { count = 0 }
    @inline(__always) func append(_ node: NodeIndex) { storage[count] = node; count += 1 }
    @inline(__always) subscript(i: Int) -> NodeIndex { storage[i] }
    var isEmpty: Bool { count == 0 }
    /// The nodes as a buffer (valid until the next change).
    var nodes: UnsafeBufferPointer<NodeIndex> { UnsafeBufferPointer(start: storage.base, count: count) }
}

extension ScratchBuffer where Element == UInt8 {
    /// Calls `body` with each folded token of an ASCII `text` (runs of letters and digits, A–Z
    /// lower-cased, anything else separates: exactly ``Tokenizer/foldedTokens(_:)`` on ASCII), each
    /// assembled in this buffer, so nothing is allocated. Returns false when `text` is not ASCII or
    /// is longer than the buffer; `body` may then have seen some tokens, and the caller starts over
    /// the general way.
    @inline(__always)
    func forEachASCIIToken(of text: inout String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        text.withUTF8 { bytes -> Bool in
            if bytes.count > count { return false }
            var length = 0
            for byte in bytes {
                if byte >= 0x80 { return false }
                if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) {
                    base[length] = byte
                    length += 1
                } else if byte >= 0x41 && byte <= 0x5A {
                    base[length] = byte + 32
                    length += 1
                } else if length > 0 {
                    body(UnsafeBufferPointer(start: base, count: length))
                    length = 0
                }
            }
            if length > 0 { body(UnsafeBufferPointer(start: base, count: length)) }
            return true
        }
    }
}
