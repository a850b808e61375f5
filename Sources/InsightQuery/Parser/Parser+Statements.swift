import InsightGraph

extension Parser {
    static let selectClauses = ["SEED", "WHERE", "EXPAND", "RANK", "DIVERSIFY", "LIMIT", "RETURN"]
    static let walkKeywords = ["VIA", "MIN", "OUT", "IN", "BOTH", "EDGES", "MAX"]

    /// `FROM CHARACTER value | FROM ALL`
    mutating func parseSource() throws(QueryError) -> SourceClause {
        let start = try expect("FROM", "to choose the insights (FROM CHARACTER 'name' or FROM ALL)")
        if accept("ALL") { return SourceClause(character: nil, range: start.union(previousRange)) }
        try expect("CHARACTER", "or ALL after FROM")
        let name = try parseValue()
        return SourceClause(character: name, range: start.union(name.range))
    }

    mutating func parseSelect() throws(QueryError) -> SelectStatement {
        var statement = SelectStatement(source: try parseSource())
        var last = -1
        while let word = keyword, let order = Self.selectClauses.firstIndex(of: word) {
            if order <= last {
                let message = order == last ? "\(word) appears twice"
                    : "\(word) must come before \(Self.selectClauses[last])"
                throw QueryError(.parser, message + " (clauses go " + Self.selectClauses.joined(separator: ", ") + ")",
                                 at: current.range)
            }
            last = order
            let start = current.range
            advance()
            switch word {
            case "SEED":
                repeat { statement.seeds.append(try parseSeedItem()) } while acceptSymbol(.comma)
            case "WHERE":
                statement.filter = try parseCondition()
            case "EXPAND":
                let hops = try parseValue()
                guard accept("HOPS") || accept("HOP") else { throw unexpected("HOPS after the hop count", keywords: ["HOPS"]) }
                let walk = try parseWalk()
                var maxNodes: Expression?
                if keyword == "MAX" && peekKeyword(1) == "NODES" {
                    advance(); advance()
                    maxNodes = try parseValue()
                }
                statement.expand = ExpandClause(hops: hops, walk: walk, maxNodes: maxNodes, range: start.union(previousRange))
            case "RANK":
                try expect("BY", "after RANK")
                let formula = try parseFormula()
                let ascending = accept("ASC")
                if !ascending { _ = accept("DESC") }
                statement.rank = RankClause(formula: formula, ascending: ascending, range: start.union(previousRange))
            case "DIVERSIFY":
                statement.diversify = try parseValue()
            case "LIMIT":
                statement.limit = try parseValue()
            default:
                statement.columns = try parseColumns()
            }
        }
        if case .word = current.kind {
            // Right after EXPAND a misspelled walk option is likelier than a misspelled clause.
            let walkWords = Self.selectClauses[max(last, 0)] == "EXPAND" ? Self.walkKeywords : []
            throw unexpected("a clause (" + Self.selectClauses.suffix(from: last + 1).joined(separator: ", ") + ")",
                             keywords: Array(Self.selectClauses.suffix(from: last + 1)) + walkWords)
        }
        return statement
    }

    mutating func parseSeedItem() throws(QueryError) -> SeedItem {
        let start = current.range
        switch keyword {
        case "MESSAGE":
            advance()
            let text = try parseValue()
            return SeedItem(kind: .message(text), range: start.union(text.range))
        case "INSIGHT":
            advance()
            let id = try parseValue()
            var weight: Expression?
            if accept("WEIGHT") { weight = try parseValue() }
            return SeedItem(kind: .insight(id, weight: weight), range: start.union(previousRange))
        case "TRIGGER":
            advance()
            let text = try parseValue()
            return SeedItem(kind: .trigger(text), range: start.union(text.range))
        default:
            throw unexpected("MESSAGE, INSIGHT or TRIGGER after SEED", keywords: ["MESSAGE", "INSIGHT", "TRIGGER"])
        }
    }

    /// Walk options in any order, each at most once: `VIA t, ... | MIN STRENGTH v | OUT|IN|BOTH | EDGES WHERE c`.
    mutating func parseWalk() throws(QueryError) -> WalkClause {
        var walk = WalkClause()
        var seen = Set<String>()
        let start = current.range
        while let word = keyword {
            let option: String
            switch word {
            case "VIA", "EDGES", "OUT", "IN", "BOTH": option = word == "IN" || word == "BOTH" ? "OUT" : word
            case "MIN" where peekKeyword(1) == "STRENGTH": option = "MIN"
            default: option = ""
            }
            if option.isEmpty { break }
            guard seen.insert(option).inserted else {
                throw QueryError(.parser, option == "OUT" ? "direction given twice" : "\(word) given twice", at: current.range)
            }
            advance()
            switch word {
            case "VIA":
                repeat { walk.via.append(try expectName("a relationship type after VIA")) } while acceptSymbol(.comma)
            case "MIN":
                advance()
                walk.minStrength = try parseValue()
            case "EDGES":
                try expect("WHERE", "after EDGES (EDGES WHERE strength > 0.5)")
                walk.edgeFilter = try parseCondition()
            default:
                walk.direction = WalkPolicy.Direction(keyword: word)
            }
        }
        if !seen.isEmpty { walk.range = start.union(previousRange) }
        return walk
    }

    mutating func parseColumns() throws(QueryError) -> [Name] {
        if acceptSymbol(.star) { return [] }
        var columns: [Name] = []
        repeat { columns.append(try expectName("a column name after RETURN")) } while acceptSymbol(.comma)
        return columns
    }

    /// Optional trailing clauses shared by several forms, in this order.
    mutating func parseTail(filter: inout Expression?, limit: inout Expression?, columns: inout [Name]?) throws(QueryError) {
        if accept("WHERE") { filter = try parseCondition() }
        if accept("LIMIT") { limit = try parseValue() }
        if accept("RETURN") { columns = try parseColumns() }
        if case .word = current.kind {
            throw unexpected("WHERE, LIMIT or RETURN", keywords: ["WHERE", "LIMIT", "RETURN"] + Self.walkKeywords)
        }
    }
}
