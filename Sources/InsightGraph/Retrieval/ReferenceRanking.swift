/// The reference workload's answer rule, as `peers.py`'s `top10`: the 10 best ids by score
/// descending, scores compared at 12 significant digits (``SignificantDigits/key12(_:)``), ties by
/// id ascending. Reuses its buffers: no allocation per call.
///
/// Within one character, node order is id order, so "id ascending" is "node ascending".
final class ReferenceRanking {
    static let top = 10
    @exclusivity(unchecked) private var largest: [Double] = []
    @exclusivity(unchecked) private var best: [(key: Int64, node: NodeIndex)] = []

    init() {
        largest.reserveCapacity(Self.top + 1)
        best.reserveCapacity(Self.top + 1)
    }

    /// Ranks `nodes` by `scores[v] × confidence[v]`. With `zeroFill`, every other node of that range
    /// takes part with score 0 (R-PPR ranks all of V); without, only `nodes` do (R-HOP ranks the
    /// reached insights). `marks` must contain exactly `nodes`.
    func rankTop10(
        _ nodes: UnsafeBufferPointer<NodeIndex>, scores: ScratchBuffer<Double>, confidence: [Double], zeroFill: Range<NodeIndex>?,
        marks: NodeMarks, snapshot: GraphSnapshot, into ids: inout [Int]
    ) {
        let implicitZeros = zeroFill.map { $0.count - nodes.count } ?? 0
        let total = nodes.count + implicitZeros
        // The cut of peers.py: only scores that may round to the 10th best or above take part.
        var cut = -Double.infinity
        confidence.withUnsafeBufferPointer { conf in
            if total > Self.top {
                largest.removeAll(keepingCapacity: true)
                for node in nodes { keepLargest(scores[Int(node)] * conf[Int(node)]) }
                for _ in 0..<min(implicitZeros, Self.top) { keepLargest(0) }
                let tenth = largest[Self.top - 1]
                cut = tenth - abs(tenth) * 1e-11
            }
            best.removeAll(keepingCapacity: true)
            for node in nodes {
                let score = scores[Int(node)] * conf[Int(node)]
                if score >= cut { keepBest(SignificantDigits.key12(score), node) }
            }
        }
        if let range = zeroFill, cut <= 0 {
            var taken = 0
            var node = range.lowerBound
            while node < range.upperBound && taken < Self.top {
                if !marks.contains(Int(node)) {
                    keepBest(0, node)
                    taken += 1
                }
                node += 1
            }
        }
        for entry in best { ids.append(snapshot.insights[Int(entry.node)].id) }
    }

    private func keepLargest(_ value: Double) {
        guard !value.isNaN else { return }
        if largest.count == Self.top {
            if value <= largest[Self.top - 1] { return }
            largest.removeLast()
        }
        var i = largest.count
        largest.append(value)
        while i > 0 && largest[i - 1] < value { largest[i] = largest[i - 1]; i -= 1 }
        largest[i] = value
    }

    private func keepBest(_ key: Int64, _ node: NodeIndex) {
        func before(_ a: (key: Int64, node: NodeIndex), _ b: (key: Int64, node: NodeIndex)) -> Bool {
            a.key != b.key ? a.key > b.key : a.node < b.node
        }
        let entry = (key: key, node: node)
        if best.count == Self.top {
            if !before(entry, best[Self.top - 1]) { return }
            best.removeLast()
        }
        var i = best.count
        best.append(entry)
        while i > 0 && before(entry, best[i - 1]) { best[i] = best[i - 1]; i -= 1 }
        best[i] = entry
    }
}
