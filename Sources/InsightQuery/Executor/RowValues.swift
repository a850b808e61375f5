import InsightGraph

/// Reads fields from snapshot rows and evaluates bound predicates on them.
struct RowReader {
    let graph: GraphSnapshot

    func value(_ field: InsightField, node: NodeIndex) -> Value {
        let insight = graph.insights[Int(node)]
        switch field {
        case .id: return .integer(Int64(insight.id))
        case .characterId: return insight.characterId.map { .integer(Int64($0)) } ?? .null
        case .character: return graph.character(ofNode: node)?.normalizedName.map(Value.text) ?? .null
        case .type: return insight.type.map(Value.text) ?? .null
        case .content: return insight.content.map(Value.text) ?? .null
        case .confidence: return insight.confidence.map(Value.number) ?? .null
        case .discoveryDate: return insight.discoveryDate.map(Value.timestamp) ?? .null
        case .conversationContext: return insight.conversationContext.map(Value.text) ?? .null
        case .importance: return insight.importance.map { .integer(Int64($0)) } ?? .null
        case .emotionalValence: return insight.emotionalValence.map(Value.number) ?? .null
        case .triggers: return insight.triggers.map { .list($0.map { $0.map(Value.text) ?? .null }) } ?? .null
        case .supportingEvidence: return insight.supportingEvidence.map { .list($0.map { $0.map(Value.text) ?? .null }) } ?? .null
        }
    }

    /// A numeric field of an insight, read without building a ``Value`` (RANK BY reads one per row).
    func number(_ field: InsightField, node: NodeIndex) -> Double? {
        if let number = field.numberField { return number.value(of: graph.insights[Int(node)]) }
        return value(field, node: node).asDouble
    }

    func value(_ field: RelationshipField, edge: EdgeIndex) -> Value {
        let e = Int(edge)
        switch field {
        case .id: return .integer(Int64(graph.edgeIds[e]))
        case .fromId: return .integer(Int64(graph.insights[Int(graph.edgeFrom[e])].id))
        case .toId: return .integer(Int64(graph.insights[Int(graph.edgeTo[e])].id))
        case .type: return graph.relationshipType(ofEdge: edge).map(Value.text) ?? .null
        case .strength: return graph.edgeStrengthIsNull[e] ? .null : .number(graph.edgeStrengths[e])
        case .createdDate: return graph.relationship(at: edge).createdDate.map(Value.timestamp) ?? .null
        case .from(let f): return value(f, node: graph.edgeFrom[e])
        case .to(let f): return value(f, node: graph.edgeTo[e])
        }
    }

    func value(_ field: EventField, event index: Int) -> Value {
        let event = graph.learningEvents[index]
        switch field {
        case .id: return .integer(Int64(event.id))
        case .event: return event.event.map(Value.text) ?? .null
        case .learningType: return event.learningType.map(Value.text) ?? .null
        case .beforeState: return event.beforeState.map(Value.text) ?? .null
        case .afterState: return event.afterState.map(Value.text) ?? .null
        case .triggerConversation: return event.triggerConversation.map(Value.text) ?? .null
        case .date: return event.learningDate.map(Value.timestamp) ?? .null
        case .significance: return event.significance.map(Value.number) ?? .null
        case .character:
            guard let id = event.characterId, let index = graph.characterIndex(forId: id) else { return .null }
            return graph.characters[index].normalizedName.map(Value.text) ?? .null
        }
    }

    /// A row of any kind, as the predicate sees it.
    enum Row {
        case insight(NodeIndex)
        case relationship(EdgeIndex)
        case event(Int)
    }

    func value(_ field: FieldRef, _ row: Row) -> Value {
        switch (field, row) {
        case (.insight(let f), .insight(let n)): return value(f, node: n)
        case (.relationship(let f), .relationship(let e)): return value(f, edge: e)
        case (.event(let f), .event(let i)): return value(f, event: i)
        default: return .null
        }
    }

    /// Three-valued: `nil` is SQL's unknown (a NULL was involved).
    func evaluate(_ p: Predicate, _ row: Row) -> Bool? {
        switch p {
        case .constant(let b): return b
        case .and(let a, let b):
            let x = evaluate(a, row)
            if x == false { return false }
            let y = evaluate(b, row)
            if y == false { return false }
            return x == nil || y == nil ? nil : true
        case .or(let a, let b):
            let x = evaluate(a, row)
            if x == true { return true }
            let y = evaluate(b, row)
            if y == true { return true }
            return x == nil || y == nil ? nil : false
        case .not(let a): return evaluate(a, row).map { !$0 }
        case .compare(let f, let op, let v): return Self.compare(value(f, row), op, v)
        case .compareFields(let a, let op, let b): return Self.compare(value(a, row), op, value(b, row))
        case .member(let f, let values, let negated):
            let v = value(f, row)
            if case .null = v { return nil }
            let found = values.contains { Self.compare(v, .equal, $0) == true }
            return found != negated
        case .contains(let f, let needle):
            switch value(f, row) {
            case .text(let s): return TextFolding.fold(s).contains(needle)
            case .list(let items): return items.contains { if case .text(let s) = $0 { return s.lowercased() == needle }; return false }
            default: return nil
            }
        case .matches(let f, let phrase):
            switch value(f, row) {
            case .text(let s): return TextFolding.contains(TextFolding.words(s), phrase: phrase)
            case .list(let items):
                return items.contains { if case .text(let s) = $0 { return TextFolding.contains(TextFolding.words(s), phrase: phrase) }; return false }
            default: return nil
            }
        case .triggeredBy(let words):
            guard case .insight(let node) = row, let triggers = graph.insights[Int(node)].triggers else { return nil }
            return triggers.contains { trigger in
                guard let trigger else { return false }
                return TextFolding.contains(words, phrase: TextFolding.words(trigger))
            }
        case .isNull(let f, let negated):
            let isNull = if case .null = value(f, row) { true } else { false }
            return isNull != negated
        }
    }

    static func compare(_ a: Value, _ op: ComparisonOperator, _ b: Value) -> Bool? {
        let order: Int
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.text(let x), .text(let y)): order = x == y ? 0 : (x < y ? -1 : 1)
        case (.timestamp(let x), .timestamp(let y)): order = x == y ? 0 : (x < y ? -1 : 1)
        default:
            guard let x = a.asDouble, let y = b.asDouble else { return nil }
            if x.isNaN || y.isNaN { return op == .notEqual }
            order = x == y ? 0 : (x < y ? -1 : 1)
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        }
    }
}

extension InsightField {
    /// The core's name for a numeric field (its columns: ``InsightNumberColumns``); nil for the others.
    var numberField: InsightNumberField? {
        switch self {
        case .confidence: return .confidence
        case .importance: return .importance
        case .emotionalValence: return .emotionalValence
        default: return nil
        }
    }
}
