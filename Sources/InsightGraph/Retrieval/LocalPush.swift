extension PageRankWorkspace {
    /// Approximate personalized PageRank by forward push: Andersen, Chung & Lang, "Local graph
    /// partitioning using PageRank vectors" (FOCS 2006), without the lazy half-step.
    ///
    /// Keeps an estimate p and a residual r (r starts as the teleport vector). While some node has
    /// `r(u) >= ε·deg(u)/|S|` (|S| the number of teleport nodes; a dangling node counts degree 1), it
    /// moves `(1−d)·r(u)` into p(u) and spreads `d·r(u)` over its edges by transition probability (a
    /// dangling node's share goes back along the teleport vector). Smaller ε: more work, smaller
    /// error (each node's unpushed residual is below ε·deg/|S|). Nodes are visited in sweeps over the
    /// touched list (Gauss–Seidel order) rather than from a FIFO queue: the same pushes, no queue
    /// bookkeeping, sequential memory access.
    ///
    /// The result is `p + (1−d)·r + d·|r|·deg(v)/vol`: the residual's first step where it is, and the
    /// rest spread like the walk's stationary distribution (∝ degree) over the touched nodes — on
    /// well-mixing graphs this removes most of the error a plain `p` has (on the bench's medium
    /// dataset it raises the mean top-10 overlap with exact R-PPR at ε = 0.01 from 8.5 to 9.8).
    public func push(damping d: Double = 0.85, epsilon: Double = 0.02) {
        touchedNodes.removeAll()
        touchedMarks.clear()
        stepMarks.clear()
        lastWork = 0
        if teleportNodes.isEmpty { return }
        let residual = spare, estimate = pushed
        let active = touchedNodes, activeMarks = touchedMarks
        let teleport = teleport, teleportMarks = teleportMarks
        let seeds = teleportNodes.nodes
        let epsilon = epsilon / Double(seeds.count)
        for s in seeds {
            active.append(s)
            activeMarks.insert(Int(s))
            residual[Int(s)] = teleport[Int(s)]
            estimate[Int(s)] = 0
        }
        var pushes = 0, sweeps = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.transition.withUnsafeBufferPointer { transition in
        graph.degrees.withUnsafeBufferPointer { degrees in
            // Sweeps in touched order (Gauss–Seidel style): residual moved to a node later in the
            // list is pushed on in the same sweep; stop after a sweep without a push.
            var sweeping = true
            while sweeping {
                sweeping = false
                sweeps += 1
                var i = 0
                while i < active.count {
                    let u = Int(active[i])
                    i += 1
                    let ru = residual[u]
                    let degree = degrees[u]
                    if ru < epsilon * (degree == 0 ? 1 : degree) { continue }
                    sweeping = true
                    pushes += 1
                    estimate[u] += (1 - d) * ru
                    residual[u] = 0
                    let spread = d * ru
                    if degree == 0 {
                        for s in seeds { residual[Int(s)] += spread * teleport[Int(s)] }
                        continue
                    }
                    for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let v = Int(neighbors[k])
                        if activeMarks.insertIfAbsent(v) {
                            active.append(neighbors[k])
                            residual[v] = 0
                            estimate[v] = 0
                        }
                        residual[v] += spread * transition[k]
                    }
                }
            }
            var leftover = 0.0, volume = 0.0
            for u in active.nodes {
                leftover += residual[Int(u)]
                volume += degrees[Int(u)]
            }
            // With no walkable edge among the touched nodes, every step restarts on the teleport
            // vector, whose stationary distribution is the teleport vector itself.
            let perDegree = volume > 0 ? d * leftover / volume : 0
            let output = scores
            for u in active.nodes {
                let v = Int(u)
                let spread = volume > 0 ? perDegree * degrees[v] : d * leftover * (teleportMarks.contains(v) ? teleport[v] : 0)
                output[v] = estimate[v] + (1 - d) * residual[v] + spread
            }
            pushLeftover = leftover
            pushVolume = volume
            pushDamping = d
        }}}}
        lastWork = pushes
        lastSweeps = sweeps
    }
}

extension PageRankWorkspace {
    /// A sharper estimate for one node after ``push(damping:epsilon:)`` on a symmetric walk graph
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
