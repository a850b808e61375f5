import InsightGraph

extension Binder {
    // MARK: Values and parameters

    /// A literal or parameter converted to `type`, or a type error naming `what` it was for.
    func bindValue(_ e: Expression, expecting type: ValueType, what: String) throws(QueryError) -> Value {
        let value: Value
        switch e.kind {
        case .literal(let literal):
            value = try literalValue(literal, at: e.range)
        case .parameter(let name):
            value = try parameterValue(name, expecting: type, at: e.range)
        case .field(let name):
            throw QueryError(.types, "expected \(Value.article(type)) for \(what), found the field name '\(name)'", at: e.range)
        default:
            throw QueryError(.types, "expected \(Value.article(type)) for \(what)", at: e.range)
        }
        return try convert(value, to: type, what: what, at: e.range)
    }

    func convert(_ value: Value, to type: ValueType, what: String, at range: SourceRange) throws(QueryError) -> Value {
        if type == .number, case .integer(let i) = value { return .number(Double(i)) }
        if type == .integer, case .number(let d) = value, d.rounded() == d, abs(d) < 9e18 { return .integer(Int64(d)) }
        if type == .textList, case .list(let items) = value, items.isEmpty { return value }
        guard type.accepts(value.type) || (type == .list && value.type == .textList) else {
            var message = "expected \(Value.article(type)) for \(what), found \(Value.article(value.type)) \(value.display)"
            if type == .timestamp, case .text = value { message += "; write timestamps without quotes, as in 2025-03-01" }
            if type == .duration, value.type.isNumeric { message += "; add a unit, as in 90d" }
            throw QueryError(.types, message, at: range)
        }
        return value
    }

    func literalValue(_ literal: Literal, at range: SourceRange) throws(QueryError) -> Value {
        switch literal {
        case .string(let s): return .text(s)
        case .integer(let i): return .integer(i)
        case .float(let d): return .number(d)
        case .duration(let micros, _): return .duration(micros)
        case .timestamp(let t): return .timestamp(t)
        case .null: return .null
        case .list(let items):
            var values: [Value] = []
            for item in items {
                switch item.kind {
                case .literal(let l): values.append(try literalValue(l, at: item.range))
                case .parameter(let p): values.append(try parameterValue(p, expecting: .text, at: item.range))
                default: throw QueryError(.types, "lists hold values only", at: item.range)
                }
            }
            return .list(values)
        }
    }

    /// A parameter's value; untyped text is read as `type`.
    func parameterValue(_ name: String, expecting type: ValueType, at range: SourceRange) throws(QueryError) -> Value {
        guard let supplied = parameters[name] else {
            throw QueryError(.binder, "parameter $\(name) has no value; pass --param \(name)=..."
                             + Suggestions.didYouMean(name, in: Array(parameters.keys).sorted()), at: range)
        }
        return try value(of: supplied, name: name, expecting: type, at: range)
    }

