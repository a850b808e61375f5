import InsightGraph

extension Binder {
    static let signals = ["ppr", "recency", "seed", "proximity"]
    static let rankFields: [InsightField] = [.confidence, .importance, .emotionalValence]

    func bindFormula(_ f: RankExpression) throws(QueryError) -> RankFormula {
        switch f.kind {
        case .number(let d): return .constant(d)
        case .parameter(let p):
            let value = try parameterValue(p, expecting: .number, at: f.range)
            guard let d = try convert(value, to: .number, what: "RANK BY", at: f.range).asDouble else { return .constant(0) }
            return .constant(d)
        case .product(let a, let b): return .product(try bindFormula(a), try bindFormula(b))
        case .sum(let a, let b): return .sum(try bindFormula(a), try bindFormula(b))
        case .name(let n): return try bindSignal(Name(n, f.range), arguments: [])
        case .call(let n, let arguments): return try bindSignal(n, arguments: arguments)
        }
    }

    private func bindSignal(_ name: Name, arguments: [RankExpression.Argument]) throws(QueryError) -> RankFormula {
        let key = name.text.lowercased()
        switch key {
        case "ppr":
            var damping = 0.85
            var tolerance: Double?
            for argument in try labelled(arguments, allowed: ["damping", "tolerance"], of: key) {
                let value = try bindNumber(argument.value, what: "ppr's \(argument.label.text)")
                if argument.label.text == "damping" {
                    guard value > 0, value < 1 else {
                        throw QueryError(.types, "damping must be between 0 and 1 (exclusive), got \(value)", at: argument.value.range)
                    }
                    damping = value
                } else {
                    guard value > 0, value < 1 else {
                        throw QueryError(.types, "tolerance must be between 0 and 1 (exclusive), got \(value)", at: argument.value.range)
                    }
                    tolerance = value
                }
            }
            return .ppr(damping: damping, tolerance: tolerance)
        case "recency":
            var halfLife: Int64 = 90 * 86_400_000_000
            var now: Timestamp?
            for argument in try labelled(arguments, allowed: ["half_life", "now"], of: key) {
                if argument.label.text == "now" {
                    if case .timestamp(let t) = try bindValue(argument.value, expecting: .timestamp, what: "recency's now") { now = t }
                } else if case .duration(let micros) = try bindValue(argument.value, expecting: .duration, what: "half_life") {
                    guard micros > 0 else { throw QueryError(.types, "half_life must be above 0", at: argument.value.range) }
                    halfLife = micros
                }
            }
            return .recency(halfLifeMicros: halfLife, now: now)
        case "seed", "proximity":
            _ = try labelled(arguments, allowed: [], of: key)
            return key == "seed" ? .seed : .proximity
        default:
            if let field = FieldRef.resolve(name.text, in: .insight), case .insight(let f) = field {
                guard Self.rankFields.contains(f) else {
                    throw QueryError(.types, "RANK BY multiplies numbers; '\(f.rawValue)' is \(Value.article(f.type))"
                                     + " (use confidence, importance or emotional_valence)", at: name.range)
                }
                guard arguments.isEmpty else {
                    throw QueryError(.types, "'\(f.rawValue)' is a field, not a function; drop the parentheses", at: name.range)
                }
                return .field(f)
            }
            throw QueryError(.binder, "unknown ranking signal '\(name.text)'"
                             + Suggestions.didYouMean(name.text, in: Self.signals + Self.rankFields.map(\.rawValue))
                             + " (signals: ppr, recency, seed, proximity, confidence, importance, emotional_valence)",
                             at: name.range)
        }
    }

    /// Arguments with known labels, each at most once.
    private func labelled(_ arguments: [RankExpression.Argument], allowed: [String], of function: String)
        throws(QueryError) -> [RankExpression.Argument] {
        var seen = Set<String>()
        var result: [RankExpression.Argument] = []
        for var argument in arguments {
            let label = argument.label.text.lowercased()
            guard allowed.contains(label) else {
                let hint = allowed.isEmpty ? "; \(function) takes no arguments"
                    : Suggestions.didYouMean(label, in: allowed) + " (\(function) takes " + allowed.joined(separator: ", ") + ")"
                throw QueryError(.binder, "unknown argument '\(argument.label.text)'" + hint, at: argument.label.range)
            }
            guard seen.insert(label).inserted else {
                throw QueryError(.binder, "argument '\(label)' given twice", at: argument.label.range)
            }
            argument.label.text = label
            result.append(argument)
        }
        return result
    }
}

/// Which result columns a form offers.
enum ColumnForm {
    case select, path, neighbourhood, timeline, contradictions

    var available: [Column] {
        let insight = InsightField.allCases.map(Column.insight)
        switch self {
        case .select: return insight + [.score, .hops, .seed, .why]
        case .path: return [.step] + insight + [.via, .strength, .score]
        case .neighbourhood: return insight + [.hops, .via, .parent, .strength]
        case .timeline: return EventField.allCases.map(Column.event)
        case .contradictions:
            return RelationshipField.own.map { .relationship($0.1) }
                + InsightField.allCases.flatMap { [Column.relationship(.from($0)), .relationship(.to($0))] }
        }
    }
}

extension Binder {
    /// `RETURN` names resolved for a form; nil means the defaults, an empty list means every column.
    func bindColumns(_ names: [Name]?, form: ColumnForm, defaults: [Column]) throws(QueryError) -> [Column] {
        guard let names else { return defaults }
        let available = form.available
        if names.isEmpty { return form == .contradictions ? Array(available.prefix(16)) : available }
        var columns: [Column] = []
        for name in names {
            let key = name.text.lowercased()
            var found = available.first { $0.name == key }
            if found == nil, let field = InsightField.aliases[key] { found = available.first { $0 == .insight(field) } }
            if found == nil, let field = EventField.aliases[key] { found = available.first { $0 == .event(field) } }
            if found == nil, case .relationship(let field)? = FieldRef.resolve(key, in: .relationship) {
                found = available.first { $0 == .relationship(field) }
            }
            guard let column = found else {
                throw QueryError(.binder, "unknown column '\(name.text)'" + Suggestions.didYouMean(name.text, in: available.map(\.name)),
                                 at: name.range)
            }
            columns.append(column)
        }
        return columns
    }
}
