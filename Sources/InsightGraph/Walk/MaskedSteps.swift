import Dispatch
import Synchronization

/// The steps an ``EdgeMask`` allows from every insight of one character, worked out once and kept,
/// so that walks under the same mask read one contiguous row per node instead of testing every
/// stored relationship (its flags, type and the two ends' characters, all random reads).
///
/// A prompt builder sends one query text with new parameters each time: the same VIA, direction
/// and MIN STRENGTH over and over, for a handful of characters. IGQ's EXPAND and `ppr()` then
/// spend their time testing relationships; with these rows they only follow them. Walks give the
/// same results either way: the rows hold exactly what ``EdgeMask/allows(_:in:)`` accepts, in the
/// order ``EdgeMask/forEachStep(from:in:_:)`` visits it. Masks with a per-relationship test
/// (`EDGES WHERE`) cannot be kept (see ``MaskedStepsCache``).
public final class MaskedSteps: Sendable {
    /// The character's nodes: rows exist for these only.
    public let nodes: Range<NodeIndex>
    /// The mask the rows were made under (without ``EdgeMask/accepts``).
    let key: MaskedStepsKey
    /// Node `u`'s entries are `offsets[u − nodes.lowerBound] ..< offsets[u − nodes.lowerBound + 1]`
    /// of the step columns.
    private let offsets: [Int32]
    /// Allowed entries in ``EdgeMask/forEachStep(from:in:_:)`` order: neighbour and relationship
    /// side by side (what a breadth-first search reads: one run of memory a row), weights apart.
    private let steps: [Step]
    private let stepWeights: [Double]
    /// Node `u`'s steps with parallel relationships combined are
    /// `combined[combinedOffsets[u − nodes.lowerBound] ..< combinedOffsets[u − nodes.lowerBound + 1]]`,
    /// neighbours ascending: what ``LocalWalk`` builds its rows from. Parallel relationships share
    /// their neighbour, so whether a query's walk keeps them never splits them: combining them
    /// here gives the very weights (same additions, same order) a walk would combine. Interleaved,
    /// so that a row is one run of memory: local walks read ~2,000 rows scattered over the
    /// character, and the time they take is that of the first read of each row (16 bytes a
    /// neighbour: a row of three neighbours is one cache line).
    private let combinedOffsets: [Int32]
    private let combined: [CombinedStep]
    /// The strongest relationship's weight per entry of ``combined`` (read by the
    /// ``WalkPolicy/ParallelRule/strongest`` rule only, so kept apart from the summed weights).
    private let combinedStrongest: [Double]

    /// One allowed entry: the neighbour it leads to and its relationship.
    struct Step {
        var neighbor: NodeIndex
        var edge: EdgeIndex
    }

    /// One neighbour of a row: its relationships' weights (clamped to 0...1) summed, and the
    /// strongest relationship (the first of equals, in relationship order).
    struct CombinedStep {
        var neighbor: NodeIndex
        var edge: EdgeIndex
        var sum: Double
    }

    /// Number of entries kept (the cache's measure of size).
    public var entryCount: Int { steps.count }

    /// The rows of `mask` (whose ``EdgeMask/nodes`` is `nodes`, without a per-relationship test) over
    /// `graph`. - Complexity: O(the character's relationships).
    init(mask: EdgeMask, nodes: Range<NodeIndex>, in graph: GraphSnapshot) {
        precondition(mask.accepts == nil && mask.precomputed == nil, "MaskedSteps needs a mask without a relationship test")
        self.nodes = nodes
        key = MaskedStepsKey(mask, nodes: nodes)
        var offsets = [Int32](repeating: 0, count: nodes.count + 1)
        var combinedOffsets = [Int32](repeating: 0, count: nodes.count + 1)
        var steps: [Step] = [], stepWeights: [Double] = []
        var combined: [CombinedStep] = [], combinedStrongest: [Double] = []
        var row: [Adjacency] = []
        for (i, node) in nodes.enumerated() {
            row.removeAll(keepingCapacity: true)
            mask.forEachStep(from: node, in: graph) { row.append($0) }
            for entry in row {
                steps.append(Step(neighbor: entry.node, edge: entry.edge))
                stepWeights.append(entry.weight)
            }
            // Neighbour ascending, then relationship id: the order ``LocalWalk`` combines in.
            row.sort { $0.node != $1.node ? $0.node < $1.node : $0.edge < $1.edge }
            var k = 0
            var step = StepCombination()
            while k < row.count {
                let neighbor = row[k].node
                step.start()
                while k < row.count && row[k].node == neighbor {
                    step.add(weight: min(max(row[k].weight, 0), 1), edge: row[k].edge)
                    k += 1
                }
                combined.append(CombinedStep(neighbor: neighbor, edge: step.strongestEdge, sum: step.sum))
                combinedStrongest.append(step.strongest)
            }
            offsets[i + 1] = Int32(steps.count)
            combinedOffsets[i + 1] = Int32(combined.count)
        }
        self.offsets = offsets
        self.steps = steps
        self.stepWeights = stepWeights
        self.combinedOffsets = combinedOffsets
        self.combined = combined
        self.combinedStrongest = combinedStrongest
    }

