extension PageRankWorkspace {
    /// ``push(damping:epsilon:within:dense:)`` when the seeds are many for their character: the touched
    /// set will be (nearly) the whole range anyway, so the range is held densely and pushed in
    /// Gauss–Seidel sweeps in node order (in the spirit of PowerPush: Wu et al., "Unifying the Global
    /// and Local Approaches: An Efficient Power Iteration with Forward Push", SIGMOD 2021). The CSR
    /// arrays, residuals and estimates are read sequentially; only the neighbours' residuals are
    /// random (and cache-resident: one character). Residual that reaches a node ahead of the sweep
    /// is pushed in the same sweep; a sweep covers only the span where a node may be over the
    /// threshold.
    func pushDense(damping d: Double, threshold: Double, range: Range<NodeIndex>) {
        let lo = Int(range.lowerBound), hi = Int(range.upperBound)
        let q = spare, estimate = pushed
        (q.base + lo).update(repeating: 0, count: hi - lo)
        (estimate.base + lo).update(repeating: 0, count: hi - lo)
        let teleport = teleport
        let seeds = teleportNodes.nodes
        var pushes = 0, sweeps = 0, updates = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.pushEntries.withUnsafeBufferPointer { entries in
        graph.pushDegrees.withUnsafeBufferPointer { unitDegrees in
        graph.degrees.withUnsafeBufferPointer { degrees in
            for s in seeds { q[Int(s)] = teleport[Int(s)] / unitDegrees[Int(s)] }
            var first = lo, last = hi  // every node outside first..<last is below the threshold
            while first < last {
                sweeps &+= 1
                var pending = 0.0  // mass pushed out of dangling nodes this sweep
                var nextFirst = hi, nextLast = lo
                var u = first
                while u < last {
                    let qu = q[u]
                    if qu < threshold { u &+= 1; continue }
                    pushes &+= 1
                    q[u] = 0
                    let ru = qu * unitDegrees[u]
                    estimate[u] += (1 - d) * ru
                    if degrees[u] == 0 {
                        pending += d * ru
                        u &+= 1
                        continue
                    }
                    let spread = d * qu
                    let start = Int(offsets[u]), end = Int(offsets[u &+ 1])
                    updates &+= end &- start
                    for k in start..<end {
                        let entry = entries[k]
                        let v = Int(entry.neighbor)
                        let value = q[v] + spread * Double(entry.factor)
                        q[v] = value
                        // Over the threshold behind the sweep (or past its end): next sweep.
                        if value >= threshold && (v <= u || v >= last) {
                            if v < nextFirst { nextFirst = v }
                            if v >= nextLast { nextLast = v &+ 1 }
                        }
                    }
                    u &+= 1
                }
                if pending > 0 {
                    for s in seeds {
                        let v = Int(s)
                        let value = q[v] + pending * teleport[v] / unitDegrees[v]
                        q[v] = value
                        if value >= threshold {
                            if v < nextFirst { nextFirst = v }
                            if v >= nextLast { nextLast = v &+ 1 }
                        }
                    }
                }
                first = nextFirst
                last = nextLast
            }
        }}}}
        // Every node of the range is touched (scored, possibly 0).
        let touched = touchedNodes, marks = touchedMarks
        for v in lo..<hi {
            touched.append(NodeIndex(v))
            marks.insert(v)
        }
        finishPush(damping: d, nodes: touched.nodes)
        lastWork = pushes
        lastSweeps = sweeps
        lastUpdates = updates
    }
}
