import Foundation
import InsightGraph

extension Execution {
    func neighbourhood(_ n: BoundNeighbourhood) throws(QueryError) {
        _ = try breadthFirst(from: [n.center], maxHops: n.hops, walk: n.walk, cap: nil, at: range)
        nodes = reach.nodesByHops { graph.insights[Int($0)].id }
    }

    func scanRelationships(character: Int?, type: UInt16?, missingType: Bool) {
        guard !missingType else { edges = []; return }
        let range = character.map { graph.nodes(ofCharacter: $0) }
        edges = (0..<EdgeIndex(graph.edgeCount)).filter { edge in
            if let type, graph.edgeTypeCodes[Int(edge)] != type { return false }
            guard let range else { return true }
            return range.contains(graph.edgeFrom[Int(edge)]) && range.contains(graph.edgeTo[Int(edge)])
        }
    }

    /// `COUNT ... GROUP BY`: one row per distinct key (ascending, NULL first), or one total.
    func group(context: FieldContext, keys: [BoundGroupKey]) throws(QueryError) {
        let rows: [RowReader.Row] = context == .insight ? nodes.map { .insight($0) } : edges.map { .relationship($0) }
        var counts: [[Value]: Int] = [:]
        for row in rows {
            try tick()
            let key = keys.map { key -> Value in
                let value = reader.value(key.field, row)
                guard let width = key.width else { return value }
                switch value {
                case .timestamp(let t):
                    // infinity / -infinity (and anything Int64 cannot hold) keep their own group.
                    let start = (Double(t.microsecondsSinceEpoch) / width).rounded(.down) * width
                    guard t.isFinite, start.magnitude < 9e18 else { return value }
                    return .timestamp(Timestamp(microsecondsSinceEpoch: Int64(start)))
                default:
                    guard let d = value.asDouble, d.isFinite else { return .null }
                    // Round to the bucket's own digits so 0.30000000000000004 prints as 0.3.
                    let start = ((d / width + 1e-9).rounded(.down) * width * 1e9).rounded() / 1e9
                    return start.isFinite ? .number(start) : .null
                }
            }
            counts[key, default: 0] += 1
        }
        let names = keys.map { key in key.width.map { w in "bucket(\(key.field.name), \(Self.format(w, for: key.field)))" } ?? key.field.name }
        let sorted = counts.keys.sorted { a, b in
            for (x, y) in zip(a, b) where x != y { return Self.precedes(x, y) }
            return false
        }
        output = (names + ["count"], sorted.map { key in key.map(Self.resultValue) + [.integer(Int64(counts[key]!))] })
        if keys.isEmpty && rows.isEmpty { output = (["count"], [[.integer(0)]]) }
    }

    private static func format(_ width: Double, for field: FieldRef) -> String {
        field.type == .timestamp ? "\(Int64(width) / 86_400_000_000)d" : String(width)
    }

    /// Sort order for group keys: NULL first, then by value.
    static func precedes(_ a: Value, _ b: Value) -> Bool {
        if case .null = a { return true }
        if case .null = b { return false }
        return RowReader.compare(a, .less, b) ?? false
    }

    static func resultValue(_ v: Value) -> ResultValue {
        switch v {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .number(let d): return d.isFinite ? .number(d) : .text(String(d))
        case .text(let s): return .text(s)
        case .timestamp(let t): return .timestamp(t)
        case .duration(let d): return .integer(d)
        case .list(let items): return .list(items.map(resultValue))
        }
    }
}
