import InsightGraph

/// Turns one parsed JSON object into an ``IngestRecord``, checking every field: known names
/// only (a typo is an error, not a silently dropped value), exact types, the ranges the graph
/// expects (confidence and strength 0...1, importance 1...10), timestamps PostgreSQL accepts.
public struct IngestRecordDecoder: Sendable {
    /// When set (e.g. from a URL path), lines may omit `"character"`; a line naming another one is refused.
    public var character: String?

    public init(character: String? = nil) { self.character = character }

    /// A field error, before the line number is known.
    public struct FieldError: Error, Sendable {
        public var offset: Int?
        public var field: String?
        public var reason: String
    }

    static let insightFields: Set<String> = [
        "kind", "character", "insight_type", "insight_content", "confidence_score", "discovery_date",
        "conversation_context", "importance_level", "emotional_valence", "triggers", "supporting_evidence",
    ]
    static let relationshipFields: Set<String> = [
        "kind", "character", "from_insight_id", "to_insight_id", "from_content", "to_content",
        "relationship_type", "strength", "created_date",
    ]
    static let timelineFields: Set<String> = [
        "kind", "character", "learning_event", "learning_type", "before_state", "after_state",
        "trigger_conversation", "learning_date", "significance_score",
    ]

    /// Parses and decodes one line; problems carry `lineNumber` and the column.
    public func decode(line bytes: [UInt8], lineNumber: Int) -> Result<IngestRecord, IngestProblem> {
        do {
            let members = try FlatJSON.parseObject(bytes)
            do throws(FieldError) {
                return .success(try decode(members))
            } catch {
                let column = error.offset.map { FlatJSON.column(ofByte: $0, in: bytes) }
                return .failure(IngestProblem(line: lineNumber, column: column, field: error.field, reason: error.reason))
            }
        } catch {
            return .failure(IngestProblem(line: lineNumber, column: error.column, reason: "invalid JSON: \(error.reason)"))
        }
    }

    public func decode(_ members: [JSONMember]) throws(FieldError) -> IngestRecord {
        let fields = Fields(members: members)
        let kind = try fields.string("kind", required: true)!
        let known: Set<String>
        switch kind {
        case "insight": known = Self.insightFields
        case "relationship": known = Self.relationshipFields
        case "timeline": known = Self.timelineFields
        default:
            throw fields.error("kind", "unknown kind \"\(kind)\" (expected insight, relationship or timeline)")
        }
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            throw FieldError(offset: unknown.offset, field: unknown.key,
                             reason: "unknown field \"\(unknown.key)\" for kind \(kind)")
        }
        let named = try fields.string("character", required: character == nil)
        if let character, let named, named != character {
            throw fields.error("character", "this batch is for character \"\(character)\", not \"\(named)\"")
        }
        let characterName = named ?? character!
        if characterName.isEmpty { throw fields.error("character", "empty character name") }
        switch kind {
        case "insight":
            return .insight(InsightRecord(
                character: characterName,
                content: try fields.string("insight_content", required: true)!,
                insightType: try fields.string("insight_type"),
                confidence: try fields.double("confidence_score", in: 0...1),
                discoveryDate: try fields.timestamp("discovery_date"),
                conversationContext: try fields.string("conversation_context"),
                importance: try fields.int("importance_level", in: 1...10),
                emotionalValence: try fields.double("emotional_valence", in: -1...1),
                triggers: try fields.stringSet("triggers"),
                supportingEvidence: try fields.stringSet("supporting_evidence")))
        case "relationship":
            let from = try fields.reference(idField: "from_insight_id", contentField: "from_content")
            let to = try fields.reference(idField: "to_insight_id", contentField: "to_content")
            if from == to { throw fields.error("to_insight_id", "a relationship cannot link an insight to itself") }
            return .relationship(RelationshipRecord(
                character: characterName, from: from, to: to,
                relationshipType: try fields.string("relationship_type", required: true)!,
                strength: try fields.double("strength", in: 0...1),
                createdDate: try fields.timestamp("created_date")))
        default:
            return .timeline(TimelineRecord(
                character: characterName,
                learningEvent: try fields.string("learning_event", required: true)!,
                learningType: try fields.string("learning_type"),
                beforeState: try fields.string("before_state"),
                afterState: try fields.string("after_state"),
                triggerConversation: try fields.string("trigger_conversation"),
                learningDate: try fields.timestamp("learning_date"),
                significance: try fields.double("significance_score", in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)))
        }
    }
}

