import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct PromptRendererTests {
    /// The renderer as first written (every candidate section joined and measured; every
    /// placeholder value computed per line; newlines replaced by walking Characters): the oracle.
    struct Straightforward {
        var template: PromptTemplate
        var budget: PromptBudget

        func render(_ results: [RetrievedInsight]) -> PromptSection {
            let renderer = PromptRenderer(template: template, budget: budget)
            var lines: [String] = [], included: [Int] = [], omitted: [Int] = []
            func assemble(_ lines: [String]) -> String {
                ([template.header] + lines + (template.footer.map { [$0] } ?? [])).joined(separator: template.separator)
            }
            for (rank, result) in results.enumerated() {
                let line = fill(template.line, result, rank: rank + 1)
                if renderer.cost(assemble(lines + [line])) <= renderer.limit {
                    lines.append(line)
                    included.append(result.id)
                } else {
                    omitted.append(result.id)
                }
            }
            return PromptSection(text: lines.isEmpty ? "" : assemble(lines), included: included, omitted: omitted)
        }

        func fill(_ pattern: String, _ result: RetrievedInsight, rank: Int) -> String {
            let insight = result.insight
            func oneLine(_ s: String?) -> String { String((s ?? "").map { $0.isNewline ? " " : $0 }) }
            let values: [String: String] = [
                "content": oneLine(insight.content), "id": String(insight.id), "type": oneLine(insight.type),
                "confidence": insight.confidence.map { String($0) } ?? "",
                "importance": insight.importance.map { String($0) } ?? "", "score": String(result.score),
                "discovered": insight.discoveryDate.map { String($0.iso8601.prefix(10)) } ?? "",
                "triggers": oneLine((insight.triggers ?? []).compactMap { $0 }.joined(separator: ", ")),
                "valence": insight.emotionalValence.map { String($0) } ?? "", "rank": String(rank),
            ]
            var out = ""
            var rest = Substring(pattern)
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                let afterOpen = rest.index(after: open)
                if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                    out += value
                    rest = rest[rest.index(after: close)...]
                } else {
                    out.append("{")
                    rest = rest[afterOpen...]
                }
            }
            return out + rest
        }
    }

    /// Same sections as the oracle on random texts (every kind of line break, braces, combining
    /// marks, emoji), templates, separators that merge with neighbours ("\r" then "\n") and budgets.
    @Test func agreesWithTheStraightforwardRenderer() {
        var rng = SplitMix(seed: 17)
        let pieces = ["ocean", " ", "{content}", "{", "}", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}",
                      "\u{2029}", "é", "e\u{301}", "🌊", "👩‍👩‍👧", "ß", "—", "{id}", "\u{E2}"]
        func text(_ n: Int) -> String { (0..<n).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        let templates = [
            PromptTemplate(),
            PromptTemplate(header: "Facts:", line: "{rank}. {content} ({type}, {confidence}, {importance}, {valence})",
                           footer: "end", separator: "\r"),
            PromptTemplate(header: text(3), line: "- {content} [{triggers}] {discovered} {score} {id} {bogus} {", footer: text(2),
                           separator: "\n"),
            PromptTemplate(header: "", line: "{content}", footer: nil, separator: text(1)),
        ]
        for _ in 0..<300 {
            let results: [RetrievedInsight] = (0..<Int.random(in: 0...12, using: &rng)).map { i in
                let insight = Insight(
                    id: i + 1, characterId: 1, type: Bool.random(using: &rng) ? text(2) : nil,
                    content: Bool.random(using: &rng) ? text(Int.random(in: 0...20, using: &rng)) : nil,
                    confidence: Bool.random(using: &rng) ? Double.random(in: 0...1, using: &rng) : nil,
                    discoveryDate: Bool.random(using: &rng) ? Timestamp(secondsSinceEpoch: Double.random(in: 0...2e9, using: &rng)) : nil,
                    importance: Bool.random(using: &rng) ? Int.random(in: 1...10, using: &rng) : nil,
                    emotionalValence: Bool.random(using: &rng) ? Double.random(in: -1...1, using: &rng) : nil,
                    triggers: Bool.random(using: &rng) ? [text(2), nil, text(1)] : nil)
                return RetrievedInsight(id: i + 1, node: NodeIndex(i), insight: insight, score: Double.random(in: 0...1, using: &rng),
                                        components: ScoreComponents(graphRaw: 0, graph: 0, confidence: 0, importance: 0,
                                                                    recency: 0, valence: 0, total: 0),
                                        seeds: [], path: [], pathTypes: [], pathStrength: 0, pathHasContradiction: false,
                                        collapsed: [])
            }
            let template = templates.randomElement(using: &rng)!
            let budget: PromptBudget = [.tokens(Int.random(in: 0...120, using: &rng)),
                                        .characters(Int.random(in: 0...400, using: &rng)), .unlimited].randomElement(using: &rng)!
            let expected = Straightforward(template: template, budget: budget).render(results)
            #expect(PromptRenderer(template: template, budget: budget).render(results) == expected, "\(template) \(budget)")
        }
    }
}
