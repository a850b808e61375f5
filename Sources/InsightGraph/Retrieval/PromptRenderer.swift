/// How a prompt section looks. Placeholders in ``line``: `{content}`, `{id}`, `{type}`,
/// `{confidence}`, `{importance}`, `{score}`, `{discovered}` (ISO-8601 date), `{triggers}`
/// (comma-separated), `{valence}`, `{rank}`. NULL values render as the empty string; line breaks
/// inside content render as spaces, so one insight is one line.
public struct PromptTemplate: Hashable, Sendable {
    public var header: String = "## What you have learned about yourself"
    public var line: String = "- {content}"
    public var footer: String? = nil
    public var separator: String = "\n"

    public init(header: String = "## What you have learned about yourself", line: String = "- {content}",
                footer: String? = nil, separator: String = "\n") {
        self.header = header
        self.line = line
        self.footer = footer
        self.separator = separator
    }
}

/// The size limit of a prompt section.
public enum PromptBudget: Hashable, Sendable {
    /// At most this many `Character`s (extended grapheme clusters).
    case characters(Int)
    /// At most this many estimated tokens: ``PromptRenderer/estimatedTokens(_:)``.
    case tokens(Int)
    case unlimited
}

/// A rendered section and what it holds.
public struct PromptSection: Hashable, Sendable {
    public var text: String
    /// Insight ids rendered, in order.
    public var included: [Int]
    /// Insight ids that did not fit the budget.
    public var omitted: [Int]
}

/// Renders results as a prompt section within a budget. Whole insights only: results are taken in
/// rank order and a line that does not fit is left out (a later, shorter one may still fit); the
/// header and footer count against the budget; when no line fits, the section is empty.
public struct PromptRenderer: Sendable {
    public var template: PromptTemplate
    public var budget: PromptBudget

    public init(template: PromptTemplate = PromptTemplate(), budget: PromptBudget = .tokens(400)) {
        self.template = template
        self.budget = budget
    }

    /// Token estimate: `ceil(UTF-8 bytes / 4)`, the usual rule of thumb for BPE tokenizers on
    /// English text (it over-counts slightly for ASCII prose, which keeps prompts under budget).
    public static func estimatedTokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    func cost(_ text: String) -> Int {
        switch budget {
        case .characters: return text.count
        case .tokens: return Self.estimatedTokens(text)
        case .unlimited: return 0
        }
    }

    var limit: Int {
        switch budget {
        case .characters(let n), .tokens(let n): return n
        case .unlimited: return .max
        }
    }

    public func render(_ results: [RetrievedInsight]) -> PromptSection {
        var lines: [String] = []
        var included: [Int] = [], omitted: [Int] = []
        func assemble(_ lines: [String]) -> String {
            ([template.header] + lines + (template.footer.map { [$0] } ?? [])).joined(separator: template.separator)
        }
        for (rank, result) in results.enumerated() {
            let line = fill(template.line, result, rank: rank + 1)
            if cost(assemble(lines + [line])) <= limit {
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
        func oneLine(_ s: String?) -> String {
            String((s ?? "").map { $0.isNewline ? " " : $0 })
        }
        let values: [String: String] = [
            "content": oneLine(insight.content),
            "id": String(insight.id),
            "type": oneLine(insight.type),
            "confidence": insight.confidence.map { String($0) } ?? "",
            "importance": insight.importance.map { String($0) } ?? "",
            "score": String(result.score),
            "discovered": insight.discoveryDate.map { String($0.iso8601.prefix(10)) } ?? "",
            "triggers": oneLine((insight.triggers ?? []).compactMap { $0 }.joined(separator: ", ")),
            "valence": insight.emotionalValence.map { String($0) } ?? "",
            "rank": String(rank),
        ]
        // One left-to-right pass: replaced text is never scanned again (content may contain braces).
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
        out += rest
        return out
    }
}
