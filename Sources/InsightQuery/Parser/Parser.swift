/// Hand-written recursive-descent parser: tokens → ``Query``. The grammar is in `Queries/README.md`.
///
/// Keywords are case-insensitive words recognised by position, so field names such as `type` stay
/// usable. A misspelled keyword gets a "did you mean" from the keywords valid at that point.
public struct Parser {
    /// Deepest nesting of parentheses and operators accepted (keeps recursion off the stack limit).
    public static let maxDepth = 64

    var tokens: [Token]
    var index = 0
    var depth = 0

    public init(tokens: [Token]) {
        self.tokens = tokens.isEmpty ? [Token(.end, SourceRange(.start, .start))] : tokens
    }

    /// Lexes and parses a whole query.
    public static func parse(_ text: String) throws(QueryError) -> Query {
        var parser = Parser(tokens: try Lexer.tokenize(text))
        return try parser.parseQuery()
    }

    static let statementKeywords = ["FROM", "PATH", "NEIGHBOURHOOD", "NEIGHBORHOOD", "COUNT", "TIMELINE",
                                    "CONTRADICTIONS", "EXPLAIN"]

    public mutating func parseQuery() throws(QueryError) -> Query {
        let start = current.range
        let explain = accept("EXPLAIN")
        let statement: Statement
        switch keyword {
        case "FROM": statement = .select(try parseSelect())
        case "PATH": statement = .path(try parsePath())
        case "NEIGHBOURHOOD", "NEIGHBORHOOD": statement = .neighbourhood(try parseNeighbourhood())
        case "COUNT": statement = .count(try parseCount())
        case "TIMELINE": statement = .timeline(try parseTimeline())
        case "CONTRADICTIONS": statement = .contradictions(try parseContradictions())
        default:
            throw unexpected("a query (FROM, PATH, NEIGHBOURHOOD, COUNT, TIMELINE, CONTRADICTIONS or EXPLAIN)",
                             keywords: Self.statementKeywords.filter { $0 != "EXPLAIN" || !explain })
        }
        _ = acceptSymbol(.semicolon)
        guard case .end = current.kind else {
            throw unexpected("the end of the query", keywords: [])
        }
        return Query(explain: explain, statement: statement, range: start.union(previousRange))
    }

    // MARK: Token access

    var current: Token { tokens[min(index, tokens.count - 1)] }
    var previousRange: SourceRange { tokens[max(0, min(index, tokens.count) - 1)].range }

    /// The current token upper-cased if it is a word.
    var keyword: String? {
        if case .word(let w) = current.kind { return w.uppercased() }
        return nil
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func peekKeyword(_ ahead: Int) -> String? {
        let i = min(index + ahead, tokens.count - 1)
        if case .word(let w) = tokens[i].kind { return w.uppercased() }
        return nil
    }

    /// Consumes the keyword if it is next.
    mutating func accept(_ word: String) -> Bool {
        guard keyword == word else { return false }
        advance()
        return true
    }

    mutating func acceptSymbol(_ symbol: Symbol) -> Bool {
        guard case .symbol(symbol) = current.kind else { return false }
        advance()
        return true
    }

    /// Consumes a required keyword or explains what was expected.
    @discardableResult
    mutating func expect(_ word: String, _ context: String) throws(QueryError) -> SourceRange {
        let range = current.range
        guard accept(word) else { throw unexpected("\(word) \(context)", keywords: [word]) }
        return range
    }

    mutating func expectSymbol(_ symbol: Symbol, _ context: String) throws(QueryError) {
        guard acceptSymbol(symbol) else { throw unexpected("'\(symbol.rawValue)' \(context)", keywords: []) }
    }

    /// A name (word, or quoted string for names with unusual characters).
    mutating func expectName(_ what: String) throws(QueryError) -> Name {
        let range = current.range
        switch current.kind {
        case .word(let w): advance(); return Name(w, range)
        case .string(let s): advance(); return Name(s, range)
        default: throw unexpected(what, keywords: [])
        }
    }

    /// "expected X, found Y" with a suggestion when the found word is close to a keyword.
    func unexpected(_ expected: String, keywords: [String]) -> QueryError {
        var message = "expected \(expected), found \(current.kind.display)"
        if case .word(let w) = current.kind {
            let hint = Suggestions.didYouMean(w, in: keywords, quote: true)
            if !hint.isEmpty && !keywords.contains(w.uppercased()) { message += hint }
        }
        return QueryError(.parser, message, at: current.range)
    }

    mutating func enter() throws(QueryError) {
        depth += 1
        if depth > Self.maxDepth {
            throw QueryError(.limit, "expression nests deeper than \(Self.maxDepth) levels", at: current.range)
        }
    }

    mutating func leave() { depth -= 1 }
}
