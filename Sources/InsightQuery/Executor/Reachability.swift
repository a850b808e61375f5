import InsightGraph

/// How a query's walk reached its nodes: hops from the nearest start and the first-found parent
/// (the node before and the relationship), kept as the breadth-first search's own arrays.
///
/// Only projections (`hops`, `parent`, `via`, `strength`, `why`) and `proximity`'s hop bound read
/// it, and only for the rows a query returns, so the node → entry map is built on the first lookup
/// rather than for every node the walk visited.
struct Reachability {
    /// Reached nodes in the search's order (by hops) and their hop counts.
    private var order: [NodeIndex] = []
    private var hopCounts: [Int] = []
    private var parents: [(node: NodeIndex, edge: EdgeIndex)?] = []
    private var entryOfNode: [NodeIndex: Int]?

    /// Nothing reached.
    init() {}

    /// The start nodes alone, at 0 hops (seeds before EXPAND).
    init(starts: [NodeIndex]) {
        order = starts
        hopCounts = Array(repeating: 0, count: starts.count)
        parents = Array(repeating: nil, count: starts.count)
    }

    /// What one breadth-first search reached.
    init(_ walk: BreadthFirstWalk) {
        order = walk.order.map(\.node)
        hopCounts = walk.order.map(\.hops)
        parents = walk.parents
    }

    /// The largest hop count reached (`nil`: nothing reached).
    var maxHops: Int? { hopCounts.last }

    /// The reached nodes by hops, then by `id` within a hop count (NEIGHBOURHOOD's order). The
    /// search lists nodes by hops already, so only each hop's run is sorted.
    func nodesByHops(id: (NodeIndex) -> Int) -> [NodeIndex] {
        var result: [NodeIndex] = []
        result.reserveCapacity(order.count)
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && hopCounts[end] == hopCounts[start] { end += 1 }
            result += order[start..<end].sorted { id($0) < id($1) }
            start = end
        }
        return result
    }

    /// Hops from the nearest start (`nil`: not reached).
    mutating func hops(of node: NodeIndex) -> Int? {
        entry(of: node).map { hopCounts[$0] }
    }

    /// How `node` was first reached (`nil`: a start node, or not reached).
    mutating func parent(of node: NodeIndex) -> (node: NodeIndex, edge: EdgeIndex)? {
        entry(of: node).flatMap { parents[$0] }
    }

    private mutating func entry(of node: NodeIndex) -> Int? {
        if entryOfNode == nil {
            var map: [NodeIndex: Int] = [:]
            map.reserveCapacity(order.count)
            // The first entry wins: a search lists each node once, starts may repeat.
            for (i, node) in order.enumerated().reversed() { map[node] = i }
            entryOfNode = map
        }
        return entryOfNode![node]
    }
}
