import InsightGraph

// Minimal graph ranking, written here while the retrieval module (issue 3) was not yet on main.
extension Execution {
    /// Personalized PageRank by power iteration over the source's nodes.
    ///
    /// The walker follows the query's walk (types, direction, minimum strength, edge filter) with
    /// probability proportional to edge weight, and jumps back to the seeds (in proportion to their
    /// weights) with probability `1 - damping` and whenever it stands on a node with no step.
    /// Iterates until the L1 change drops below `tolerance` (at most 1,000 rounds). Mass sums to 1.
    func personalizedPageRank(damping: Double, tolerance: Double, walk: BoundWalk) throws(QueryError) -> [NodeIndex: Double] {
        let universe = source ?? 0..<NodeIndex(graph.nodeCount)
        let count = universe.count
        guard count <= limits.maxNodesExpanded else {
            throw QueryError(.limit, "ppr() would rank \(count) nodes, more than the max-nodes limit of \(limits.maxNodesExpanded)",
                             at: range)
        }
        let base = universe.lowerBound
        // Local CSR of allowed steps, weights normalised per node.
        var offsets = [Int](repeating: 0, count: count + 1)
        var targets: [Int] = []
        var probabilities: [Double] = []
        var buffer: [Step] = []
        for local in 0..<count {
            try tick()
            steps(from: base + NodeIndex(local), walk, into: &buffer)
            let total = buffer.reduce(0) { $0 + $1.weight }
            for step in buffer {
                targets.append(Int(step.node - base))
                probabilities.append(step.weight / total)
            }
            offsets[local + 1] = targets.count
        }
        var teleport = [Double](repeating: 0, count: count)
        // Summed in node order: a dictionary's order varies between instances, and the last bit of
        // every score with it.
        let seedTotal = seedWeights.keys.sorted().reduce(0) { $0 + seedWeights[$1]! }
        guard seedTotal > 0 else { return [:] }
        for (node, weight) in seedWeights where universe.contains(node) { teleport[Int(node - base)] = weight / seedTotal }
        var rank = teleport
        var next = [Double](repeating: 0, count: count)
        for _ in 0..<1_000 {
            try tick()
            var dangling = 0.0
            for i in 0..<count { next[i] = 0 }
            for u in 0..<count {
                let mass = rank[u]
                if mass == 0 { continue }
                if offsets[u] == offsets[u + 1] { dangling += mass; continue }
                for k in offsets[u]..<offsets[u + 1] { next[targets[k]] += damping * mass * probabilities[k] }
            }
            var change = 0.0
            for i in 0..<count {
                next[i] += (1 - damping + damping * dangling) * teleport[i]
                change += abs(next[i] - rank[i])
            }
            swap(&rank, &next)
            if change < tolerance { break }
        }
        var result: [NodeIndex: Double] = [:]
        for i in 0..<count where rank[i] > 0 { result[base + NodeIndex(i)] = rank[i] }
        return result
    }

    /// For every node, the largest product of edge weights along a walk of at most `maxHops` steps
    /// from a seed (1 at a seed): how strongly the graph ties it to what the message is about.
    func bestPathStrength(walk: BoundWalk, maxHops: Int) throws(QueryError) -> [NodeIndex: Double] {
        var best: [NodeIndex: Double] = [:]
        for node in seedWeights.keys { best[node] = 1 }
        var frontier = Array(best.keys).sorted()
        var buffer: [Step] = []
        for _ in 0..<maxHops where !frontier.isEmpty {
            // Read the previous layer only, so a value never rests on more than `maxHops` steps.
            let before = best
            var changed = Set<NodeIndex>()
            for u in frontier {
                steps(from: u, walk, into: &buffer)
                let strength = before[u]!
                for step in buffer {
                    try tick()
                    let candidate = strength * step.weight
                    if candidate > best[step.node] ?? 0 {
                        best[step.node] = candidate
                        changed.insert(step.node)
                    }
                }
            }
            guard best.count <= limits.maxNodesExpanded else {
                throw QueryError(.limit, "proximity visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit)", at: range)
            }
            frontier = changed.sorted()
        }
        return best
    }
}
