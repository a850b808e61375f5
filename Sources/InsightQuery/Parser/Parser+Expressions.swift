extension Parser {
    static let operandKeywords: Set<String> = ["NULL", "AND", "OR", "NOT", "IN", "IS", "CONTAINS", "MATCHES"]

    /// `condition = conjunction { OR conjunction }`
    mutating func parseCondition() throws(QueryError) -> Expression {
        try enter()
        defer { leave() }
        var left = try parseConjunction()
        while accept("OR") {
            let right = try parseConjunction()
            left = Expression(.or(left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseConjunction() throws(QueryError) -> Expression {
        var left = try parseNegation()
        while accept("AND") {
            let right = try parseNegation()
            left = Expression(.and(left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseNegation() throws(QueryError) -> Expression {
        let start = current.range
        if accept("NOT") {
            try enter()
            defer { leave() }
            let inner = try parseNegation()
            return Expression(.not(inner), start.union(inner.range))
        }
        return try parsePredicate()
    }

    private mutating func parsePredicate() throws(QueryError) -> Expression {
        let start = current.range
        if acceptSymbol(.leftParen) {
            let inner = try parseCondition()
            try expectSymbol(.rightParen, "to close the '(' at \(start.start)")
            return Expression(inner.kind, start.union(previousRange))
        }
        if keyword == "TRIGGERED" {
            advance()
            try expect("BY", "after TRIGGERED (TRIGGERED BY 'text')")
            let text = try parseOperand()
            return Expression(.triggeredBy(text), start.union(text.range))
        }
        let left = try parseOperand()
        if case .symbol(let symbol) = current.kind, let op = ComparisonOperator(rawValue: symbol.rawValue) {
            advance()
            let right = try parseOperand()
            return Expression(.comparison(op, left, right), left.range.union(right.range))
        }
        switch keyword {
        case "IN":
            advance()
            let list = try parseList()
            return Expression(.membership(left, list, negated: false), left.range.union(list.range))
        case "NOT":
            advance()
            try expect("IN", "after NOT here (x NOT IN (...))")
            let list = try parseList()
            return Expression(.membership(left, list, negated: true), left.range.union(list.range))
        case "CONTAINS":
            advance()
            let right = try parseOperand()
            return Expression(.contains(left, right), left.range.union(right.range))
        case "MATCHES":
            advance()
            let right = try parseOperand()
            return Expression(.matches(left, right), left.range.union(right.range))
        case "IS":
            advance()
            let negated = accept("NOT")
            try expect("NULL", negated ? "after IS NOT" : "after IS")
            return Expression(.isNull(left, negated: negated), left.range.union(previousRange))
        default:
            throw unexpected("a comparison (= != < <= > >=, IN, CONTAINS, MATCHES or IS NULL) after the operand",
                             keywords: ["IN", "CONTAINS", "MATCHES", "IS", "NOT"])
        }
    }

    /// A field name, literal or parameter.
    mutating func parseOperand() throws(QueryError) -> Expression {
        if case .word(let w) = current.kind, !Self.operandKeywords.contains(w.uppercased()) {
            let range = current.range
            advance()
            return Expression(.field(w), range)
        }
        return try parseValue()
    }

    /// A literal or parameter: the only things allowed where a value is expected (`LIMIT $n`).
    mutating func parseValue() throws(QueryError) -> Expression {
        let range = current.range
        let literal: Literal
        switch current.kind {
        case .string(let s): literal = .string(s)
        case .integer(let i): literal = .integer(i)
        case .float(let f): literal = .float(f)
        case .duration(let micros, let text): literal = .duration(micros: micros, text: text)
        case .timestamp(let t): literal = .timestamp(t)
        case .parameter(let p):
            advance()
            return Expression(.parameter(p), range)
        case .word(let w) where w.uppercased() == "NULL": literal = .null
        case .symbol(.leftBracket): return try parseList()
        default: throw unexpected("a value (string, number, duration, timestamp, [list] or $parameter)", keywords: [])
        }
        advance()
        return Expression(.literal(literal), range)
    }

    /// `( v, ... )` or `[ v, ... ]`, or a parameter holding a list.
    mutating func parseList() throws(QueryError) -> Expression {
        let start = current.range
        if case .parameter(let p) = current.kind {
            advance()
            return Expression(.parameter(p), start)
        }
        let close: Symbol
        if acceptSymbol(.leftParen) { close = .rightParen }
        else if acceptSymbol(.leftBracket) { close = .rightBracket }
        else { throw unexpected("a list such as ('a', 'b')", keywords: []) }
        try enter()
        defer { leave() }
        var items: [Expression] = []
        if !acceptSymbol(close) {
            repeat {
                items.append(try parseValue())
            } while acceptSymbol(.comma)
            try expectSymbol(close, "to close the list opened at \(start.start)")
        }
        return Expression(.literal(.list(items)), start.union(previousRange))
    }

    // MARK: RANK BY formulas

    /// `formula = term { + term }`, `term = factor { * factor }`
    mutating func parseFormula() throws(QueryError) -> RankExpression {
        try enter()
        defer { leave() }
        var left = try parseTerm()
        while acceptSymbol(.plus) {
            let right = try parseTerm()
            left = RankExpression(.sum(left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseTerm() throws(QueryError) -> RankExpression {
        var left = try parseFactor()
        while acceptSymbol(.star) {
            let right = try parseFactor()
            left = RankExpression(.product(left, right), left.range.union(right.range))
        }
        return left
    }

    private mutating func parseFactor() throws(QueryError) -> RankExpression {
        let start = current.range
        switch current.kind {
        case .integer(let i): advance(); return RankExpression(.number(Double(i)), start)
        case .float(let f): advance(); return RankExpression(.number(f), start)
        case .parameter(let p): advance(); return RankExpression(.parameter(p), start)
        case .symbol(.leftParen):
            advance()
            let inner = try parseFormula()
            try expectSymbol(.rightParen, "to close the '(' at \(start.start)")
            return RankExpression(inner.kind, start.union(previousRange))
        case .word(let w):
            advance()
            guard acceptSymbol(.leftParen) else { return RankExpression(.name(w), start) }
            var arguments: [RankExpression.Argument] = []
            if !acceptSymbol(.rightParen) {
                repeat {
                    let label = try expectName("an argument name (as in damping: 0.85)")
                    try expectSymbol(.colon, "after the argument name '\(label.text)'")
                    arguments.append(.init(label: label, value: try parseValue()))
                } while acceptSymbol(.comma)
                try expectSymbol(.rightParen, "to close the arguments of \(w)(")
            }
            return RankExpression(.call(Name(w, start), arguments), start.union(previousRange))
        default:
            throw unexpected("a ranking signal (ppr(...), recency(...), a field or a number)", keywords: [])
        }
    }
}