/// Typed access to an object's members; `null` counts as absent.
private struct Fields {
    var members: [JSONMember]

    func member(_ name: String) -> JSONMember? {
        guard let found = members.first(where: { $0.key == name }), found.value != .null else { return nil }
        return found
    }

    func error(_ name: String, _ reason: String) -> IngestRecordDecoder.FieldError {
        IngestRecordDecoder.FieldError(offset: members.first(where: { $0.key == name })?.offset, field: name, reason: reason)
    }

    func string(_ name: String, required: Bool = false) throws(IngestRecordDecoder.FieldError) -> String? {
        guard let found = member(name) else {
            if required { throw error(name, "missing required field \"\(name)\"") }
            return nil
        }
        guard case let .string(text) = found.value else { throw error(name, "expected a string, found \(found.value.typeName)") }
        if text.utf8.contains(0) { throw error(name, "PostgreSQL text cannot hold U+0000") }
        return text
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws(IngestRecordDecoder.FieldError) -> Double? {
        guard let found = member(name) else { return nil }
        guard case let .number(value, _) = found.value else { throw error(name, "expected a number, found \(found.value.typeName)") }
        guard range.contains(value) else { throw error(name, "\(value) is outside \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws(IngestRecordDecoder.FieldError) -> Int? {
        guard let found = member(name) else { return nil }
        guard case let .number(value, integer) = found.value else {
            throw error(name, "expected an integer, found \(found.value.typeName)")
        }
        guard let integer else { throw error(name, "expected an integer, found \(value)") }
        guard range.contains(integer) else { throw error(name, "\(integer) is outside \(range.lowerBound)...\(range.upperBound)") }
        return integer
    }

    func timestamp(_ name: String) throws(IngestRecordDecoder.FieldError) -> Timestamp? {
        guard let text = try string(name) else { return nil }
        do {
            let value = try TimestampParser.parse(Array(text.utf8))
            guard value.isFinite else { throw error(name, "infinite timestamps are not accepted") }
            return value
        } catch let parse as TextParseError {
            throw error(name, "not a timestamp (\(parse.reason)); use e.g. 2025-03-01T12:00:00Z")
        } catch {
            throw error as! IngestRecordDecoder.FieldError
        }
    }

    /// An array of strings, duplicates dropped (first occurrence kept).
    func stringSet(_ name: String) throws(IngestRecordDecoder.FieldError) -> [String]? {
        guard let found = member(name) else { return nil }
        guard case let .array(elements) = found.value else { throw error(name, "expected an array of strings, found \(found.value.typeName)") }
        var seen = Set<String>()
        var out: [String] = []
        for (index, element) in elements.enumerated() {
            guard case let .string(text) = element else {
                throw error(name, "element \(index) is \(element.typeName); expected a string")
            }
            if text.utf8.contains(0) { throw error(name, "PostgreSQL text cannot hold U+0000") }
            if seen.insert(text).inserted { out.append(text) }
        }
        return out
    }

    func reference(idField: String, contentField: String) throws(IngestRecordDecoder.FieldError) -> InsightReference {
        let id = try int(idField, in: 1...Int(Int32.max))
        let content = try string(contentField)
        switch (id, content) {
        case let (id?, nil): return .id(id)
        case let (nil, content?): return .content(content)
        case (_?, _?): throw error(contentField, "give either \(idField) or \(contentField), not both")
        case (nil, nil): throw error(idField, "missing \(idField) or \(contentField)")
        }
    }
}