    /// Whether every node of `sorted` (ascending) has rows here.
    func covers(sorted nodes: [NodeIndex]) -> Bool {
        guard let first = nodes.first, let last = nodes.last else { return true }
        return self.nodes.contains(first) && self.nodes.contains(last)
    }

    /// Whether every node of `nodes` has rows here.
    func covers(_ nodes: [NodeIndex]) -> Bool { nodes.allSatisfy(self.nodes.contains) }

    /// ``GraphSnapshot/breadthFirst(from:maxHops:mask:maxNodes:budget:scratch:)`` over these rows,
    /// for starts that all have rows: the same walk (order, parents, end), with visited marks local
    /// to the character and no relationship tested.
    func breadthFirst(from starts: [NodeIndex], maxHops: Int, maxNodes limit: Int, budget: WorkBudget?) -> BreadthFirstWalk {
        var walk = BreadthFirstWalk()
        let lo = nodes.lowerBound
        var visited = NodeRangeSet(range: nodes)
        for s in starts where !visited.contains(s) {
            guard walk.order.count < limit else { walk.end = .nodeLimit; return walk }
            _ = visited.insert(s)
            walk.order.append(Reached(node: s, hops: 0))
            walk.parents.append(nil)
        }
        let offsets = offsets, steps = steps
        var head = 0
        var levelEnd = 0  // the end of the hop level `head` is in, once its rows are touched
        search: while head < walk.order.count {
            let current = walk.order[head]
            if head == levelEnd {
                // A new level: its rows are all known now; read them ahead (see ``touchRows(of:offsets:neighbor:)``).
                levelEnd = walk.order.count
                if current.hops < maxHops {
                    touchRows(of: walk.order[head..<levelEnd].lazy.map(\.node), offsets: offsets) { steps[$0].neighbor }
                }
            }
            head += 1
            if current.hops >= maxHops { continue }
            if let budget, head % Self.budgetBatch == 1, !budget.spend(Self.budgetBatch) { walk.end = .budget; break }
            let i = Int(current.node - lo)
            for k in Int(offsets[i])..<Int(offsets[i + 1]) {
                let step = steps[k], neighbor = step.neighbor
                if visited.contains(neighbor) { continue }
                guard walk.order.count < limit else { walk.end = .nodeLimit; break search }
                _ = visited.insert(neighbor)
                walk.order.append(Reached(node: neighbor, hops: current.hops + 1))
                walk.parents.append((current.node, step.edge))
            }
        }
        return walk
    }

