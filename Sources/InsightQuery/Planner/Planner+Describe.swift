import InsightGraph

/// Readable text for plan stages (`EXPLAIN` output).
extension Planner {
    func describe(_ seed: BoundSeed) -> String {
        switch seed {
        case .message(let m): return "message '\(m.count > 40 ? String(m.prefix(40)) + "…" : m)'"
        case .insight(let node, let weight): return "insight #\(graph.insight(at: node).id)" + (weight == 1 ? "" : " weight \(weight)")
        case .trigger(let t): return "trigger '\(t)'"
        }
    }

    func describe(_ walk: BoundWalk) -> String {
        var parts: [String] = []
        if !walk.typeNames.isEmpty { parts.append("via " + walk.typeNames.joined(separator: ", ")) }
        if let s = walk.minStrength { parts.append("min strength \(s)") }
        parts.append(walk.direction.keyword.lowercased())
        if let f = walk.edgeFilter { parts.append("edges where " + describe(f)) }
        return parts.joined(separator: " ")
    }

    func describe(_ p: Predicate) -> String {
        switch p {
        case .constant(let b): return b.map { $0 ? "true" : "false" } ?? "unknown"
        case .compare(let f, let op, let v): return "\(f.name) \(op.rawValue) \(v.display)"
        case .compareFields(let a, let op, let b): return "\(a.name) \(op.rawValue) \(b.name)"
        case .member(let f, let values, let negated):
            return "\(f.name)\(negated ? " NOT" : "") IN (" + values.map(\.display).joined(separator: ", ") + ")"
        case .contains(let f, let s): return "\(f.name) CONTAINS '\(s)'"
        case .matches(let f, let words): return "\(f.name) MATCHES '\(words.joined(separator: " "))'"
        case .triggeredBy(let words): return "TRIGGERED BY '\(words.joined(separator: " "))'"
        case .isNull(let f, let negated): return "\(f.name) IS \(negated ? "NOT " : "")NULL"
        case .and(let a, let b): return "(\(describe(a)) AND \(describe(b)))"
        case .or(let a, let b): return "(\(describe(a)) OR \(describe(b)))"
        case .not(let a): return "NOT \(describe(a))"
        }
    }

    func describe(_ f: RankFormula) -> String {
        switch f {
        case .constant(let d): return String(d)
        case .field(let field): return field.rawValue
        case .ppr(let damping, let tolerance):
            return "ppr(damping: \(damping), " + (tolerance.map { "tolerance: \($0))" } ?? "local push)")
        case .recency(let halfLife, let now):
            return "recency(half_life: \(halfLife / 86_400_000_000)d" + (now.map { ", now: \($0.iso8601)" } ?? "") + ")"
        case .seed: return "seed"
        case .proximity: return "proximity"
        case .product(let a, let b): return "\(describe(a)) * \(describe(b))"
        case .sum(let a, let b): return "(\(describe(a)) + \(describe(b)))"
        }
    }
}
