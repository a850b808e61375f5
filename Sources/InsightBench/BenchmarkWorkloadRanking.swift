import InsightGraph

/// The benchmark workload's answer rule, as `peers.py`'s `top10`: the 10 best ids by score
/// descending, scores compared at 12 significant digits (``SignificantDigits/key12(_:)``), ties by
/// id ascending. Reuses its buffers: no allocation per call.
///
/// Within one character, node order is id order, so "id ascending" is "node ascending".
final class BenchmarkWorkloadRanking {
    static let top = 10
    private var largest: [Double] = []
    private var best: [(key: Int64, node: NodeIndex)] = []

    init() {
        largest.reserveCapacity(Self.top + 1)
        best.reserveCapacity(Self.top + 1)
    }

    /// Ranks `nodes` by `scores[v] × confidence[v]`. With `zeroFill`, every other node of that range
    /// takes part with score 0 (R-PPR ranks all of V); without, only `nodes` do (R-HOP ranks the
    /// reached insights). `listed` must hold exactly the nodes of `nodes`.
    ///
    /// Concrete buffer types, not a generic collection and closures: the optimizer leaves a generic
    /// here unspecialized in release builds (value-witness calls per node, closures not inlined).
    func rankTop10(
        _ nodes: WorkspaceNodes, scores: ScratchBuffer<Double>, confidence: [Double], zeroFill: Range<NodeIndex>?,
        listed: NodeMarks, snapshot: GraphSnapshot, into ids: inout [Int]
    ) {
        // Worked on as locals (swapped out of the properties: no copy, one exclusivity check per call).
        var largest: [Double] = [], best: [(key: Int64, node: NodeIndex)] = []
        swap(&largest, &self.largest)
        swap(&best, &self.best)
        defer {
            swap(&largest, &self.largest)
            swap(&best, &self.best)
        }
        let implicitZeros = zeroFill.map { $0.count - nodes.count } ?? 0
        let total = nodes.count + implicitZeros
        // The cut of peers.py: only scores that may round to the 10th best or above take part.
        var cut = -Double.infinity
        if total > Self.top {
            largest.removeAll(keepingCapacity: true)
            for node in nodes { Self.keepLargest(scores[Int(node)] * confidence[Int(node)], in: &largest) }
            for _ in 0..<min(implicitZeros, Self.top) { Self.keepLargest(0, in: &largest) }
            let tenth = largest[Self.top - 1]
            cut = tenth - abs(tenth) * 1e-11
        }
        best.removeAll(keepingCapacity: true)
        for node in nodes {
            let value = scores[Int(node)] * confidence[Int(node)]
            if value >= cut { Self.keepBest(SignificantDigits.key12(value), node, in: &best) }
        }
        if let range = zeroFill, cut <= 0 {
            var taken = 0
            var node = range.lowerBound
            while node < range.upperBound && taken < Self.top {
                if !listed.contains(Int(node)) {
                    Self.keepBest(0, node, in: &best)
                    taken += 1
                }
                node += 1
            }
        }
        for entry in best { ids.append(snapshot.insights[Int(entry.node)].id) }
    }

    @inline(__always)
    private static func keepLargest(_ value: Double, in largest: inout [Double]) {
        guard !value.isNaN else { return }
        if largest.count == top {
            if value <= largest[top - 1] { return }
            largest.removeLast()
        }
        var i = largest.count
        largest.append(value)
        while i > 0 && largest[i - 1] < value { largest[i] = largest[i - 1]; i -= 1 }
        largest[i] = value
    }

    @inline(__always)
    private static func keepBest(_ key: Int64, _ node: NodeIndex, in best: inout [(key: Int64, node: NodeIndex)]) {
        func before(_ a: (key: Int64, node: NodeIndex), _ b: (key: Int64, node: NodeIndex)) -> Bool {
            a.key != b.key ? a.key > b.key : a.node < b.node
        }
        let entry = (key: key, node: node)
        if best.count == top {
            if !before(entry, best[top - 1]) { return }
            best.removeLast()
        }
        var i = best.count
        best.append(entry)
        while i > 0 && before(entry, best[i - 1]) { best[i] = best[i - 1]; i -= 1 }
        best[i] = entry
    }
}