    /// ``LocalWalk``'s graph for `nodes` (ascending, unique, all with rows here): the same arrays its
    /// general path builds, read from the combined rows, with local numbers from a bit set over
    /// the character (``NodeRangeSet``). The rows are written in place into arrays of their largest size (no
    /// per-step append), and the budget is checked once per ``budgetBatch`` nodes.
    func localGraph(of nodes: [NodeIndex], parallel: WalkPolicy.ParallelRule, budget: WorkBudget?, policy: WalkPolicy) -> WalkGraph {
        let lo = self.nodes.lowerBound
        let combinedOffsets = combinedOffsets, combined = combined, combinedStrongest = combinedStrongest
        // Local numbers: a node's position in `nodes` is its rank among them.
        var local = NodeRangeSet(range: self.nodes)
        var capacity = 0
        for node in nodes {
            let r = Int(node - lo)
            _ = local.insert(node)
            capacity += Int(combinedOffsets[r + 1] - combinedOffsets[r])
        }
        local.index()
        touchRows(of: nodes, offsets: combinedOffsets) { combined[$0].neighbor }
        var offsets = [Int32](repeating: 0, count: nodes.count + 1)
        var neighbors = [NodeIndex](repeating: 0, count: capacity), edges = [EdgeIndex](repeating: 0, count: capacity)
        var weights = [Double](repeating: 0, count: capacity), degrees = [Double](repeating: 0, count: nodes.count)
        var count = 0
        var withinBudget = true
        do {
            var neighborsOut = neighbors.mutableSpan, edgesOut = edges.mutableSpan, weightsOut = weights.mutableSpan
            var degreesOut = degrees.mutableSpan, offsetsOut = offsets.mutableSpan
            let rows = combined.span, strongest = combinedStrongest.span, starts = combinedOffsets.span
            for (u, node) in nodes.enumerated() {
                if u % Self.budgetBatch == 0, let budget { withinBudget = budget.spend(Self.budgetBatch) }
                if withinBudget {
                    let r = Int(node - lo)
                    var degree = 0.0
                    for k in Int(starts[r])..<Int(starts[r + 1]) {
                        let step = rows[k]
                        // Steps to nodes outside `nodes` are dropped.
                        let w = parallel == .sum ? step.sum : strongest[k]
                        guard w > 0, let v = local.position(of: step.neighbor) else { continue }
                        neighborsOut[count] = v
                        edgesOut[count] = step.edge
                        weightsOut[count] = w
                        degree += w
                        count += 1
                    }
                    degreesOut[u] = degree
                }
                offsetsOut[u + 1] = Int32(count)
            }
        }
        neighbors.removeLast(capacity - count)
        edges.removeLast(capacity - count)
        weights.removeLast(capacity - count)
        return WalkGraph(policy: policy, offsets: offsets, neighbors: neighbors, weights: weights, edges: edges, degrees: degrees)
    }

    /// Reads the first and last entry of each node's row, and nothing else, before a loop that
    /// works through those rows. The rows are scattered over the character's rows and mostly not in
    /// any cache; in the working loop each miss waits behind the work on the row before, here the
    /// loads are independent and wait together, leaving the rows (a cache line or two each) in the
    /// cache for the loop. Measured on the medium benchmark's prompt-style query: see
    /// docs/benchmark-history.md.
    @inline(__always)
    func touchRows(of nodes: some Sequence<NodeIndex>, offsets: [Int32], neighbor: (Int) -> NodeIndex) {
        let lo = self.nodes.lowerBound
        var sum: NodeIndex = 0
        for node in nodes {
            let r = Int(node - lo)
            let start = Int(offsets[r]), end = Int(offsets[r + 1])
            if start < end { sum &+= neighbor(start) &+ neighbor(end - 1) }
        }
        keepLoaded(sum)
    }

    /// Nodes a walk over these rows handles between two checks of its work budget.
    static let budgetBatch = 64

    /// Calls `body` with the allowed entries of `node` (in ``nodes``), in the mask's visiting order.
    @inline(__always)
    func forEachStep(from node: NodeIndex, _ body: (Adjacency) -> Void) {
        let i = Int(node - nodes.lowerBound)
        for k in Int(offsets[i])..<Int(offsets[i + 1]) {
            body(Adjacency(node: steps[k].neighbor, edge: steps[k].edge, weight: stepWeights[k]))
        }
    }
}

/// What a mask's rows depend on: everything of an ``EdgeMask`` but its per-relationship test.
struct MaskedStepsKey: Hashable, Sendable {
    var direction: WalkPolicy.Direction
    var allowedTypeCodes: [UInt16]?
    var minimumStrength: Double
    var nodes: Range<NodeIndex>
    var includesUnwalkable: Bool

    init(_ mask: EdgeMask, nodes: Range<NodeIndex>) {
        direction = mask.direction
        allowedTypeCodes = mask.allowedTypeCodes.map { $0.sorted() }
        minimumStrength = mask.minimumStrength
        self.nodes = nodes
        includesUnwalkable = mask.includesUnwalkable
    }

    /// The mask this key describes (a mask holds a closure, so a key, not a mask, crosses threads).
    var mask: EdgeMask {
        var mask = EdgeMask(direction: direction, allowedTypeCodes: allowedTypeCodes.map(Set.init),
                            minimumStrength: minimumStrength, nodes: nodes)
        mask.includesUnwalkable = includesUnwalkable
        return mask
    }
}

/// A snapshot's ``MaskedSteps``, made on first use and kept while they fit the budget (least
/// recently used go first), shared by every thread serving the snapshot.
///
/// Kept by whoever keeps the snapshot's working memory for many queries (``RetrieverPool``); a
/// one-off query walks the snapshot directly, since making a character's rows costs several of its walks.
public final class MaskedStepsCache: Sendable {
    public let snapshot: GraphSnapshot
    /// Entries (16 bytes each, and up to 24 more once combined) kept at most, over all characters and masks.
    public let maximumEntries: Int

