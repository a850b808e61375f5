import InsightGraph

extension PageRankWorkspace {
    /// Dense sweeps when |S| × this ≥ the range's node count.
    public static let benchmarkDenseRatio = 64

    /// The benchmark workload's local push: ``InsightGraph/PageRankWorkspace/push(damping:epsilon:within:)``
    /// (same threshold and seed cap), except that when the seeds are many for their character
    /// (|S| × ``benchmarkDenseRatio`` ≥ |range|) it runs ``pushDense(damping:threshold:range:)``.
    /// Dense sweeps score every node of the range, including nodes no mass reached (they get a share
    /// of the unplaced mass, which sharpens the workload's top 10); the product's retrieval only
    /// ever scores insights connected to a seed, so it never sweeps.
    public func benchmarkPush(damping d: Double, epsilon: Double, within range: Range<NodeIndex>) {
        startPush()
        let seedCount = teleportNodes.count
        if seedCount == 0 { return }
        let threshold = pushThreshold(epsilon: epsilon, seedCount: seedCount, range: range)
        if seedCount * Self.benchmarkDenseRatio >= range.count {
            pushDense(damping: d, threshold: threshold, range: range)
        } else {
            pushSparse(damping: d, threshold: threshold)
        }
    }

    /// Local push when the seeds are many for their character: the touched set will be (nearly)
    /// the whole range anyway, so the range is held densely and pushed in Gauss–Seidel sweeps in
    /// node order (in the spirit of PowerPush: Wu et al., "Unifying the Global and Local Approaches:
    /// An Efficient Power Iteration with Forward Push", SIGMOD 2021). The CSR arrays, residuals and
    /// estimates are read sequentially; only the neighbours' residuals are random (and
    /// cache-resident: one character). Residual that reaches a node ahead of the sweep is pushed in
    /// the same sweep; a sweep covers only the span where a node may be over the threshold.
    func pushDense(damping d: Double, threshold: Double, range: Range<NodeIndex>) {
        let lo = Int(range.lowerBound), hi = Int(range.upperBound)
        let q = residual, estimate = estimate
        q.fill(0, in: lo..<hi)
        estimate.fill(0, in: lo..<hi)
        let teleport = teleport
        let seeds = teleportNodes.nodes
        var pushes = 0, sweeps = 0, updates = 0
        graph.withBuffers { g in
            for s in seeds { q[Int(s)] = teleport[Int(s)] / g.pushDegrees[Int(s)] }
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
                    let ru = qu * g.pushDegrees[u]
                    estimate[u] += (1 - d) * ru
                    if g.degrees[u] == 0 {
                        pending += d * ru
                        u &+= 1
                        continue
                    }
                    let spread = d * qu
                    let start = Int(g.offsets[u]), end = Int(g.offsets[u &+ 1])
                    updates &+= end &- start
                    for k in start..<end {
                        let entry = g.pushEntries[k]
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
                        let value = q[v] + pending * teleport[v] / g.pushDegrees[v]
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
        }
        // Every node of the range is touched (scored, possibly 0).
        let touched = touchedNodes, marks = touchedMarks
        for v in lo..<hi {
            touched.append(NodeIndex(v))
            marks.insert(v)
        }
        finishPush(damping: d, nodes: touched.nodes)
        recordPushWork(pushes: pushes, sweeps: sweeps, updates: updates)
    }
}
