extension Retriever {
    /// Fills each result's reaching seeds and strongest path from a seed.
    ///
    /// - Strongest path: the path with the largest product of strengths from any seed, searched
    ///   backwards from the result (``PathSearch/strongestPath(fromAnyOf:to:over:)``).
    /// - Reaching seeds: the seeds within two steps of the result over the walk graph reversed
    ///   (the seeds whose walk can arrive at it in at most two steps), with the best product of
    ///   strengths, strongest first (ties: larger seed weight, then lower id), at most `seedLimit`.
    func explain(_ results: inout [RetrievedInsight], seeds: [Seed], seedLimit: Int) {
        guard !results.isEmpty else { return }
        // `seedMarks` holds exactly the last call's seeds (``seedWeights``; the answer lists the
        // strongest of them); their weights by position in ``seedWeights``.
        for (i, seed) in seedWeights.enumerated() { seedPosition[Int(seed.node)] = Int32(i) }
        let snapshot = index.snapshot
        let walk = index.walk
        for r in results.indices {
            let node = results[r].node
            let found = paths.strongestPath(fromAnyOf: seedMarks, to: node, over: index.reverseWalk)
            let path = found?.path ?? []
            results[r].path = path.map { snapshot.insights[Int($0)].id }
            results[r].pathStrength = found?.strength ?? 0
            var types: [String?] = []
            for step in zip(path, path.dropFirst()) {
                let range = walk.range(of: step.0)
                if let k = range.first(where: { walk.neighbors[$0] == step.1 }) {
                    types.append(snapshot.relationshipType(ofEdge: walk.edges[k]))
                }
            }
            results[r].pathTypes = types
            results[r].pathHasContradiction = types.contains("contradicts")
            results[r].seeds = reachingSeeds(of: node, seeds: seeds, limit: seedLimit)
        }
    }

    private func reachingSeeds(of node: NodeIndex, seeds: [Seed], limit: Int) -> [SeedReach] {
        let reverse = index.reverseWalk
        var found: [NodeIndex: (strength: Double, hops: Int)] = [:]
        func note(_ seed: NodeIndex, _ strength: Double, _ hops: Int) {
            guard seedMarks.contains(Int(seed)) else { return }
            if let known = found[seed], known.strength > strength || (known.strength == strength && known.hops <= hops) { return }
            found[seed] = (strength, hops)
        }
        note(node, 1, 0)
        for k in reverse.range(of: node) {
            let u = reverse.neighbors[k], w = reverse.weights[k]
            note(u, w, 1)
            for j in reverse.range(of: u) where reverse.neighbors[j] != node {
                note(reverse.neighbors[j], w * reverse.weights[j], 2)
            }
        }
        let snapshot = index.snapshot
        let reaches = found.map { seed, value in
            SeedReach(insightId: snapshot.insights[Int(seed)].id, seedWeight: seedWeights[Int(seedPosition[Int(seed)])].weight,
                      pathStrength: value.strength, hops: value.hops)
        }.sorted {
            if $0.pathStrength != $1.pathStrength { return $0.pathStrength > $1.pathStrength }
            if $0.seedWeight != $1.seedWeight { return $0.seedWeight > $1.seedWeight }
            return $0.insightId < $1.insightId
        }
        return Array(reaches.prefix(max(0, limit)))
    }
}
