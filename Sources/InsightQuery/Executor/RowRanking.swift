import InsightGraph

/// The rank of one row: its score and, for the retrieval engine's ranking, the score's parts.
struct RowRank {
    var score: Double
    /// The retrieval engine's breakdown (the default ranking of a seeded query); `nil` under RANK
    /// BY, whose parts are worked out again from ``RankSignals`` for the rows returned.
    var components: ScoreComponents?
}

/// A graph signal's score per node of the part of the graph it walked (`ppr()`, `proximity`),
/// as two arrays: nodes ascending and their scores. A row's score is found by binary search, so
/// ranking hashes nothing; a node outside the walk scores 0.
struct NodeScores {
    private var nodes: [NodeIndex] = []
    private var values: [Double] = []

    init() {}

    /// - Parameters:
    ///   - nodes: ascending, without duplicates (a ``LocalWalk``'s numbering).
    ///   - score: the score of local node `i` (`nodes[i]`).
    init(nodes: [NodeIndex], score: (NodeIndex) -> Double) {
        self.nodes = nodes
        values = nodes.indices.map { score(NodeIndex($0)) }
    }

    subscript(node: NodeIndex) -> Double {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodes.count && nodes[lo] == node ? values[lo] : 0
    }
}

/// The graph signals a RANK BY formula reads.
struct RankSignals {
    var ppr = NodeScores()
    var proximity = NodeScores()
}
