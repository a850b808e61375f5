import InsightGraph

/// A sharper estimate for single nodes after a local push on a symmetric walk graph (direction
/// `.both`): the residual's first three terms exactly,
/// `p + (1−d)·r + (1−d)·d·(rP) + (1−d)·d²·(rP²)` at the node, and only the rest (`d³·|r|`) spread
/// by degree. Costs deg(v)·deg(neighbours); meant for the few candidates near the top.
///
/// Reads the estimate p, the residual r and the unplaced mass the workspace's last push left.
final class PushRefinement {
    let workspace: PageRankWorkspace
    /// (rP)(u) per node, computed once per push.
    let stepCache: ScratchBuffer<Double>
    let stepMarks: NodeMarks
    // The workspace's buffers and last push summary, read once (each is a call into the core,
    // which this module cannot inline) rather than per scored node.
    private let residual: ScratchBuffer<Double>
    private let estimate: ScratchBuffer<Double>
    private let touchedMarks: NodeMarks
    private var summary: PageRankWorkspace.PushSummary

    init(workspace: PageRankWorkspace) {
        self.workspace = workspace
        stepCache = ScratchBuffer(count: workspace.graph.nodeCount, repeating: 0)
        stepMarks = NodeMarks(count: workspace.graph.nodeCount)
        residual = workspace.residual
        estimate = workspace.estimate
        touchedMarks = workspace.touchedMarks
        summary = workspace.lastPush
    }

    /// Forgets the cached steps: call once after each push, before ``score(_:)``.
    func startAfterPush() {
        stepMarks.clear()
        summary = workspace.lastPush
    }

    /// The refined score of one node (0 when the push did not touch it).
    func score(_ node: NodeIndex) -> Double {
        let v = Int(node)
        let graph = workspace.graph
        guard touchedMarks.contains(v) else { return 0 }
        let summary = summary
        let d = summary.damping
        let residual = residual, marks = touchedMarks, stepMarks = stepMarks, stepCache = stepCache
        var oneStep = 0.0, twoSteps = 0.0
        graph.withBuffers { g in
            oneStep = Self.residualStep(into: v, g, residual: residual, marks: marks)
            for k in Int(g.offsets[v])..<Int(g.offsets[v + 1]) {
                let u = Int(g.neighbors[k])
                guard g.degrees[u] > 0 else { continue }
                if stepMarks.insertIfAbsent(u) { stepCache[u] = Self.residualStep(into: u, g, residual: residual, marks: marks) }
                twoSteps += stepCache[u] * g.weights[k] / g.degrees[u]
            }
        }
        let tail = summary.volume > 0 ? d * d * d * summary.leftover * graph.degrees[v] / summary.volume : 0
        return estimate[v] + (1 - d) * (residual[v] + d * oneStep + d * d * twoSteps) + tail
    }

    /// (rP)(v) = Σ over neighbours u of r(u)·w(u,v)/deg(u), on a symmetric walk graph.
    private static func residualStep(into v: Int, _ g: WalkGraph.Buffers, residual: ScratchBuffer<Double>,
                                     marks: NodeMarks) -> Double {
        var total = 0.0
        for k in Int(g.offsets[v])..<Int(g.offsets[v + 1]) {
            let u = Int(g.neighbors[k])
            if marks.contains(u) && g.degrees[u] > 0 { total += residual[u] * g.weights[k] / g.degrees[u] }
        }
        return total
    }
}
