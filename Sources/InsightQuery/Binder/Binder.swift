import InsightGraph

/// Resolves names against a graph (characters, relationship types, insight ids, fields, columns,
/// parameters) and checks types, so a query that binds can only fail at run time on a limit.
struct Binder {
    let graph: GraphSnapshot
    let parameters: [String: QueryValue]
    let limits: QueryLimits
    /// Distinct insight types, collected on first use (one pass over the insights per query).
    let insightTypes: InsightTypes

    init(graph: GraphSnapshot, parameters: [String: QueryValue], limits: QueryLimits) {
        self.graph = graph
        self.parameters = parameters
        self.limits = limits
        self.insightTypes = InsightTypes(graph: graph)
    }

    final class InsightTypes {
        let graph: GraphSnapshot
        private var cached: Set<String>?

        init(graph: GraphSnapshot) { self.graph = graph }

        var all: Set<String> {
            if let cached { return cached }
            var types = Set<String>()
            for insight in graph.insights { if let t = insight.type { types.insert(t) } }
            cached = types
            return types
        }
    }

    func bind(_ query: Query) throws(QueryError) -> BoundQuery {
        let statement: BoundStatement
        switch query.statement {
        case .select(let s): statement = .select(try bindSelect(s))
        case .path(let s): statement = .path(try bindPath(s))
        case .neighbourhood(let s): statement = .neighbourhood(try bindNeighbourhood(s))
        case .count(let s): statement = .count(try bindCount(s))
        case .timeline(let s): statement = .timeline(try bindTimeline(s))
        case .contradictions(let s): statement = .contradictions(try bindContradictions(s))
        }
        return BoundQuery(explain: query.explain, statement: statement, range: query.range)
    }

    // MARK: Forms

    private func bindSelect(_ s: SelectStatement) throws(QueryError) -> BoundSelect {
        let character = try bindSource(s.source)
        var seeds: [BoundSeed] = []
        for item in s.seeds { seeds.append(try bindSeed(item)) }
        let filter = try s.filter.map { e throws(QueryError) in try bindPredicate(e, in: .insight) }
        var expand: (hops: Int, walk: BoundWalk, maxNodes: Int?)?
        if let e = s.expand {
            guard !seeds.isEmpty else {
                throw QueryError(.binder, "EXPAND walks from seeds; add SEED MESSAGE, SEED INSIGHT or SEED TRIGGER before WHERE",
                                 at: e.range)
            }
            let hops = try bindHops(e.hops)
            let maxNodes = try e.maxNodes.map { v throws(QueryError) in try bindInteger(v, what: "MAX NODES", minimum: 1) }
            expand = (hops, try bindWalk(e.walk, defaultDirection: .outgoing), maxNodes)
        }
        var rank: (formula: RankFormula, ascending: Bool, walk: BoundWalk)?
        if let r = s.rank {
            let formula = try bindFormula(r.formula)
            if formula.usesSeeds && seeds.isEmpty {
                throw QueryError(.binder, "this ranking needs seeds (ppr, seed and proximity start from them); add SEED ...",
                                 at: r.formula.range)
            }
            let walk: BoundWalk
            if let expandWalk = expand?.walk { walk = expandWalk } else { walk = try bindWalk(WalkClause(), defaultDirection: .both) }
            rank = (formula, r.ascending, walk)
        }
        var diversify: Double?
        if let d = s.diversify {
            let value = try bindNumber(d, what: "DIVERSIFY")
            guard (0...1).contains(value) else {
                throw QueryError(.types, "DIVERSIFY takes a number from 0 (most diverse) to 1 (pure score), got \(value)", at: d.range)
            }
            diversify = value
        }
        let limit = try s.limit.map { v throws(QueryError) in try bindLimit(v) }
        let ranked = rank != nil
        let columns = try bindColumns(s.columns, form: .select,
                                      defaults: ranked ? [.insight(.id), .insight(.type), .insight(.content), .score]
                                          : [.insight(.id), .insight(.type), .insight(.content), .insight(.confidence)])
        if !ranked, let why = s.columns?.first(where: { $0.text.lowercased() == "why" || $0.text.lowercased() == "score" }),
           seeds.isEmpty {
            throw QueryError(.binder, "'\(why.text)' needs RANK BY or SEED; there is nothing to explain", at: why.range)
        }
        return BoundSelect(character: character, seeds: seeds, filter: filter, expand: expand, rank: rank,
                           diversify: diversify, limit: limit, columns: columns, expandRange: s.expand?.range)
    }

