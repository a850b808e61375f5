import InsightGraph

extension Execution {
    /// Turns the working rows into output columns; fails on the max-rows limit.
    func project(_ columns: [Column]) throws(QueryError) {
        let count: Int
        switch rowKind {
        case .insights: count = nodes.count
        case .relationships: count = edges.count
        case .events: count = events.count
        case .path: count = pathRows.count
        case .table: return
        }
        guard count <= limits.maxRows else {
            throw QueryError(.limit, "the query returns \(count) rows, more than the max-rows limit of \(limits.maxRows); add LIMIT",
                             at: range)
        }
        var rows: [[ResultValue]] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            try tick()
            rows.append(columns.map { cell($0, row: i) })
        }
        output = (columns.map(\.name), rows)
        switch rowKind {
        case .insights: if subgraph == nil { subgraph = .induced(by: nodes, in: graph) }
        case .relationships:
            let ends = edges.flatMap { [graph.edgeFrom[Int($0)], graph.edgeTo[Int($0)]] }
            subgraph = ResultSubgraph(nodes: Array(Set(ends)).sorted(), edges: edges.sorted())
        default: break
        }
    }

    private func cell(_ column: Column, row i: Int) -> ResultValue {
        switch rowKind {
        case .relationships:
            if case .relationship(let f) = column { return Self.resultValue(reader.value(f, edge: edges[i])) }
            return .null
        case .events:
            if case .event(let f) = column { return Self.resultValue(reader.value(f, event: events[i])) }
            return .null
        case .path:
            let step = pathRows[i]
            switch column {
            case .step: return .integer(Int64(i))
            case .insight(let f): return Self.resultValue(reader.value(f, node: step.node))
            case .via: return step.edge.flatMap { graph.relationshipType(ofEdge: $0) }.map(ResultValue.text) ?? .null
            case .strength: return step.edge.map { .number(graph.weight(ofEdge: $0)) } ?? .null
            case .score: return .number(step.cumulative)
            default: return .null
            }
        case .insights, .table:
            return insightCell(column, row: i)
        }
    }

    private func insightCell(_ column: Column, row: Int) -> ResultValue {
        let node = nodes[row]
        switch column {
        case .insight(let f): return Self.resultValue(reader.value(f, node: node))
        case .score: return row < ranking.count ? .number(ranking[row].score) : .null
        case .hops: return reach.hops(of: node).map { .integer(Int64($0)) } ?? .null
        case .seed: return seedWeights[node].map(ResultValue.number) ?? .null
        case .parent: return reach.parent(of: node).map { .integer(Int64(graph.insights[Int($0.node)].id)) } ?? .null
        case .via: return reach.parent(of: node).flatMap { graph.relationshipType(ofEdge: $0.edge) }.map(ResultValue.text) ?? .null
        case .strength: return reach.parent(of: node).map { .number(graph.weight(ofEdge: $0.edge)) } ?? .null
        case .why: return why(row: row)
        default: return .null
        }
    }

    /// The explanation of a result as data: seed weight and reasons, hops, the first-found path
    /// from a seed (insight ids and relationship types), and the score's components.
    private func why(row: Int) -> ResultValue {
        let node = nodes[row]
        let path = pathFromStart(to: node)
        return .object([
            ResultMember("seed", seedWeights[node].map(ResultValue.number) ?? .null),
            ResultMember("reasons", .list((seedReasons[node] ?? []).map { .text($0.text) })),
            ResultMember("hops", reach.hops(of: node).map { .integer(Int64($0)) } ?? .null),
            ResultMember("path", .list(path.nodes.map { .integer(Int64(graph.insights[Int($0)].id)) })),
            ResultMember("via", .list(path.edges.map { .text(graph.relationshipType(ofEdge: $0) ?? "") })),
            ResultMember("components", .object(rankComponents(ofRow: row))),
        ])
    }
}
