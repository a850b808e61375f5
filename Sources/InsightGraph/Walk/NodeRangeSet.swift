/// A set of nodes within one range (a character's), one bit a node, with each word's count of
/// members before it: membership and a member's position among the members in ascending order
/// (its local number) are a few instructions on memory small enough to stay in the first-level
/// cache (3.8 KB for a character of 30,000 insights), where an array of numbers over the
/// character would take 120 KB and be filled per query.
struct NodeRangeSet {
    let range: Range<NodeIndex>
    private var words: [UInt64]
    /// Members in the words before word `w` (valid after ``index()``).
    private var before: [Int32] = []

    init(range: Range<NodeIndex>) {
        self.range = range
        words = [UInt64](repeating: 0, count: (range.count + 63) / 64)
    }

    /// Adds `node` (in ``range``); returns whether it was absent.
    @inline(__always) mutating func insert(_ node: NodeIndex) -> Bool {
        let i = Int(node - range.lowerBound)
        let bit = UInt64(1) << UInt64(i & 63)
        if words[i >> 6] & bit != 0 { return false }
        words[i >> 6] |= bit
        return true
    }

    @inline(__always) func contains(_ node: NodeIndex) -> Bool {
        let i = Int(node - range.lowerBound)
        return words[i >> 6] & (UInt64(1) << UInt64(i & 63)) != 0
    }

    /// Makes ``position(of:)`` valid; call after the last insertion.
    mutating func index() {
        before = [Int32](repeating: 0, count: words.count)
        var total: Int32 = 0
        for w in words.indices {
            before[w] = total
            total += Int32(words[w].nonzeroBitCount)
        }
    }

    /// The number of members below `node`, when `node` is a member (nil otherwise). Needs ``index()``.
    @inline(__always) func position(of node: NodeIndex) -> Int32? {
        let i = Int(node - range.lowerBound)
        let word = words[i >> 6], bit = UInt64(1) << UInt64(i & 63)
        guard word & bit != 0 else { return nil }
        return before[i >> 6] + Int32((word & (bit &- 1)).nonzeroBitCount)
    }

    /// The members, ascending.
    var members: [NodeIndex] {
        var nodes: [NodeIndex] = []
        nodes.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
        for (w, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                nodes.append(range.lowerBound + NodeIndex(w * 64 + rest.trailingZeroBitCount))
                rest &= rest &- 1
            }
        }
        return nodes
    }
}
