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
        // A token budget counts UTF-8 bytes, which add up over concatenation, so the section's size
        // is kept as a running sum instead of joining every candidate section anew. Characters do
        // not add up (a "\r" meeting a "\n" is one), so that budget measures the joined text.
        let separatorBytes = template.separator.utf8.count
        var bytes = template.header.utf8.count + (template.footer.map { separatorBytes + $0.utf8.count } ?? 0)
        for (rank, result) in results.enumerated() {
            let line = fill(template.line, result, rank: rank + 1)
            let fits: Bool
            switch budget {
            case .tokens(let n): fits = (bytes + separatorBytes + line.utf8.count + 3) / 4 <= n
            case .characters(let n): fits = assemble(lines + [line]).count <= n
            case .unlimited: fits = true
            }
            if fits {
                lines.append(line)
                included.append(result.id)
                bytes += separatorBytes + line.utf8.count
            } else {
                omitted.append(result.id)
            }
        }
        return PromptSection(text: lines.isEmpty ? "" : assemble(lines), included: included, omitted: omitted)
    }

    func fill(_ pattern: String, _ result: RetrievedInsight, rank: Int) -> String {
        // One left-to-right pass: replaced text is never scanned again (content may contain braces).
        var out = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               let value = Self.value(of: rest[afterOpen..<close], result, rank: rank) {
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

    /// A placeholder's text, computed only when the template uses it; `nil` for an unknown name.
    static func value(of placeholder: Substring, _ result: RetrievedInsight, rank: Int) -> String? {
        let insight = result.insight
        switch placeholder {
        case "content": return oneLine(insight.content)
        case "id": return String(insight.id)
        case "type": return oneLine(insight.type)
        case "confidence": return insight.confidence.map { String($0) } ?? ""
        case "importance": return insight.importance.map { String($0) } ?? ""
        case "score": return String(result.score)
        case "discovered": return insight.discoveryDate.map { String($0.iso8601.prefix(10)) } ?? ""
        case "triggers": return oneLine((insight.triggers ?? []).compactMap { $0 }.joined(separator: ", "))
        case "valence": return insight.emotionalValence.map { String($0) } ?? ""
        case "rank": return String(rank)
        default: return nil
        }
    }

    /// Line breaks as spaces (every `Character.isNewline`). Most texts have none: their bytes are
    /// checked first, since walking a string by `Character` costs far more than by byte.
    static func oneLine(_ text: String?) -> String {
        guard let text else { return "" }
        // The UTF-8 of every newline Character starts with 0x0A–0x0D, 0xC2 (U+0085) or 0xE2 (U+2028/9).
        guard text.utf8.contains(where: { (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2 }) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
