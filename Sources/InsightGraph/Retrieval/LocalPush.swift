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
    /// — ε relative to one seed's share, except that seeds beyond ``pushSeedCap`` (3%) of the
    /// range's nodes count no further: with that many seeds the top scores are sums over many
    /// seeds' walks (no longer one seed's share each), and their ranking is already as stable at the
    /// capped threshold as few-seed queries are at ε/|S| (measured on the bench's medium dataset).
    /// Without `range` the cap does not apply.
    ///
    /// FIFO rounds over the touched nodes only (a node is queued once, when it crosses the
    /// threshold): work independent of the graph size. Residuals are kept per unit of degree
    /// (`q = r/deg`), so a push reads one packed `(neighbour, weight/deg(neighbour))` stream
    /// (``WalkGraph/pushEntries``) and the test is `q(v) ≥ θ` on the value just written; mass
    /// leaving dangling nodes goes back along the teleport vector once per round.
    ///
    /// The result is `p + (1−d)·r + m·deg(v)/vol` with m the mass not yet placed (`d·|r|`, up to
    /// rounding): the residual's first step where it is, and the rest spread like the walk's
    /// stationary distribution (∝ degree) over the touched nodes — on well-mixing graphs this removes
    /// most of the error a plain `p` has. Scores sum to 1. Only insights connected to a seed are
    /// scored.
    ///
    /// - Parameter range: the nodes the walk can reach (a character's node range: walk graphs never
    ///   leave a character); enables the seed cap.
    public func push(damping d: Double = 0.85, epsilon: Double = 0.02, within range: Range<NodeIndex>? = nil) {
        startPush()
        let seedCount = teleportNodes.count
        if seedCount == 0 { return }
        if let range {
            pushSparse(damping: d, threshold: pushThreshold(epsilon: epsilon, seedCount: seedCount, range: range))
        } else {
            pushSparse(damping: d, threshold: epsilon / Double(seedCount))
        }
    }

    /// Seeds beyond this fraction of the range's nodes do not lower the push threshold further
    /// (see ``push(damping:epsilon:within:)``). 0.03: mean top-10 overlap 9.74 with exact R-PPR on
    /// the bench's medium dataset at ε = 0.02 (no cap: 9.88 at 5× the work; 0.02: 9.65).
    public static let pushSeedCap = 0.03

    /// θ for `seedCount` seeds in `range` (see ``push(damping:epsilon:within:)``).
    package func pushThreshold(epsilon: Double, seedCount: Int, range: Range<NodeIndex>) -> Double {
        let cap = max(1, Self.pushSeedCap * Double(range.count))
        return epsilon / min(Double(seedCount), cap)
    }

    /// Forgets the last run: nothing touched, no work counted.
    package func startPush() {
        touchedNodes.removeAll()
        touchedMarks.clear()
        lastWork = 0
        lastSweeps = 0
        lastUpdates = 0
    }

    /// The counters of the push just run.
    package func recordPushWork(pushes: Int, sweeps: Int, updates: Int) {
        lastWork = pushes
        lastSweeps = sweeps
        lastUpdates = updates
    }

    /// After a push, r per node (valid for ``touched``).
    package var residual: ScratchBuffer<Double> { spare }
    /// After a push, the estimate p per node (valid for ``touched``).
    package var estimate: ScratchBuffer<Double> { pushed }

    /// FIFO rounds over the touched nodes (see ``push(damping:epsilon:within:)``).
    package func pushSparse(damping d: Double, threshold: Double) {
        let q = spare, estimate = pushed
        let touched = touchedNodes, touchedMarks = touchedMarks
        let queued = queuedMarks
        // The two round lists trade places after each round.
        var current = roundA, next = roundB
        current.removeAll()
        next.removeAll()
        queued.clear()
        let teleport = teleport
        let seeds = teleportNodes.nodes
        var pushes = 0, rounds = 0, updates = 0
        graph.withBuffers { g in
            for s in seeds {
                let v = Int(s)
                touched.append(s)
                touchedMarks.insert(v)
                estimate[v] = 0
                q[v] = teleport[v] / g.pushDegrees[v]
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
                    let ru = qu * g.pushDegrees[u]
                    estimate[u] += (1 - d) * ru
                    if g.degrees[u] == 0 {
                        pending += d * ru
                        continue
                    }
                    let spread = d * qu
                    let lo = Int(g.offsets[u]), hi = Int(g.offsets[u + 1])
                    updates &+= hi &- lo
                    for k in lo..<hi {
                        let entry = g.pushEntries[k]
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
                        let value = q[v] + pending * teleport[v] / g.pushDegrees[v]
                        q[v] = value
                        if value >= threshold && queued.insertIfAbsent(v) { next.append(s) }
                    }
                    pending = 0
                }
                swap(&current, &next)
                next.removeAll()
            }
        }
        finishPush(damping: d, nodes: touchedNodes.nodes)
        recordPushWork(pushes: pushes, sweeps: rounds, updates: updates)
    }

    /// Turns `q` back into r and writes the scores `p + (1−d)·r + unplaced·deg/vol` for `nodes`.
    package func finishPush(damping d: Double, nodes: WorkspaceNodes) {
        let q = spare, estimate = pushed, output = scores
        let teleport = teleport, teleportMarks = teleportMarks
        graph.withBuffers { g in
            var leftover = 0.0, volume = 0.0, placed = 0.0
            for u in nodes {
                let v = Int(u)
                let r = q[v] * g.pushDegrees[v]
                q[v] = r  // from here on the buffer holds r itself (``residual``)
                leftover += r
                placed += estimate[v]
                volume += g.degrees[v]
            }
            // The mass not yet placed: d·|r| in exact arithmetic; taken as 1 − placed so that the
            // scores sum to 1 whatever the Float factors' rounding did.
            let unplaced = max(0, 1 - placed - (1 - d) * leftover)
            let perDegree = volume > 0 ? unplaced / volume : 0
            for u in nodes {
                let v = Int(u)
                // With no walkable edge among the touched nodes, every step restarts on the teleport
                // vector, whose stationary distribution is the teleport vector itself.
                let spread = volume > 0 ? perDegree * g.degrees[v] : unplaced * (teleportMarks.contains(v) ? teleport[v] : 0)
                output[v] = estimate[v] + (1 - d) * q[v] + spread
            }
            lastPush = PushSummary(leftover: leftover, volume: volume, damping: d)
        }
    }
}
