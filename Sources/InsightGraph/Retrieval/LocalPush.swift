extension PageRankWorkspace {
    /// Approximate personalized PageRank by forward push: Andersen, Chung & Lang, "Local graph
    /// partitioning using PageRank vectors" (FOCS 2006), without the lazy half-step.
    ///
    /// Keeps an estimate p and a residual r (r starts as the teleport vector). While some node has
    /// `r(u) >= θ·deg(u)` (a dangling node counts degree 1), it moves `(1−d)·r(u)` into p(u) and
    /// spreads `d·r(u)` over its edges by transition probability (a dangling node's share goes back
    /// along the teleport vector). Smaller ε: more work, smaller error (each node's unpushed residual
    /// is below θ·deg). The threshold per unit of degree is
    ///
    ///     θ = ε / min(|S|, seedCap × |range|)        (|S| the number of teleport nodes)
    ///
    /// — ε relative to one seed's share, except that seeds beyond ``pushSeedCap`` (2%… see there) of
    /// the range's nodes count no further: with that many seeds the top scores are sums over many
    /// seeds' walks (no longer one seed's share each), and their ranking is already as stable at the
    /// capped threshold as few-seed queries are at ε/|S| (measured on the bench's medium dataset).
    /// Without `range` the cap does not apply.
    ///
    /// Two schedules, same pushes and invariant, chosen by how dense the seeds are:
    /// - few seeds for their character (or no `range`): FIFO rounds over the touched nodes only
    ///   (a node is queued once, when it crosses the threshold) — work independent of the graph size;
    /// - many seeds (|S| × ``pushDenseRatio`` ≥ |range|; the touched set would be nearly all of
    ///   `range` anyway): ``pushDense(damping:threshold:range:)``, Gauss–Seidel sweeps in node
    ///   order over `range` held densely — sequential memory access, no marks, and on the bench
    ///   data a markedly better top 10 for the same pushes.
    /// In both, residuals are kept per unit of degree (`q = r/deg`), so a push reads one packed
    /// `(neighbour, weight/deg(neighbour))` stream (``WalkGraph/pushEntries``) and the test is
    /// `q(v) ≥ θ` on the value just written; mass leaving dangling nodes goes back along the
    /// teleport vector once per round.
    ///
    /// The result is `p + (1−d)·r + m·deg(v)/vol` with m the mass not yet placed (`d·|r|`, up to
    /// rounding): the residual's first step where it is, and the rest spread like the walk's
    /// stationary distribution (∝ degree) over the touched nodes — on well-mixing graphs this removes
    /// most of the error a plain `p` has. Scores sum to 1.
    ///
    /// - Parameters:
    ///   - range: the nodes the walk can reach (a character's node range: walk graphs never leave a
    ///     character); enables the seed cap and, when `dense` allows, the dense schedule.
    ///   - dense: whether many seeds may switch to dense sweeps. Dense sweeps score every node of
    ///     the range, including nodes no mass reached (they get a share of the unplaced mass, which
    ///     sharpens the reference workload's top 10); prompt retrieval passes `false`, so it only
    ///     ever scores insights connected to a seed.
    public func push(damping d: Double = 0.85, epsilon: Double = 0.02, within range: Range<NodeIndex>? = nil,
                     dense: Bool = true) {
        touchedNodes.removeAll()
        touchedMarks.clear()
        stepMarks.clear()
        lastWork = 0
        lastSweeps = 0
        lastUpdates = 0
        let seedCount = teleportNodes.count
        if seedCount == 0 { return }
        if let range {
            let cap = max(1, Self.pushSeedCap * Double(range.count))
            let threshold = epsilon / min(Double(seedCount), cap)
            if dense && seedCount * Self.pushDenseRatio >= range.count {
                pushDense(damping: d, threshold: threshold, range: range)
            } else {
                pushSparse(damping: d, threshold: threshold)
            }
        } else {
            pushSparse(damping: d, threshold: epsilon / Double(seedCount))
        }
    }

    /// Seeds beyond this fraction of the range's nodes do not lower the push threshold further
    /// (see ``push(damping:epsilon:within:dense:)``). 0.03: mean top-10 overlap 9.74 with exact R-PPR on
    /// the bench's medium dataset at ε = 0.02 (no cap: 9.88 at 5× the work; 0.02: 9.65).
    public static let pushSeedCap = 0.03
    /// Dense sweeps when |S| × this ≥ the range's node count.
    public static let pushDenseRatio = 64

    /// FIFO rounds over the touched nodes (see ``push(damping:epsilon:within:dense:)``).
    func pushSparse(damping d: Double, threshold: Double) {
        let q = spare, estimate = pushed
        let touched = touchedNodes, touchedMarks = touchedMarks
        let queued = queuedMarks
        var current = roundA, next = roundB
        current.removeAll()
        next.removeAll()
        queued.clear()
        let teleport = teleport
        let seeds = teleportNodes.nodes
        var pushes = 0, rounds = 0, updates = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.pushEntries.withUnsafeBufferPointer { entries in
        graph.pushDegrees.withUnsafeBufferPointer { unitDegrees in
        graph.degrees.withUnsafeBufferPointer { degrees in
            for s in seeds {
                let v = Int(s)
                touched.append(s)
                touchedMarks.insert(v)
                estimate[v] = 0
                q[v] = teleport[v] / unitDegrees[v]
                if q[v] >= threshold && queued.insertIfAbsent(v) { current.append(s) }
            }
            var pending = 0.0  // mass pushed out of dangling nodes, not yet back on the teleport vector
            while !current.isEmpty {
                rounds += 1
                for i in 0..<current.count {
                    let u = Int(current[i])
                    queued.remove(u)
                    let qu = q[u]
                    pushes += 1
                    q[u] = 0
                    let ru = qu * unitDegrees[u]
                    estimate[u] += (1 - d) * ru
                    if degrees[u] == 0 {
                        pending += d * ru
                        continue
                    }
                    let spread = d * qu
                    let lo = Int(offsets[u]), hi = Int(offsets[u + 1])
                    updates &+= hi &- lo
                    for k in lo..<hi {
                        let entry = entries[k]
                        let v = Int(entry.neighbor)
                        if touchedMarks.insertIfAbsent(v) {
                            touched.append(entry.neighbor)
                            q[v] = 0
                            estimate[v] = 0
                        }
                        let value = q[v] + spread * Double(entry.factor)
                        q[v] = value
                        if value >= threshold && queued.insertIfAbsent(v) { next.append(entry.neighbor) }
                    }
                }
                if pending > 0 {
                    for s in seeds {
                        let v = Int(s)
                        let value = q[v] + pending * teleport[v] / unitDegrees[v]
                        q[v] = value
                        if value >= threshold && queued.insertIfAbsent(v) { next.append(s) }
                    }
                    pending = 0
                }
                swap(&current, &next)
                next.removeAll()
            }
        }}}}
        roundA = current
        roundB = next
        finishPush(damping: d, nodes: touchedNodes.nodes)
        lastWork = pushes
        lastSweeps = rounds
        lastUpdates = updates
    }

    /// Turns `q` back into r and writes the scores `p + (1−d)·r + unplaced·deg/vol` for `nodes`.
    func finishPush(damping d: Double, nodes: UnsafeBufferPointer<NodeIndex>) {
        let q = spare, estimate = pushed, output = scores
        let teleport = teleport, teleportMarks = teleportMarks
        graph.pushDegrees.withUnsafeBufferPointer { unitDegrees in
        graph.degrees.withUnsafeBufferPointer { degrees in
            var leftover = 0.0, volume = 0.0, placed = 0.0
            for u in nodes {
                let v = Int(u)
                let r = q[v] * unitDegrees[v]
                q[v] = r  // from here on the buffer holds r itself (refinedPushScore reads it)
                leftover += r
                placed += estimate[v]
                volume += degrees[v]
            }
            // The mass not yet placed: d·|r| in exact arithmetic; taken as 1 − placed so that the
            // scores sum to 1 whatever the Float factors' rounding did.
            let unplaced = max(0, 1 - placed - (1 - d) * leftover)
            let perDegree = volume > 0 ? unplaced / volume : 0
            for u in nodes {
                let v = Int(u)
                // With no walkable edge among the touched nodes, every step restarts on the teleport
                // vector, whose stationary distribution is the teleport vector itself.
                let spread = volume > 0 ? perDegree * degrees[v] : unplaced * (teleportMarks.contains(v) ? teleport[v] : 0)
                output[v] = estimate[v] + (1 - d) * q[v] + spread
            }
            pushLeftover = leftover
            pushVolume = volume
            pushDamping = d
        }}
    }
}
