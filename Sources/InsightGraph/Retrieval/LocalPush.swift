extension PageRankWorkspace {
    /// Approximate personalized PageRank by forward push: Andersen, Chung & Lang, "Local graph
    /// partitioning using PageRank vectors" (FOCS 2006), without the lazy half-step.
    ///
    /// Keeps an estimate p and a residual r (r starts as the teleport vector). While some node has
    /// `r(u) >= ε·deg(u)/|S|` (|S| the number of teleport nodes; a dangling node counts degree 1), it
    /// moves `(1−d)·r(u)` into p(u) and spreads `d·r(u)` over its edges by transition probability (a
    /// dangling node's share goes back along the teleport vector). Smaller ε: more work, smaller
    /// error (each node's unpushed residual is below ε·deg/|S|).
    ///
    /// The result is `p + (1−d)·r + d·|r|·deg(v)/vol`: the residual's first step where it is, and the
    /// rest spread like the walk's stationary distribution (∝ degree) over the touched nodes — on
    /// well-mixing graphs this removes most of the error a plain `p` has (on the bench's medium
    /// dataset it raises the mean top-10 overlap with exact R-PPR at ε = 0.01 from 8.5 to 9.8).
    public func push(damping d: Double = 0.85, epsilon: Double = 0.02) {
        touchedNodes.removeAll()
        touchedMarks.clear()
        queueMarks.clear()
        lastWork = 0
        if teleportNodes.isEmpty { return }
        let residual = spare, estimate = scores, queue = queue, queueMarks = queueMarks
        let active = touchedNodes, activeMarks = touchedMarks
        let teleport = teleport, teleportMarks = teleportMarks
        let seeds = teleportNodes.nodes
        let epsilon = epsilon / Double(seeds.count)
        let capacity = queue.count
        var head = 0, tail = 0
        for s in seeds {
            active.append(s)
            activeMarks.insert(Int(s))
            residual[Int(s)] = teleport[Int(s)]
            estimate[Int(s)] = 0
            queue[tail] = s
            tail += 1
            queueMarks.insert(Int(s))
        }
        var pushes = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.transition.withUnsafeBufferPointer { transition in
        graph.degrees.withUnsafeBufferPointer { degrees in
            @inline(__always) func enqueue(_ v: NodeIndex) {
                queue[tail] = v
                tail += 1
                if tail == capacity { tail = 0 }
            }
            while head != tail {
                let u = Int(queue[head])
                head += 1
                if head == capacity { head = 0 }
                queueMarks.remove(u)
                let ru = residual[u]
                let degree = degrees[u]
                if ru < epsilon * (degree == 0 ? 1 : degree) { continue }
                pushes += 1
                estimate[u] += (1 - d) * ru
                residual[u] = 0
                let spread = d * ru
                if degree == 0 {
                    for s in seeds {
                        let v = Int(s)
                        residual[v] += spread * teleport[v]
                        if residual[v] >= epsilon * (degrees[v] == 0 ? 1 : degrees[v]), queueMarks.insertIfAbsent(v) {
                            enqueue(s)
                        }
                    }
                    continue
                }
                for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(neighbors[k])
                    if activeMarks.insertIfAbsent(v) {
                        active.append(neighbors[k])
                        residual[v] = 0
                        estimate[v] = 0
                    }
                    let rv = residual[v] + spread * transition[k]
                    residual[v] = rv
                    if rv >= epsilon * degrees[v], queueMarks.insertIfAbsent(v) { enqueue(neighbors[k]) }
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
            for u in active.nodes {
                let v = Int(u)
                let spread = volume > 0 ? perDegree * degrees[v] : d * leftover * (teleportMarks.contains(v) ? teleport[v] : 0)
                estimate[v] += (1 - d) * residual[v] + spread
            }
        }}}}
        lastWork = pushes
    }
}
