import InsightGraph

/// A JSON description of what an export contains, built from the rows rather than from the XML,
/// so other readers' view of the file can be checked against it
/// (`Scripts/check_graphml.py networkx FILE SUMMARY`).
///
/// Shape: `{"flavour": "standard", "nodes": {"i10": {"kind": "insight", ...}},
/// "edges": {"r100": {"source": "i10", "target": "i11", "data": {...}}}}`. Numbers are JSON numbers;
/// NaN and infinities use the `NaN` / `Infinity` tokens Python's `json` accepts; strings are as
/// written (illegal XML characters already replaced).
public enum GraphMLSummary {
    typealias V = GraphMLVocabulary

    public static func json(snapshot: GraphSnapshot, options: GraphMLExportOptions) throws(GraphMLError) -> String {
        let selection = try GraphMLSelection(snapshot: snapshot, options: options)
        var out = JSONText()
        out.raw("{\"flavour\":"); out.string(options.flavour.rawValue)
        out.raw(",\"nodes\":{")
        var firstNode = true
        func node(_ id: String, _ fields: [(String, Field?)]) {
            if !firstNode { out.raw(",") }
            firstNode = false
            out.string(id); out.raw(":"); out.object(fields)
        }
        for c in selection.characters {
            let ch = snapshot.characters[c]
            node("c\(ch.id)", [("kind", .s("character")), ("label", .s(ch.name ?? ch.normalizedName ?? "character \(ch.id)")),
                               ("db_id", .i(ch.id)), ("name", ch.name.map(Field.s)), ("normalized_name", ch.normalizedName.map(Field.s))])
        }
        for n in selection.nodes {
            let r = snapshot.insights[Int(n)]
            node("i\(r.id)", [
                ("kind", .s("insight")), ("label", .s(r.content.map(V.shortLabel) ?? "insight \(r.id)")), ("db_id", .i(r.id)),
                ("character_id", r.characterId.map(Field.i)), ("insight_type", r.type.map(Field.s)),
                ("insight_content", r.content.map(Field.s)), ("confidence_score", r.confidence.map(Field.d)),
                ("discovery_date", r.discoveryDate.map { .s($0.iso8601) }),
                ("conversation_context", r.conversationContext.map(Field.s)), ("importance_level", r.importance.map(Field.i)),
                ("emotional_valence", r.emotionalValence.map(Field.d)),
                ("triggers", r.triggers.map { .s(GraphMLValueFormat.jsonArray($0)) }),
                ("supporting_evidence", r.supportingEvidence.map { .s(GraphMLValueFormat.jsonArray($0)) }),
            ])
        }
        for e in selection.events {
            let r = snapshot.learningEvents[e]
            node("t\(r.id)", [
                ("kind", .s("learning_event")), ("label", .s(r.event.map(V.shortLabel) ?? "learning event \(r.id)")),
                ("db_id", .i(r.id)), ("character_id", r.characterId.map(Field.i)), ("learning_event", r.event.map(Field.s)),
                ("learning_type", r.learningType.map(Field.s)), ("before_state", r.beforeState.map(Field.s)),
                ("after_state", r.afterState.map(Field.s)), ("trigger_conversation", r.triggerConversation.map(Field.s)),
                ("learning_date", r.learningDate.map { .s($0.iso8601) }), ("significance_score", r.significance.map(Field.d)),
            ])
        }
        out.raw("},\"edges\":{")
        var firstEdge = true
        func edge(_ id: String, _ source: String, _ target: String, _ fields: [(String, Field?)]) {
            if !firstEdge { out.raw(",") }
            firstEdge = false
            out.string(id); out.raw(":")
            out.object([("source", .s(source)), ("target", .s(target)), ("data", .object(fields))])
        }
        for e in selection.edges {
            let r = snapshot.relationship(at: e)
            edge("r\(r.id)", "i\(r.fromInsightId!)", "i\(r.toInsightId!)", [
                ("kind", .s("relationship")), ("label", r.type.map(Field.s)), ("weight", r.strength.map(Field.d)),
                ("db_id", .i(r.id)), ("relationship_type", r.type.map(Field.s)), ("strength", r.strength.map(Field.d)),
                ("created_date", r.createdDate.map { .s($0.iso8601) }),
            ])
        }
        let characterIds = Set(selection.characters.map { snapshot.characters[$0].id })
        if options.includesCharacters {
            for n in selection.nodes {
                let r = snapshot.insights[Int(n)]
                guard let c = r.characterId, characterIds.contains(c), snapshot.nodeCharacter[Int(n)] >= 0 else { continue }
                edge("h\(r.id)", "c\(c)", "i\(r.id)", [("kind", .s("has_insight")), ("label", .s("has_insight"))])
            }
        }
        for e in selection.events {
            let r = snapshot.learningEvents[e]
            guard let c = r.characterId, characterIds.contains(c) else { continue }
            edge("l\(r.id)", "c\(c)", "t\(r.id)", [("kind", .s("learned")), ("label", .s("learned"))])
        }
        out.raw("}}\n")
        return out.text
    }

    indirect enum Field {
        case s(String), i(Int), d(Double), object([(String, Field?)])
    }

    /// A minimal JSON writer: keys in the given order, NULL fields left out.
    struct JSONText {
        var text = ""
        mutating func raw(_ s: String) { text += s }
        mutating func string(_ s: String) {
            text += "\""
            for scalar in XMLTextSanitizer.sanitize(s).text.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        mutating func field(_ f: Field) {
            switch f {
            case .s(let s): string(s)
            case .i(let i): text += String(i)
            case .d(let d): text += d.isNaN ? "NaN" : d == .infinity ? "Infinity" : d == -.infinity ? "-Infinity" : "\(d)"
            case .object(let fields): object(fields)
            }
        }
        mutating func object(_ fields: [(String, Field?)]) {
            text += "{"
            var first = true
            for (name, value) in fields {
                guard let value else { continue }
                if !first { text += "," }
                first = false
                string(name); text += ":"; field(value)
            }
            text += "}"
        }
    }
}
