import InsightGraph

/// Turns a bound query into ordered stages: source → seeds → filter → expand → rank → diversify →
/// limit → project for the main form, a fixed short pipeline for the others.
///
/// The planner only orders work and fills in defaults (the implicit row limit, the walk PageRank
/// uses); it makes no cost-based choices: graphs per character are small, and predictability
/// matters more here than cleverness.
struct Planner {
    let graph: GraphSnapshot
    let limits: QueryLimits

    func plan(_ query: BoundQuery) -> Plan {
        var stages: [PlanStage] = []
        let kind: String
        switch query.statement {
        case .select(let s):
            kind = "select"
            stages.append(PlanStage(name: "source", detail: describeSource(s.character), op: .scanInsights(character: s.character)))
            if !s.seeds.isEmpty {
                stages.append(PlanStage(name: "seeds", detail: s.seeds.map(describe).joined(separator: ", "), op: .seeds(s.seeds)))
            }
            if let filter = s.filter {
                stages.append(PlanStage(name: "filter", detail: describe(filter), op: .filterInsights(filter)))
            }
            if let e = s.expand {
                stages.append(PlanStage(name: "expand", detail: "\(e.hops) hop\(e.hops == 1 ? "" : "s") " + describe(e.walk)
                                        + (e.maxNodes.map { " max \($0) nodes" } ?? ""),
                                        op: .expand(hops: e.hops, walk: e.walk, maxNodes: e.maxNodes, range: s.expandRange)))
            }
            if let r = s.rank {
                let keep = s.diversify != nil ? s.limit.map { PlanOperator.diversityPoolSize(keep: $0) } : s.limit
                stages.append(PlanStage(name: "rank", detail: describe(r.formula) + (r.ascending ? " ascending" : " descending"),
                                        op: .rank(r.formula, ascending: r.ascending, walk: r.walk, keep: keep)))
            } else if !s.seeds.isEmpty {
                // A seeded query without RANK BY ranks as `insightgraph retrieve` does: one meaning
                // for "what belongs in the prompt", whichever interface asks.
                let asRetrieve = s.filter == nil && s.expand == nil && s.diversify == nil
                stages.append(PlanStage(name: "rank", detail: "retrieval ranking (as retrieve; default for seeded queries)",
                                        op: .retrievalRank(limit: asRetrieve ? (s.limit ?? limits.maxRows) : nil)))
            }
            let limit = s.limit ?? limits.maxRows
            if let lambda = s.diversify {
                stages.append(PlanStage(name: "diversify", detail: "mmr lambda \(lambda)", op: .diversify(lambda: lambda, keep: limit)))
            }
            if let l = s.limit { stages.append(PlanStage(name: "limit", detail: String(l), op: .limit(l))) }
            stages.append(project(s.columns))
        case .path(let p):
            kind = "path"
            stages.append(PlanStage(name: "path", detail: "strongest from #\(graph.insight(at: p.from).id) to #\(graph.insight(at: p.to).id) "
                                    + describe(p.walk) + " max \(p.maxHops) hops", op: .strongestPath(p)))
            stages.append(project(p.columns))
        case .neighbourhood(let n):
            kind = "neighbourhood"
            stages.append(PlanStage(name: "neighbourhood", detail: "of #\(graph.insight(at: n.center).id) within \(n.hops) hops "
                                    + describe(n.walk), op: .neighbourhood(n)))
            if let filter = n.filter { stages.append(PlanStage(name: "filter", detail: describe(filter), op: .filterInsights(filter))) }
            if let l = n.limit { stages.append(PlanStage(name: "limit", detail: String(l), op: .limit(l))) }
            stages.append(project(n.columns))
        case .count(let c):
            kind = "count"
            if c.context == .insight {
                stages.append(PlanStage(name: "source", detail: describeSource(c.character), op: .scanInsights(character: c.character)))
                if let f = c.filter { stages.append(PlanStage(name: "filter", detail: describe(f), op: .filterInsights(f))) }
            } else {
                stages.append(PlanStage(name: "source", detail: "relationships of " + describeSource(c.character),
                                        op: .scanRelationships(character: c.character, type: nil, missingType: false)))
                if let f = c.filter {
                    stages.append(PlanStage(name: "filter", detail: describe(f), op: .filterRelationships(f, minStrength: nil)))
                }
            }
            stages.append(PlanStage(name: "group", detail: c.groupBy.isEmpty ? "count all"
                                    : "count by " + c.groupBy.map { key in key.width.map { w in "bucket(\(key.field.name), \(w))" } ?? key.field.name }
                                        .joined(separator: ", "),
                                    op: .group(context: c.context, keys: c.groupBy)))
        case .timeline(let t):
            kind = "timeline"
            stages.append(PlanStage(name: "source", detail: "timeline of " + describeSource(t.character)
                                    + (t.from.map { " from \($0.iso8601)" } ?? "") + (t.to.map { " to \($0.iso8601)" } ?? ""),
                                    op: .scanTimeline(character: t.character, from: t.from, to: t.to)))
            if let f = t.filter { stages.append(PlanStage(name: "filter", detail: describe(f), op: .filterEvents(f))) }
            if let l = t.limit { stages.append(PlanStage(name: "limit", detail: String(l), op: .limit(l))) }
            stages.append(project(t.columns))
        case .contradictions(let c):
            kind = "contradictions"
            stages.append(PlanStage(name: "source", detail: "contradicts relationships of " + describeSource(c.character),
                                    op: .scanRelationships(character: c.character, type: c.typeCode, missingType: c.typeCode == nil)))
            if c.filter != nil || c.minStrength != nil {
                stages.append(PlanStage(name: "filter", detail: (c.minStrength.map { "strength >= \($0)" } ?? "")
                                        + (c.filter.map { (c.minStrength == nil ? "" : " AND ") + describe($0) } ?? ""),
                                        op: .filterRelationships(c.filter ?? .constant(true), minStrength: c.minStrength)))
            }
            stages.append(PlanStage(name: "sort", detail: "strength descending, id ascending", op: .sortByStrength))
            if let l = c.limit { stages.append(PlanStage(name: "limit", detail: String(l), op: .limit(l))) }
            stages.append(project(c.columns))
        }
        return Plan(stages: stages, kind: kind, explain: query.explain, range: query.range)
    }

    private func project(_ columns: [Column]) -> PlanStage {
        PlanStage(name: "project", detail: columns.map(\.name).joined(separator: ", "), op: .project(columns))
    }

    private func describeSource(_ character: Int?) -> String {
        guard let character else { return "all characters" }
        return "character '\(graph.characters[character].normalizedName ?? String(graph.characters[character].id))'"
    }
}
