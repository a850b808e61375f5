/// Personalized PageRank on a ``WalkGraph`` with strength weights, in reusable buffers.
///
/// PageRank: Page, Brin, Motwani & Winograd, "The PageRank citation ranking" (1999); personalized
/// (topic-sensitive): Haveliwala (WWW 2002). The walk at node u follows an entry with probability
/// `weight / degree(u)` (``WalkGraph/transition``) with probability `damping`, and otherwise jumps to
/// the teleport vector (the seeds, weights normalized to sum 1). A node with no walkable edge sends
/// its mass back along the teleport vector. Scores sum to 1 over ``touched``.
///
/// - ``exact(damping:tolerance:maxIterations:)``: power iteration from the teleport vector,
///   `x ← d·(xP + dangling(x)·p) + (1−d)·p`, until the L1 change is below `tolerance` (NetworkX's
///   formulation), only over the seeds' connected component (elsewhere the score is exactly 0).
/// - ``push(damping:epsilon:within:)`` (LocalPush.swift): Andersen–Chung–Lang forward push.
///
/// One workspace per thread; nothing is allocated per call after construction.
public final class PageRankWorkspace {
    public let graph: WalkGraph
    // Usable from inline: `addTeleport`, called per seed by the benchmark module, is inlinable.
    @usableFromInline package let teleport: ScratchBuffer<Double>
    @usableFromInline let teleportMarks: NodeMarks
    @usableFromInline package let teleportNodes: NodeList
    /// The scores of the last run (valid for ``touched``).
    @usableFromInline package let scores: ScratchBuffer<Double>
    /// Exact: the other iterate. Push: the residual per unit of degree, then r itself (``residual``).
    let spare: ScratchBuffer<Double>
    /// Push: the estimate p (``scores`` holds the finished estimate).
    let pushed: ScratchBuffer<Double>
    package let touchedNodes: NodeList
    @usableFromInline package let touchedMarks: NodeMarks
    /// Push: nodes waiting in the current and the next FIFO round, and which are waiting.
    let roundA: NodeList
    let roundB: NodeList
    let queuedMarks: NodeMarks
    /// What the last push left unplaced (see ``PushSummary``).
    package internal(set) var lastPush = PushSummary()
    /// Iterations (exact) or pushes (push) of the last run.
    public package(set) var lastWork = 0
    /// Entries updated by the last push.
    public package(set) var lastUpdates = 0
    /// Sweeps (rounds) over the touched nodes in the last push.
    public package(set) var lastSweeps = 0

    /// After a push: the residual mass left (`|r|`), the volume (summed degree) of the touched
    /// nodes, and the damping it ran with.
    package struct PushSummary {
        package var leftover = 0.0
        package var volume = 0.0
        package var damping = 0.85
    }

    public init(graph: WalkGraph) {
        self.graph = graph
        let n = graph.nodeCount
        teleport = ScratchBuffer(count: n, repeating: 0)
        teleportMarks = NodeMarks(count: n)
        teleportNodes = NodeList(capacity: n)
        scores = ScratchBuffer(count: n, repeating: 0)
        spare = ScratchBuffer(count: n, repeating: 0)
        pushed = ScratchBuffer(count: n, repeating: 0)
        touchedNodes = NodeList(capacity: n)
        touchedMarks = NodeMarks(count: n)
        roundA = NodeList(capacity: n)
        roundB = NodeList(capacity: n)
        queuedMarks = NodeMarks(count: n)
    }

    // MARK: Teleport vector

    /// Empties the teleport vector.
    public func clearTeleport() {
        teleportMarks.clear()
        teleportNodes.removeAll()
    }

    /// Adds `weight` (> 0, finite) to a node's teleport weight. Call ``normalizeTeleport()`` after the last one.
    @inlinable
    public func addTeleport(_ node: NodeIndex, weight: Double) {
        guard weight > 0, weight.isFinite else { return }
        if teleportMarks.insertIfAbsent(Int(node)) {
            teleportNodes.append(node)
            teleport[Int(node)] = weight
        } else {
            teleport[Int(node)] += weight
        }
    }

    /// Scales the teleport weights to sum 1.
    public func normalizeTeleport() {
        var total = 0.0
        for s in teleportNodes.nodes { total += teleport[Int(s)] }
        guard total > 0 else { return }
        for s in teleportNodes.nodes { teleport[Int(s)] /= total }
    }

    /// The teleport nodes, in the order they were added.
    public var teleportSet: WorkspaceNodes { teleportNodes.nodes }

    /// The nodes with a score (possibly 0) after the last run; read it before the next run.
    public var touched: WorkspaceNodes { touchedNodes.nodes }

    /// The score of a node after a run (0 when not touched).
    @inlinable
    public func score(_ node: NodeIndex) -> Double { touchedMarks.contains(Int(node)) ? scores[Int(node)] : 0 }

    func isTouched(_ node: Int) -> Bool { touchedMarks.contains(node) }

    // MARK: Exact

    /// Power iteration to an L1 change below `tolerance`. No teleport: nothing is touched.
    /// With a `budget`, each iteration spends one unit per active node and the iteration stops
    /// early (``WorkBudget/isExhausted``) once it runs out.
    public func exact(damping d: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 10_000,
                      budget: WorkBudget? = nil) {
        touchedNodes.removeAll()
        touchedMarks.clear()
        lastWork = 0
        if teleportNodes.isEmpty { return }
        component()
        // The iterates alternate between the two buffers; the result is copied into `scores` if it
        // ends in the other one.
        var current = scores, next = spare
        let teleport = teleport, teleportMarks = teleportMarks
        let active = touchedNodes.nodes
        for u in active { current[Int(u)] = teleportMarks.contains(Int(u)) ? teleport[Int(u)] : 0 }
        var iterations = 0
        graph.withBuffers { g in
            while iterations < maxIterations {
                if let budget, !budget.spend(active.count) { break }
                iterations += 1
                var dangling = 0.0
                for u in active {
                    next[Int(u)] = 0
                    if g.degrees[Int(u)] == 0 { dangling += current[Int(u)] }
                }
                for u in active {
                    let xu = current[Int(u)]
                    if xu == 0 { continue }
                    let inverse = g.inverseDegrees[Int(u)]
                    for k in Int(g.offsets[Int(u)])..<Int(g.offsets[Int(u) + 1]) {
                        // The transition probability, then the flow along it: the products of old, in their order.
                        next[Int(g.neighbors[k])] += xu * (inverse * g.weights[k])
                    }
                }
                var change = 0.0
                for u in active {
                    let pu = teleportMarks.contains(Int(u)) ? teleport[Int(u)] : 0
                    let value = d * (next[Int(u)] + dangling * pu) + (1 - d) * pu
                    change += abs(value - current[Int(u)])
                    next[Int(u)] = value
                }
                swap(&current, &next)
                if change < tolerance { break }
            }
        }
        if current !== scores {
            for u in active { scores[Int(u)] = current[Int(u)] }
        }
        lastWork = iterations
    }

    /// The teleport nodes' connected component into ``touchedNodes``.
    private func component() {
        let list = touchedNodes, marks = touchedMarks
        for s in teleportNodes.nodes where marks.insertIfAbsent(Int(s)) { list.append(s) }
        var head = 0
        graph.withBuffers { g in
            while head < list.count {
                let u = Int(list[head])
                head += 1
                for k in Int(g.offsets[u])..<Int(g.offsets[u + 1]) where marks.insertIfAbsent(Int(g.neighbors[k])) {
                    list.append(g.neighbors[k])
                }
            }
        }
    }
}
