import Foundation
import InsightGraph

extension Execution {
    func computeSeeds(_ seeds: [BoundSeed]) throws(QueryError) {
        for seed in seeds {
            switch seed {
            case .message(let text):
                seedMessages.append(text)
                try messageSeeds(text, into: &seedWeights, reasons: &seedReasons)
            case .trigger(let trigger):
                let characters = sourceCharacter.map { [$0] } ?? Array(0..<graph.characters.count)
                let index = retrieverPool().index
                for character in characters {
                    for node in index.nodes(withTrigger: trigger, in: graph.nodes(ofCharacter: character)) {
                        seedWeights[node, default: 0] += 1
                        callerSeedWeights[node, default: 0] += 1
                        seedReasons[node, default: []].append("trigger '\(trigger.lowercased())'")
                    }
                }
            case .insight(let node, let weight):
                guard inSource(node) else {
                    let owner = graph.character(ofNode: node)?.normalizedName ?? "no character"
                    throw QueryError(.executor, "seed insight #\(graph.insight(at: node).id) belongs to \(owner), outside FROM", at: range)
                }
                seedWeights[node, default: 0] += weight
                callerSeedWeights[node, default: 0] += weight
                seedReasons[node, default: []].append("insight #\(graph.insight(at: node).id)")
            }
        }
        nodes = seedWeights.keys.sorted()
        for node in nodes { hops[node] = 0 }
    }

    func expand(hops maxHops: Int, walk: BoundWalk, maxNodes: Int?, at clauseRange: SourceRange) throws(QueryError) {
        hops = [:]
        parents = [:]
        let reached = try breadthFirst(from: Array(seedWeights.keys), maxHops: maxHops, walk: walk, cap: maxNodes,
                                       at: clauseRange)
        expandedNodes = reached
        nodes = reached.sorted().filter { node in filter.map { reader.evaluate($0, .insight(node)) == true } ?? true }
    }

    func rank(_ formula: RankFormula, ascending: Bool, walk: BoundWalk) throws(QueryError) {
        var ppr: [NodeIndex: Double] = [:]
        if case .ppr(let damping, let tolerance)? = formula.firstPPR {
            ppr = try personalizedPageRank(damping: damping, tolerance: tolerance, walk: walk)
        }
        var proximity: [NodeIndex: Double] = [:]
        if formula.usesProximity {
            proximity = try bestPathStrength(walk: walk, maxHops: hops.values.max().map { max($0, 1) } ?? limits.maxHops)
        }
        // Scores in an array beside the rows, sorted by index: no hashing in the comparator. The
        // components (`why`) are worked out later, for the rows that are returned only.
        var discarded: [ResultMember] = []
        let values = nodes.map { node -> Double in
            let score = evaluate(formula, node: node, ppr: ppr, proximity: proximity, parts: &discarded, recordParts: false)
            return score.isNaN ? 0 : score
        }
        let ids = nodes.map { graph.insights[Int($0)].id }
        let order = values.indices.sorted { a, b in
            let x = values[a], y = values[b]
            if x != y { return ascending ? x < y : x > y }
            return ids[a] < ids[b]
        }
        let unsorted = nodes
        nodes = order.map { unsorted[$0] }
        scores.reserveCapacity(unsorted.count)
        for i in unsorted.indices { scores[unsorted[i]] = values[i] }
        rankedBy = (formula, ppr, proximity)
        ranked = true
    }