    /// Whether a mask's rows that are not kept yet are made on another thread (the walk that
    /// asked goes on without them) or at once, by the caller.
    public let buildsInBackground: Bool

    private struct State: ~Copyable {
        /// Rows kept, their cost their entry count.
        var rows: RecencyCache<MaskedStepsKey, MaskedSteps>
        /// Masks whose rows are being made in the background.
        var building: Set<MaskedStepsKey> = []
    }
    private let state: Mutex<State>
    private let backgroundWork = DispatchGroup()

    /// Default budget: 2 million entries, at most 80 MB (about the relationships of 250,000 insights
    /// at the medium benchmark's density, walked both ways).
    public static let defaultMaximumEntries = 2_000_000

    /// - Parameter buildsInBackground: true (the service): a query that finds its character's rows
    ///   missing walks without them and they are made on another thread, so no request waits for
    ///   them (tens of milliseconds for a character of 30,000 insights); false: made at once.
    public init(snapshot: GraphSnapshot, maximumEntries: Int = MaskedStepsCache.defaultMaximumEntries,
                buildsInBackground: Bool = true) {
        self.snapshot = snapshot
        self.maximumEntries = maximumEntries
        self.buildsInBackground = buildsInBackground
        state = Mutex(State(rows: RecencyCache(budget: maximumEntries)))
    }

    /// `mask` with the rows of its character attached, when it can have them: it is limited to
    /// exactly one character's nodes of ``snapshot``, has no per-relationship test, and the
    /// character's stored relationships are at most a quarter of ``maximumEntries``. Rows not kept
    /// yet are made now or, with ``buildsInBackground``, on another thread while `mask` is returned
    /// unchanged. Otherwise `mask` unchanged. Walks give the same results either way.
    public func attach(to mask: EdgeMask) -> EdgeMask {
        // (A NaN minimum strength would make a key equal to nothing, itself included.)
        guard mask.accepts == nil, mask.precomputed == nil, !mask.minimumStrength.isNaN, let nodes = mask.nodes, !nodes.isEmpty,
              nodes.lowerBound >= 0, Int(nodes.upperBound) <= snapshot.nodeCount,
              case let character = Int(snapshot.nodeCharacter[Int(nodes.lowerBound)]), character >= 0,
              snapshot.nodes(ofCharacter: character) == nodes else { return mask }
        // A character too large to keep is walked directly (made per query, its rows would cost
        // more than the walks they save).
        let lo = Int(nodes.lowerBound), hi = Int(nodes.upperBound)
        let stored = Int(snapshot.outOffsets[hi] - snapshot.outOffsets[lo]) + Int(snapshot.inOffsets[hi] - snapshot.inOffsets[lo])
        guard stored <= maximumEntries / 4 else { return mask }
        let key = MaskedStepsKey(mask, nodes: nodes)
        let kept = state.withLock { $0.rows.value(for: key) }
        guard let steps = kept ?? (buildsInBackground ? nil : keep(MaskedSteps(mask: mask, nodes: nodes, in: snapshot))) else {
            makeInBackground(key)
            return mask
        }
        var attached = mask
        attached.precomputed = steps
        return attached
    }

    /// Number of masks' rows kept now.
    public var count: Int { state.withLock { $0.rows.count } }
    /// Entries kept now, over all of them (at most ``maximumEntries``).
    public var entryCount: Int { state.withLock { $0.rows.totalCost } }

    /// Makes and keeps the rows of `key`'s mask on another thread, unless that is under way.
    private func makeInBackground(_ key: MaskedStepsKey) {
        let isNew = state.withLock { $0.building.insert(key).inserted }
        guard isNew else { return }
        DispatchQueue.global(qos: .userInitiated).async(group: backgroundWork) { [self] in
            _ = keep(MaskedSteps(mask: key.mask, nodes: key.nodes, in: snapshot))
            state.withLock { _ = $0.building.remove(key) }
        }
    }

    /// Waits until no rows are being made in the background (for tests and benchmarks).
    public func waitForBackgroundWork() { backgroundWork.wait() }

    private func keep(_ steps: MaskedSteps) -> MaskedSteps {
        state.withLock { $0.rows.keep(steps, for: steps.key, cost: steps.entryCount) }
    }
}

/// Takes a value and does nothing with it, opaquely: the loads that made it cannot be optimised away
/// (``MaskedSteps/touchRows(of:offsets:neighbor:)``).
@_optimize(none)
private func keepLoaded(_ value: NodeIndex) {}
