import Foundation
import InsightGraph

extension Execution {
    func computeSeeds(_ seeds: [BoundSeed]) throws(QueryError) {
        boundSeeds += seeds
        for seed in seeds {
            switch seed {
            case .message(let text):
                seedMessages.append(text)
                try messageSeeds(text, into: &seedWeights)
            case .trigger(let trigger):
                for node in triggerSeeds(trigger) {
                    seedWeights[node, default: 0] += 1
                    callerSeedWeights[node, default: 0] += 1
                }
            case .insight(let node, let weight):
                guard inSource(node) else {
                    let owner = graph.character(ofNode: node)?.normalizedName ?? "no character"
                    throw QueryError(.executor, "seed insight #\(graph.insight(at: node).id) belongs to \(owner), outside FROM", at: range)
                }
                seedWeights[node, default: 0] += weight
                callerSeedWeights[node, default: 0] += weight
            }
        }
        nodes = seedWeights.keys.sorted()
        reach = Reachability(starts: nodes)
    }

    /// The insights of the source's characters that carry `trigger`.
    private func triggerSeeds(_ trigger: String) -> [NodeIndex] {
        let characters = sourceCharacter.map { [$0] } ?? Array(0..<graph.characters.count)
        let index = retrieverPool().index
        return characters.flatMap { index.nodes(withTrigger: trigger, in: graph.nodes(ofCharacter: $0)) }
    }

    /// Why each seed is one, in the order the seeds were given (``seedReasons``): worked out only
    /// when a returned row shows it, since wording a message's seeds (their matched triggers) costs
    /// about as much as finding them.
    func reasonsOfSeeds() -> [NodeIndex: [SeedReason]] {
        var reasons: [NodeIndex: [SeedReason]] = [:]
        for seed in boundSeeds {
            switch seed {
            case .message(let text):
                messageSeedReasons(text, into: &reasons)
            case .trigger(let trigger):
                for node in triggerSeeds(trigger) { reasons[node, default: []].append(.trigger(trigger.lowercased())) }
            case .insight(let node, _):
                reasons[node, default: []].append(.insight(id: graph.insight(at: node).id))
            }
        }
        return reasons
    }

    func expand(hops maxHops: Int, walk: BoundWalk, maxNodes: Int?, at clauseRange: SourceRange) throws(QueryError) {
        let visited = try breadthFirst(from: Array(seedWeights.keys), maxHops: maxHops, walk: walk, cap: maxNodes,
                                       at: clauseRange)
        expandedNodes = visited
        nodes = filter.map { filter in visited.filter { reader.evaluate(filter, .insight($0)) == true } } ?? visited
    }

    /// RANK BY: scores every row by `formula`, then orders them (ties: lower id first), keeping the
    /// best `keep` when later stages use no more (a bounded selection instead of a sort).
    func rank(_ formula: RankFormula, ascending: Bool, walk: BoundWalk, keep: Int?) throws(QueryError) {
        var signals = RankSignals()
        if case .ppr(let damping, let tolerance)? = formula.firstPPR {
            signals.ppr = try personalizedPageRank(damping: damping, tolerance: tolerance, walk: walk)
        }
        if formula.usesProximity {
            signals.proximity = try bestPathStrength(walk: walk, maxHops: reach.maxHops.map { max($0, 1) } ?? limits.maxHops)
        }
        // Scores in an array beside the rows, sorted by index: no hashing in the comparator. The
        // components (`why`) are worked out later, for the rows that are returned only.
        let columns = RowColumns(formula, rows: nodes, signals: signals, reader: reader, numbers: retrievers?.numbers)
        var values = scores(formula, columns: columns)
        for row in values.indices where values[row].isNaN { values[row] = 0 }
        // Ties by id: within one character node order is id order, so the id rows are read only
        // when the rows may span characters.
        let ids = sourceCharacter == nil ? nodes.map { graph.insights[Int($0)].id } : nodes.map { Int($0) }
        let before = { (a: Int, b: Int) -> Bool in
            let x = values[a], y = values[b]
            if x != y { return ascending ? x < y : x > y }
            return ids[a] < ids[b]
        }
        var order: [Int] = []
        if let keep, keep < values.count / 8 {
            order.reserveCapacity(keep + 1)
            for i in values.indices {
                // Most rows lose to the worst kept one: one comparison, no insertion.
                if order.count == keep, let last = order.last, !before(i, last) { continue }
                order.insertKeepingBest(i, limit: keep, by: before)
            }
        } else {
            order = values.indices.sorted(by: before)
        }
        let unsorted = nodes
        nodes = order.map { unsorted[$0] }
        ranking = order.map { RowRank(score: values[$0]) }
        rankedBy = (formula, signals)
    }