    /// `ppr()`: personalized PageRank by the core's workspace over the part of the graph the query
    /// walks (see ``localWalk(_:parallel:for:)``), teleporting to the seeds in proportion to their
    /// weights; a node with no step sends its mass back to the seeds. Without a tolerance it is the
    /// engine's local push (``PageRankWorkspace/push(damping:epsilon:within:)``, ε 0.02, as
    /// `retrieve --method push`); with `tolerance:` power iteration to that L1 change
    /// (``PageRankWorkspace/exact(damping:tolerance:maxIterations:budget:)``). Either way the scores
    /// sum to 1 over that part and a seed keeps at least `(1 − damping)` × its share.
    func personalizedPageRank(damping: Double, tolerance: Double?, walk: BoundWalk) throws(QueryError) -> [NodeIndex: Double] {
        guard seedWeights.values.contains(where: { $0 > 0 }) else { return [:] }
        let local = try localWalk(walk, parallel: .sum, for: "ppr()")
        let workspace = PageRankWorkspace(graph: local.graph)
        workspace.clearTeleport()
        // In node order: the sum's last bits must not depend on a dictionary's order.
        for node in seedWeights.keys.sorted() {
            if let l = local.local(node) { workspace.addTeleport(l, weight: seedWeights[node]!) }
        }
        workspace.normalizeTeleport()
        if let tolerance {
            workspace.exact(damping: damping, tolerance: tolerance, budget: budget)
            if budget.isExhausted { throw deadlineError() }
        } else {
            workspace.push(damping: damping, epsilon: RetrievalOptions.pushEpsilon, within: 0..<NodeIndex(local.nodes.count))
        }
        var result: [NodeIndex: Double] = [:]
        result.reserveCapacity(workspace.touched.count)
        for l in workspace.touched { result[local.nodes[Int(l)]] = workspace.score(l) }
        return result
    }

    /// `proximity`: for every node, the largest product of relationship weights along a walk of at
    /// most `maxHops` steps from a seed (1 at a seed), by the core's path search.
    func bestPathStrength(walk: BoundWalk, maxHops: Int) throws(QueryError) -> [NodeIndex: Double] {
        let local = try localWalk(walk, parallel: .strongest, for: "proximity")
        let search = PathSearch(graph: local.graph)
        search.search(from: seedWeights.keys.sorted().compactMap { local.local($0).map { ($0, 1.0) } }, maxHops: maxHops, budget: budget)
        if budget.isExhausted { throw deadlineError() }
        var best: [NodeIndex: Double] = [:]
        for l in search.reached { best[local.nodes[Int(l)]] = search.score(l) }
        return best
    }

    /// The components of a ranked row's score (the `why` column): its formula's signals, evaluated again.
    func rankComponents(of node: NodeIndex) -> [ResultMember] {
        if let known = components[node] { return known }
        guard let rankedBy else { return [] }
        var parts: [ResultMember] = []
        _ = evaluate(rankedBy.formula, node: node, ppr: rankedBy.ppr, proximity: rankedBy.proximity, parts: &parts, recordParts: true)
        return parts
    }

    private func evaluate(_ f: RankFormula, node: NodeIndex, ppr: [NodeIndex: Double], proximity: [NodeIndex: Double],
                          parts: inout [ResultMember], recordParts: Bool) -> Double {
        func leaf(_ name: String, _ value: Double) -> Double {
            if recordParts && !parts.contains(where: { $0.name == name }) { parts.append(ResultMember(name, .number(value))) }
            return value
        }
        switch f {
        case .constant(let d): return d
        case .field(let field): return leaf(field.rawValue, reader.value(field, node: node).asDouble ?? 0)
        case .ppr: return leaf("ppr", ppr[node] ?? 0)
        case .recency(let halfLife, let at):
            guard let date = graph.insights[Int(node)].discoveryDate, date.isFinite else { return leaf("recency", 0) }
            let reference = (at ?? now).microsecondsSinceEpoch
            let age = max(0, Double(reference) - Double(date.microsecondsSinceEpoch))
            return leaf("recency", pow(2, -age / Double(halfLife)))
        case .seed: return leaf("seed", seedWeights[node] ?? 0)
        case .proximity: return leaf("proximity", proximity[node] ?? 0)
        case .product(let a, let b):
            return evaluate(a, node: node, ppr: ppr, proximity: proximity, parts: &parts, recordParts: recordParts)
                * evaluate(b, node: node, ppr: ppr, proximity: proximity, parts: &parts, recordParts: recordParts)
        case .sum(let a, let b):
            return evaluate(a, node: node, ppr: ppr, proximity: proximity, parts: &parts, recordParts: recordParts)
                + evaluate(b, node: node, ppr: ppr, proximity: proximity, parts: &parts, recordParts: recordParts)
        }
    }
}

extension RankFormula {
    var firstPPR: RankFormula? {
        switch self {
        case .ppr: return self
        case .product(let a, let b), .sum(let a, let b): return a.firstPPR ?? b.firstPPR
        default: return nil
        }
    }

    var usesProximity: Bool {
        switch self {
        case .proximity: return true
        case .product(let a, let b), .sum(let a, let b): return a.usesProximity || b.usesProximity
        default: return false
        }
    }
}

