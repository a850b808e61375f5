extension Binder {
    /// A side of a comparison: a field of the row, or a constant.
    private enum Operand {
        case field(FieldRef)
        case value(Value)
    }

    func bindPredicate(_ e: Expression, in context: FieldContext) throws(QueryError) -> Predicate {
        switch e.kind {
        case .and(let a, let b): return .and(try bindPredicate(a, in: context), try bindPredicate(b, in: context))
        case .or(let a, let b): return .or(try bindPredicate(a, in: context), try bindPredicate(b, in: context))
        case .not(let a): return .not(try bindPredicate(a, in: context))
        case .comparison(let op, let l, let r): return try bindComparison(op, l, r, in: context)
        case .membership(let l, let list, let negated):
            let field = try requireField(l, in: context, for: "IN")
            guard field.type != .textList else {
                throw QueryError(.types, "'\(field.name)' is a list; use CONTAINS to test for an element", at: l.range)
            }
            let values = try listValues(list, elementType: field.type, field: field)
            return .member(field, values, negated: negated)
        case .contains(let l, let r):
            let field = try requireField(l, in: context, for: "CONTAINS")
            guard field.type == .text || field.type == .textList else {
                throw QueryError(.types, "CONTAINS needs a text or list field; '\(field.name)' is \(Value.article(field.type))",
                                 at: l.range)
            }
            let text = try bindText(r, what: "CONTAINS")
            return .contains(field, field.type == .textList ? text.lowercased() : TextFolding.fold(text))
        case .matches(let l, let r):
            let field = try requireField(l, in: context, for: "MATCHES")
            guard field.type == .text || field.type == .textList else {
                throw QueryError(.types, "MATCHES needs a text or list field; '\(field.name)' is \(Value.article(field.type))",
                                 at: l.range)
            }
            return .matches(field, try phrase(r, what: "MATCHES"))
        case .triggeredBy(let r):
            guard context == .insight else {
                throw QueryError(.binder, "TRIGGERED BY tests an insight's triggers; it cannot be used on \(context.noun) rows",
                                 at: e.range)
            }
            return .triggeredBy(try phrase(r, what: "TRIGGERED BY"))
        case .isNull(let l, let negated):
            return .isNull(try requireField(l, in: context, for: "IS NULL"), negated: negated)
        case .field(let name):
            throw QueryError(.types, "'\(name)' alone is not a condition; compare it, as in \(name) IS NOT NULL", at: e.range)
        case .literal, .parameter:
            throw QueryError(.types, "a value alone is not a condition; compare a field with it", at: e.range)
        }
    }

    private func phrase(_ e: Expression, what: String) throws(QueryError) -> [String] {
        let words = TextFolding.words(try bindText(e, what: what))
        guard !words.isEmpty else { throw QueryError(.types, "\(what) needs text with at least one word", at: e.range) }
        return words
    }

    private func requireField(_ e: Expression, in context: FieldContext, for what: String) throws(QueryError) -> FieldRef {
        guard case .field(let name) = e.kind else {
            throw QueryError(.types, "\(what) needs a field on its left", at: e.range)
        }
        return try bindField(Name(name, e.range), in: context)
    }

    private func operand(_ e: Expression, in context: FieldContext, expecting type: ValueType) throws(QueryError) -> Operand {
        switch e.kind {
        case .field(let name): return .field(try bindField(Name(name, e.range), in: context))
        case .literal(let l): return .value(try literalValue(l, at: e.range))
        case .parameter(let p): return .value(try parameterValue(p, expecting: type, at: e.range))
        default: throw QueryError(.types, "expected a field or a value", at: e.range)
        }
    }

    private func bindComparison(_ op: ComparisonOperator, _ l: Expression, _ r: Expression,
                                in context: FieldContext) throws(QueryError) -> Predicate {
        // The field's type decides how an untyped parameter on the other side is read.
        let leftType: ValueType = if case .field(let n) = l.kind, let f = FieldRef.resolve(n, in: context) { f.type } else { .text }
        let left = try operand(l, in: context, expecting: .text)
        let right = try operand(r, in: context, expecting: leftType)
        switch (left, right) {
        case (.field(let a), .field(let b)):
            try checkComparable(a, b.type, b.name, op: op, at: r.range, fieldRange: l.range)
            return .compareFields(a, op, b)
        case (.field(let f), .value(let v)):
            return .compare(f, op, try comparable(f, v, op: op, valueRange: r.range, fieldRange: l.range))
        case (.value(let v), .field(let f)):
            let typed = try operand(l, in: context, expecting: f.type)
            guard case .value(let v2) = typed else { return .constant(nil) }
            _ = v
            return .compare(f, op.flipped, try comparable(f, v2, op: op, valueRange: l.range, fieldRange: r.range))
        case (.value(let a), .value(let b)):
            throw QueryError(.types, "comparing two values (\(a.display) \(op.rawValue) \(b.display)) does not depend on any field",
                             at: l.range.union(r.range))
        }
    }

    private func checkComparable(_ field: FieldRef, _ type: ValueType, _ shown: String, op: ComparisonOperator,
                                 at range: SourceRange, fieldRange: SourceRange) throws(QueryError) {
        if field.type == .textList || type == .textList {
            throw QueryError(.types, "'\(field.type == .textList ? field.name : shown)' is a list; use CONTAINS or MATCHES",
                             at: field.type == .textList ? fieldRange : range)
        }
        guard field.type.accepts(type) else {
            throw QueryError(.types, "cannot compare \(field.name) (\(Value.article(field.type))) with \(shown) (\(Value.article(type)))"
                             + (field.type == .timestamp && type == .text ? "; write timestamps without quotes, as in 2025-03-01" : ""),
                             at: range)
        }
        if field.type == .text, type == .text, op != .equal, op != .notEqual {
            return  // text order is byte order; allowed
        }
    }

    private func comparable(_ field: FieldRef, _ value: Value, op: ComparisonOperator,
                            valueRange: SourceRange, fieldRange: SourceRange) throws(QueryError) -> Value {
        if case .null = value {
            throw QueryError(.types, "comparisons with NULL are never true; use \(field.name) IS \(op == .notEqual ? "NOT " : "")NULL",
                             at: valueRange)
        }
        try checkComparable(field, value.type, value.display, op: op, at: valueRange, fieldRange: fieldRange)
        try checkKnownInsightType(field, value, at: valueRange)
        return try convert(value, to: field.type, what: field.name, at: valueRange)
    }

    private func listValues(_ e: Expression, elementType: ValueType, field: FieldRef) throws(QueryError) -> [Value] {
        let raw: Value
        switch e.kind {
        case .literal(let l): raw = try literalValue(l, at: e.range)
        case .parameter(let p): raw = try parameterValue(p, expecting: .textList, at: e.range)
        default: throw QueryError(.types, "IN needs a list such as ('a', 'b')", at: e.range)
        }
        guard case .list(let items) = raw else {
            throw QueryError(.types, "IN needs a list, found \(Value.article(raw.type))", at: e.range)
        }
        var values: [Value] = []
        let fromParameter = if case .parameter = e.kind { true } else { false }
        for item in items {
            var v = item
            // Command-line lists arrive as text: read each element as the field's type.
            if fromParameter, case .text(let s) = item, elementType != .text,
               let parsed = try? parameterFree(s, as: elementType) { v = parsed }
            if case .null = v { throw QueryError(.types, "NULL never matches IN; use IS NULL", at: e.range) }
            guard elementType.accepts(v.type) else {
                throw QueryError(.types, "cannot compare \(field.name) (\(Value.article(elementType))) with \(v.display) (\(Value.article(v.type)))",
                                 at: e.range)
            }
            try checkKnownInsightType(field, v, at: e.range)
            values.append(try convert(v, to: elementType, what: field.name, at: e.range))
        }
        return values
    }

    private func parameterFree(_ text: String, as type: ValueType) throws(QueryError) -> Value? {
        switch type {
        case .integer: return Int64(text.trimmed).map(Value.integer)
        case .number: return Double(text.trimmed).map(Value.number)
        default:
            guard let tokens = try? Lexer.tokenize(text), tokens.count == 2, case .timestamp(let t) = tokens[0].kind else { return nil }
            return .timestamp(t)
        }
    }

    /// A misspelled insight type would silently match nothing; catch it with a suggestion.
    private func checkKnownInsightType(_ field: FieldRef, _ value: Value, at range: SourceRange) throws(QueryError) {
        guard field == .insight(.type) || field == .relationship(.from(.type)) || field == .relationship(.to(.type)),
              case .text(let name) = value else { return }
        let known = insightTypes.all
        guard !known.isEmpty, !known.contains(name) else { return }
        let hint = Suggestions.didYouMean(name, in: known.sorted())
        throw QueryError(.binder, "no insight has type '\(name)'"
                         + (hint.isEmpty ? "; known types: " + known.sorted().joined(separator: ", ") : hint), at: range)
    }
}