    /// `ppr()`: personalized PageRank by the core's workspace over the part of the graph the query
    /// walks (see ``localWalk(_:parallel:for:)``), teleporting to the seeds in proportion to their
    /// weights; a node with no step sends its mass back to the seeds. Without a tolerance it is the
    /// engine's local push (``PageRankWorkspace/push(damping:epsilon:within:)``, ε 0.02, as
    /// `retrieve --method push`); with `tolerance:` power iteration to that L1 change
    /// (``PageRankWorkspace/exact(damping:tolerance:maxIterations:budget:)``). Either way the scores
    /// sum to 1 over that part and a seed keeps at least `(1 − damping)` × its share.
    func personalizedPageRank(damping: Double, tolerance: Double?, walk: BoundWalk) throws(QueryError) -> NodeScores {
        guard seedWeights.values.contains(where: { $0 > 0 }) else { return NodeScores() }
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
        return NodeScores(nodes: local.nodes, score: workspace.score)
    }

    /// `proximity`: for every node, the largest product of relationship weights along a walk of at
    /// most `maxHops` steps from a seed (1 at a seed), by the core's path search.
    func bestPathStrength(walk: BoundWalk, maxHops: Int) throws(QueryError) -> NodeScores {
        let local = try localWalk(walk, parallel: .strongest, for: "proximity")
        let search = PathSearch(graph: local.graph)
        search.search(from: seedWeights.keys.sorted().compactMap { local.local($0).map { ($0, 1.0) } }, maxHops: maxHops, budget: budget)
        if budget.isExhausted { throw deadlineError() }
        return NodeScores(nodes: local.nodes, score: search.score)
    }

    /// The components of a ranked row's score (the `why` column): the retrieval engine's parts, or
    /// the RANK BY formula's signals, evaluated again.
    func rankComponents(ofRow row: Int) -> [ResultMember] {
        guard row < ranking.count else { return [] }
        if let known = ranking[row].components { return Self.members(of: known) }
        guard let rankedBy else { return [] }
        var parts: [ResultMember] = []
        _ = evaluate(rankedBy.formula, node: nodes[row], signals: rankedBy.signals, parts: &parts, recordParts: true)
        return parts
    }

    /// The formula's value for every row of `columns`, worked out column by column: the same
    /// operations in the same order per row as ``evaluate(_:node:signals:parts:recordParts:)``
    /// (so the same values), without walking the formula once per row.
    private func scores(_ f: RankFormula, columns: RowColumns) -> [Double] {
        switch f {
        case .constant(let d): return [Double](repeating: d, count: nodes.count)
        case .field(let field): return columns.column(field)
        case .ppr: return columns.ppr
        case .proximity: return columns.proximity
        case .recency, .seed:
            var discarded: [ResultMember] = []
            return nodes.map { evaluate(f, node: $0, signals: RankSignals(), parts: &discarded, recordParts: false) }
        case .product(let a, let b):
            var left = scores(a, columns: columns)
            let right = scores(b, columns: columns)
            for row in left.indices { left[row] *= right[row] }
            return left
        case .sum(let a, let b):
            var left = scores(a, columns: columns)
            let right = scores(b, columns: columns)
            for row in left.indices { left[row] += right[row] }
            return left
        }
    }

    /// The formula's value at `node` (with its parts, for the `why` of a returned row).
    private func evaluate(_ f: RankFormula, node: NodeIndex, signals: RankSignals, parts: inout [ResultMember],
                          recordParts: Bool) -> Double {
        func leaf(_ name: String, _ value: Double) -> Double {
            if recordParts && !parts.contains(where: { $0.name == name }) { parts.append(ResultMember(name, .number(value))) }
            return value
        }
        switch f {
        case .constant(let d): return d
        case .field(let field):
            return leaf(field.rawValue, reader.number(field, node: node) ?? 0)
        case .ppr: return leaf("ppr", signals.ppr[node])
        case .recency(let halfLife, let at):
            guard let date = graph.insights[Int(node)].discoveryDate, date.isFinite else { return leaf("recency", 0) }
            let reference = (at ?? now).microsecondsSinceEpoch
            let age = max(0, Double(reference) - Double(date.microsecondsSinceEpoch))
            return leaf("recency", pow(2, -age / Double(halfLife)))
        case .seed: return leaf("seed", seedWeights[node] ?? 0)
        case .proximity: return leaf("proximity", signals.proximity[node])
        case .product(let a, let b):
            return evaluate(a, node: node, signals: signals, parts: &parts, recordParts: recordParts)
                * evaluate(b, node: node, signals: signals, parts: &parts, recordParts: recordParts)
        case .sum(let a, let b):
            return evaluate(a, node: node, signals: signals, parts: &parts, recordParts: recordParts)
                + evaluate(b, node: node, signals: signals, parts: &parts, recordParts: recordParts)
        }
    }
}

extension RankFormula {
    /// The insight fields the formula reads, each once, in order of appearance.
    var fields: [InsightField] {
        switch self {
        case .field(let field): return [field]
        case .product(let a, let b), .sum(let a, let b):
            let left = a.fields
            return left + b.fields.filter { !left.contains($0) }
        default: return []
        }
    }

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