    private func value(of supplied: QueryValue, name: String, expecting type: ValueType,
                       at range: SourceRange) throws(QueryError) -> Value {
        switch supplied {
        case .string(let s): return .text(s)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .timestamp(let t): return .timestamp(t)
        case .duration(let micros): return .duration(micros)
        case .null: return .null
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try value(of: item, name: name, expecting: .text, at: range)) }
            return .list(values)
        case .untyped(let text):
            return try coerce(text, name: name, to: type, at: range)
        }
    }

    /// Reads command-line text as the type its position needs.
    private func coerce(_ text: String, name: String, to type: ValueType, at range: SourceRange) throws(QueryError) -> Value {
        func fail() -> QueryError {
            QueryError(.types, "parameter $\(name) is '\(text)', which is not \(Value.article(type))", at: range)
        }
        switch type {
        case .text, .null: return .text(text)
        case .integer:
            guard let i = Int64(text.trimmed) else { throw fail() }
            return .integer(i)
        case .number:
            guard let d = Double(text.trimmed), d.isFinite else { throw fail() }
            return .number(d)
        case .timestamp, .duration:
            guard let tokens = try? Lexer.tokenize(text), tokens.count == 2 else { throw fail() }
            switch tokens[0].kind {
            case .timestamp(let t) where type == .timestamp: return .timestamp(t)
            case .duration(let micros, _) where type == .duration: return .duration(micros)
            default: throw fail()
            }
        case .textList, .list:
            return .list(text.split(separator: ",", omittingEmptySubsequences: false).map { .text(String($0).trimmed) })
        }
    }

    // MARK: Typed positions

    func bindInteger(_ e: Expression, what: String, minimum: Int64) throws(QueryError) -> Int {
        guard case .integer(let i) = try bindValue(e, expecting: .integer, what: what) else {
            throw QueryError(.types, "expected an integer for \(what)", at: e.range)
        }
        guard i >= minimum else { throw QueryError(.types, "\(what) must be at least \(minimum), got \(i)", at: e.range) }
        return Int(clamping: i)
    }

    func bindNumber(_ e: Expression, what: String) throws(QueryError) -> Double {
        guard let d = try bindValue(e, expecting: .number, what: what).asDouble else {
            throw QueryError(.types, "expected a number for \(what)", at: e.range)
        }
        return d
    }

    func bindText(_ e: Expression, what: String) throws(QueryError) -> String {
        guard case .text(let s) = try bindValue(e, expecting: .text, what: what) else {
            throw QueryError(.types, "expected a string for \(what)", at: e.range)
        }
        return s
    }

    func bindHops(_ e: Expression) throws(QueryError) -> Int {
        let hops = try bindInteger(e, what: "the hop count", minimum: 0)
        guard hops <= limits.maxHops else {
            throw QueryError(.limit, "\(hops) hops is above the max-hops limit of \(limits.maxHops)", at: e.range)
        }
        return hops
    }

    func bindLimit(_ e: Expression) throws(QueryError) -> Int {
        let limit = try bindInteger(e, what: "LIMIT", minimum: 0)
        guard limit <= limits.maxRows else {
            throw QueryError(.limit, "LIMIT \(limit) is above the max-rows limit of \(limits.maxRows)", at: e.range)
        }
        return limit
    }

    // MARK: Graph names

    func bindSource(_ source: SourceClause) throws(QueryError) -> Int? {
        guard let name = source.character else { return nil }
        return try bindCharacter(name)
    }

    /// A character by `normalized_name` (or display name), case-insensitively.
    func bindCharacter(_ e: Expression) throws(QueryError) -> Int {
        let name = try bindText(e, what: "the character")
        if let index = graph.characterIndex(named: name) { return index }
        if let index = graph.characters.firstIndex(where: { $0.name?.lowercased() == name.lowercased() }) { return index }
        let known = graph.characters.compactMap(\.normalizedName).sorted()
        let close = Suggestions.closest(to: name, in: known, limit: 5)
        let message: String
        if !close.isEmpty {
            message = "unknown character '\(name)'" + Suggestions.didYouMean(name, in: close)
                + (close.count > 1 ? " (close names: \(close.joined(separator: ", ")))" : "")
        } else if known.isEmpty {
            message = "unknown character '\(name)'; the graph has no characters"
        } else {
            message = "unknown character '\(name)'; known characters: " + known.prefix(10).joined(separator: ", ")
                + (known.count > 10 ? " and \(known.count - 10) more" : "")
        }
        throw QueryError(.binder, message, at: e.range)
    }

    func bindInsight(_ e: Expression) throws(QueryError) -> NodeIndex {
        let id = try bindInteger(e, what: "an insight id", minimum: Int64.min)
        guard let node = graph.node(forInsightId: id) else {
            throw QueryError(.binder, "no insight with id \(id) in the graph", at: e.range)
        }
        return node
    }

    func bindSeed(_ item: SeedItem) throws(QueryError) -> BoundSeed {
        switch item.kind {
        case .message(let e): return .message(try bindText(e, what: "SEED MESSAGE"))
        case .trigger(let e): return .trigger(try bindText(e, what: "SEED TRIGGER"))
        case .insight(let e, let w):
            let weight = try w.map { v throws(QueryError) in try bindNumber(v, what: "the seed WEIGHT") } ?? 1
            guard weight > 0, weight.isFinite else {
                throw QueryError(.types, "a seed WEIGHT must be above 0", at: w?.range ?? item.range)
            }
            return .insight(try bindInsight(e), weight: weight)
        }
    }

    func bindWalk(_ walk: WalkClause, defaultDirection: WalkPolicy.Direction) throws(QueryError) -> BoundWalk {
        var bound = BoundWalk(direction: walk.direction ?? defaultDirection)
        if !walk.via.isEmpty {
            var codes = Set<UInt16>()
            let known = graph.relationshipTypes.compactMap { $0 }
            for name in walk.via {
                guard let code = graph.relationshipTypeCode(name.text) ?? graph.relationshipTypeCode(name.text.lowercased()) else {
                    let hint = Suggestions.didYouMean(name.text, in: known)
                    throw QueryError(.binder, "unknown relationship type '\(name.text)'"
                                     + (hint.isEmpty ? "; known types: " + known.sorted().joined(separator: ", ") : hint),
                                     at: name.range)
                }
                codes.insert(code)
                bound.typeNames.append(graph.relationshipTypes[Int(code)] ?? name.text)
            }
            bound.typeCodes = codes
        }
        if let s = walk.minStrength { bound.minStrength = try bindNumber(s, what: "MIN STRENGTH") }
        if let f = walk.edgeFilter { bound.edgeFilter = try bindPredicate(f, in: .relationship) }
        return bound
    }

    func bindField(_ name: Name, in context: FieldContext) throws(QueryError) -> FieldRef {
        guard let field = FieldRef.resolve(name.text, in: context) else {
            throw QueryError(.binder, "unknown \(context.noun) field '\(name.text)'"
                             + Suggestions.didYouMean(name.text, in: FieldRef.names(in: context)), at: name.range)
        }
        return field
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
