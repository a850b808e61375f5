extension PageRankWorkspace {
    /// A sharper estimate for one node after ``push(damping:epsilon:within:dense:)`` on a symmetric walk graph
    /// (direction `.both`): the residual's first three terms exactly,
    /// `p + (1−d)·r + (1−d)·d·(rP) + (1−d)·d²·(rP²)` at the node, and only the rest (`d³·|r|`) spread
    /// by degree. Costs deg(v)·deg(neighbours); meant for the few candidates near the top.
    public func refinedPushScore(_ node: NodeIndex) -> Double {
        let v = Int(node)
        guard touchedMarks.contains(v) else { return 0 }
        let d = pushDamping
        let residual = spare, marks = touchedMarks, stepMarks = stepMarks, stepCache = stepCache
        let oneStep = residualStep(into: v, residual: residual, marks: marks)
        var twoSteps = 0.0
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.weights.withUnsafeBufferPointer { weights in
        graph.degrees.withUnsafeBufferPointer { degrees in
            for k in graph.range(of: node) {
                let u = Int(neighbors[k])
                guard degrees[u] > 0 else { continue }
                if stepMarks.insertIfAbsent(u) { stepCache[u] = residualStep(into: u, residual: residual, marks: marks) }
                twoSteps += stepCache[u] * weights[k] / degrees[u]
            }
        }}}
        let tail = pushVolume > 0 ? d * d * d * pushLeftover * graph.degrees[v] / pushVolume : 0
        return pushed[v] + (1 - d) * (residual[v] + d * oneStep + d * d * twoSteps) + tail
    }

    /// (rP)(v) = Σ over neighbours u of r(u)·w(u,v)/deg(u), on a symmetric walk graph.
    private func residualStep(into v: Int, residual: ScratchBuffer<Double>, marks: NodeMarks) -> Double {
        var total = 0.0
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.weights.withUnsafeBufferPointer { weights in
        graph.degrees.withUnsafeBufferPointer { degrees in
            for k in graph.range(of: NodeIndex(v)) {
                let u = Int(neighbors[k])
                if marks.contains(u) && degrees[u] > 0 { total += residual[u] * weights[k] / degrees[u] }
            }
        }}}
        return total
    }
}
