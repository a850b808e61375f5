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

    /// The scores of `rows` in order: read straight across when `rows` are this walk's nodes (the
    /// common case: an expanded query ranks what it expanded), else one search per row.
    func column(for rows: [NodeIndex]) -> [Double] {
        rows == nodes ? values : rows.map { self[$0] }
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

/// What a RANK BY formula reads, as one column per input over the rows being ranked: the
/// numeric fields (NULL as 0), each read in one short loop (the rows' insights are scattered in
/// memory, and such a loop has many of them in flight at once where scoring row by row waits for
/// each), and the graph signals, lined up with the rows.
struct RowColumns {
    private let fields: [InsightField]
    private let columns: [[Double]]
    let ppr: [Double]
    let proximity: [Double]

    /// - Parameter numbers: the snapshot's kept numeric columns, when the caller keeps them (read
    ///   there; otherwise from each row's insight, the same values).
    init(_ formula: RankFormula, rows: [NodeIndex], signals: RankSignals, reader: RowReader, numbers: InsightNumberColumns?) {
        fields = formula.fields
        columns = fields.map { field in
            if let numbers, let kept = field.numberField {
                let column = numbers.column(kept)
                return rows.map { column[Int($0)] }
            }
            return rows.map { reader.number(field, node: $0) ?? 0 }
        }
        ppr = formula.firstPPR == nil ? [] : signals.ppr.column(for: rows)
        proximity = formula.usesProximity ? signals.proximity.column(for: rows) : []
    }

    /// The field's column (one value per row).
    func column(_ field: InsightField) -> [Double] {
        columns[fields.firstIndex(of: field)!]
    }
}