    private func bindPath(_ s: PathStatement) throws(QueryError) -> BoundPath {
        let maxHops = try s.maxHops.map { v throws(QueryError) in try bindHops(v) } ?? limits.maxHops
        return BoundPath(from: try bindInsight(s.from), to: try bindInsight(s.to),
                         walk: try bindWalk(s.walk, defaultDirection: .outgoing), maxHops: maxHops,
                         columns: try bindColumns(s.columns, form: .path,
                                                  defaults: [.step, .insight(.id), .via, .strength, .score, .insight(.content)]))
    }

    private func bindNeighbourhood(_ s: NeighbourhoodStatement) throws(QueryError) -> BoundNeighbourhood {
        BoundNeighbourhood(
            center: try bindInsight(s.center),
            hops: try s.hops.map { v throws(QueryError) in try bindHops(v) } ?? 1,
            walk: try bindWalk(s.walk, defaultDirection: .both),
            filter: try s.filter.map { e throws(QueryError) in try bindPredicate(e, in: .insight) },
            limit: try s.limit.map { v throws(QueryError) in try bindLimit(v) },
            columns: try bindColumns(s.columns, form: .neighbourhood,
                                     defaults: [.insight(.id), .hops, .via, .parent, .insight(.type), .insight(.content)]))
    }

    private func bindCount(_ s: CountStatement) throws(QueryError) -> BoundCount {
        let context: FieldContext = s.entity == .insights ? .insight : .relationship
        var keys: [BoundGroupKey] = []
        for key in s.groupBy {
            let field = try bindField(key.field, in: context)
            var width: Double?
            if let w = key.bucketWidth {
                if field.type == .timestamp {
                    guard case .duration(let micros) = try bindValue(w, expecting: .duration, what: "a timestamp bucket width"),
                          micros > 0 else {
                        throw QueryError(.types, "a timestamp bucket width must be a positive duration such as 30d", at: w.range)
                    }
                    width = Double(micros)
                } else {
                    guard field.type.isNumeric else {
                        throw QueryError(.types, "bucket() needs a number or timestamp field; '\(field.name)' is \(Value.article(field.type))",
                                         at: key.field.range)
                    }
                    let value = try bindNumber(w, what: "the bucket width")
                    guard value > 0 else { throw QueryError(.types, "the bucket width must be above 0", at: w.range) }
                    width = value
                }
            } else if field.type == .textList {
                throw QueryError(.types, "cannot group by the list '\(field.name)'", at: key.field.range)
            }
            keys.append(BoundGroupKey(field: field, width: width))
        }
        return BoundCount(context: context, character: try s.source.map { c throws(QueryError) in try bindSource(c) } ?? nil,
                          filter: try s.filter.map { e throws(QueryError) in try bindPredicate(e, in: context) },
                          groupBy: keys)
    }

    private func bindTimeline(_ s: TimelineStatement) throws(QueryError) -> BoundTimeline {
        func date(_ e: Expression?) throws(QueryError) -> Timestamp? {
            guard let e else { return nil }
            guard case .timestamp(let t) = try bindValue(e, expecting: .timestamp, what: "a timeline bound") else { return nil }
            return t
        }
        let from = try date(s.from), to = try date(s.to)
        if let from, let to, to < from, let range = s.to?.range {
            throw QueryError(.types, "the range ends (\(to.iso8601)) before it starts (\(from.iso8601))", at: range)
        }
        return BoundTimeline(character: try bindCharacter(s.character), from: from, to: to,
                             filter: try s.filter.map { e throws(QueryError) in try bindPredicate(e, in: .event) },
                             limit: try s.limit.map { v throws(QueryError) in try bindLimit(v) },
                             columns: try bindColumns(s.columns, form: .timeline,
                                                      defaults: [.event(.date), .event(.learningType), .event(.event), .event(.significance)]))
    }

    private func bindContradictions(_ s: ContradictionsStatement) throws(QueryError) -> BoundContradictions {
        BoundContradictions(
            character: try s.source.map { c throws(QueryError) in try bindSource(c) } ?? nil,
            typeCode: graph.relationshipTypeCode("contradicts"),
            minStrength: try s.minStrength.map { v throws(QueryError) in try bindNumber(v, what: "MIN STRENGTH") },
            filter: try s.filter.map { e throws(QueryError) in try bindPredicate(e, in: .relationship) },
            limit: try s.limit.map { v throws(QueryError) in try bindLimit(v) },
            columns: try bindColumns(s.columns, form: .contradictions,
                                     defaults: [.relationship(.id), .relationship(.strength), .relationship(.fromId),
                                                .relationship(.from(.content)), .relationship(.toId), .relationship(.to(.content))]))
    }
}
