extension Parser {
    /// `PATH FROM INSIGHT v TO INSIGHT v walk [MAX HOPS v] [RETURN ...]`
    mutating func parsePath() throws(QueryError) -> PathStatement {
        let start = current.range
        advance()
        try expect("FROM", "after PATH (PATH FROM INSIGHT 1 TO INSIGHT 2)")
        try expect("INSIGHT", "after PATH FROM")
        let from = try parseValue()
        try expect("TO", "after the first insight (PATH FROM INSIGHT 1 TO INSIGHT 2)")
        try expect("INSIGHT", "after TO")
        let to = try parseValue()
        let walk = try parseWalk()
        var maxHops: Expression?
        if accept("MAX") {
            try expect("HOPS", "after MAX")
            maxHops = try parseValue()
        }
        var columns: [Name]?
        if accept("RETURN") { columns = try parseColumns() }
        if case .word = current.kind {
            throw unexpected("VIA, MIN STRENGTH, OUT, IN, BOTH, EDGES WHERE, MAX HOPS or RETURN",
                             keywords: ["VIA", "MIN", "OUT", "IN", "BOTH", "EDGES", "MAX", "RETURN"])
        }
        return PathStatement(from: from, to: to, walk: walk, maxHops: maxHops, columns: columns,
                             range: start.union(previousRange))
    }

    /// `NEIGHBOURHOOD OF INSIGHT v [WITHIN v HOPS] walk [WHERE] [LIMIT] [RETURN]`
    mutating func parseNeighbourhood() throws(QueryError) -> NeighbourhoodStatement {
        let start = current.range
        advance()
        try expect("OF", "after NEIGHBOURHOOD (NEIGHBOURHOOD OF INSIGHT 7)")
        try expect("INSIGHT", "after NEIGHBOURHOOD OF")
        let center = try parseValue()
        var hops: Expression?
        if accept("WITHIN") {
            hops = try parseValue()
            guard accept("HOPS") || accept("HOP") else { throw unexpected("HOPS after the hop count", keywords: ["HOPS"]) }
        }
        var statement = NeighbourhoodStatement(center: center, hops: hops, walk: try parseWalk(), range: start)
        try parseTail(filter: &statement.filter, limit: &statement.limit, columns: &statement.columns)
        statement.range = start.union(previousRange)
        return statement
    }

    /// `COUNT INSIGHTS|RELATIONSHIPS [FROM ...] [WHERE c] [GROUP BY key, ...]`
    mutating func parseCount() throws(QueryError) -> CountStatement {
        let start = current.range
        advance()
        let entity: CountStatement.Entity
        if accept("INSIGHTS") { entity = .insights }
        else if accept("RELATIONSHIPS") { entity = .relationships }
        else { throw unexpected("INSIGHTS or RELATIONSHIPS after COUNT", keywords: ["INSIGHTS", "RELATIONSHIPS"]) }
        var statement = CountStatement(entity: entity, range: start)
        if keyword == "FROM" { statement.source = try parseSource() }
        if accept("WHERE") { statement.filter = try parseCondition() }
        if accept("GROUP") {
            try expect("BY", "after GROUP")
            repeat { statement.groupBy.append(try parseGroupKey()) } while acceptSymbol(.comma)
        }
        if case .word = current.kind {
            throw unexpected("FROM, WHERE or GROUP BY", keywords: ["FROM", "WHERE", "GROUP"])
        }
        statement.range = start.union(previousRange)
        return statement
    }

    /// `field` or `bucket(field, width)`
    private mutating func parseGroupKey() throws(QueryError) -> GroupKey {
        let name = try expectName("a field to group by")
        guard name.text.uppercased() == "BUCKET", acceptSymbol(.leftParen) else {
            return GroupKey(field: name, bucketWidth: nil, range: name.range)
        }
        let field = try expectName("a numeric field in bucket(field, width)")
        try expectSymbol(.comma, "between the field and the bucket width, as in bucket(strength, 0.1)")
        let width = try parseValue()
        try expectSymbol(.rightParen, "to close bucket(")
        return GroupKey(field: field, bucketWidth: width, range: name.range.union(previousRange))
    }

    /// `TIMELINE OF CHARACTER v [BETWEEN a AND b | SINCE a | UNTIL b | SINCE a UNTIL b] [WHERE] [LIMIT] [RETURN]`
    mutating func parseTimeline() throws(QueryError) -> TimelineStatement {
        let start = current.range
        advance()
        try expect("OF", "after TIMELINE (TIMELINE OF CHARACTER 'elena')")
        try expect("CHARACTER", "after TIMELINE OF")
        var statement = TimelineStatement(character: try parseValue(), range: start)
        if accept("BETWEEN") {
            statement.from = try parseValue()
            try expect("AND", "between the two dates of BETWEEN")
            statement.to = try parseValue()
        } else {
            if accept("SINCE") { statement.from = try parseValue() }
            if accept("UNTIL") { statement.to = try parseValue() }
        }
        try parseTail(filter: &statement.filter, limit: &statement.limit, columns: &statement.columns)
        statement.range = start.union(previousRange)
        return statement
    }

    /// `CONTRADICTIONS [FROM ...] [MIN STRENGTH v] [WHERE] [LIMIT] [RETURN]`
    mutating func parseContradictions() throws(QueryError) -> ContradictionsStatement {
        let start = current.range
        advance()
        var statement = ContradictionsStatement(range: start)
        if keyword == "FROM" { statement.source = try parseSource() }
        if keyword == "MIN" {
            advance()
            try expect("STRENGTH", "after MIN")
            statement.minStrength = try parseValue()
        }
        try parseTail(filter: &statement.filter, limit: &statement.limit, columns: &statement.columns)
        statement.range = start.union(previousRange)
        return statement
    }
}
