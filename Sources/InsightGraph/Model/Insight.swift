/// A row of `character_insights`: one statement a character has learned about itself.
///
/// Every column is kept; the seed schema makes all but `id` nullable, so they are optionals.
/// Values are kept as stored (no range clamping); scoring code applies the documented policies.
public struct Insight: Hashable, Sendable {
    public var id: Int
    public var characterId: Int?
    /// Expected in 0...1, but nothing enforces it.
    public var confidence: Double?
    public var discoveryDate: Timestamp?
    /// Expected in 1...10.
    public var importance: Int?
    /// Expected in -1...1.
    public var emotionalValence: Double?
    /// The five columns held on the heap, in one shared box. Every refresh copies each kept row into
    /// the next snapshot; a copy then retains one object instead of up to five strings and arrays
    /// (each a cache miss), which was an eighth of an incremental refresh on a million insights.
    /// Copy on write: a setter copies the box unless this value is its only owner.
    private var text: HeapColumns

    /// e.g. `emotional_pattern`, `preference`.
    public var type: String? {
        get { text.type }
        set { uniqueText().type = newValue }
    }

    public var content: String? {
        get { text.content }
        set { uniqueText().content = newValue }
    }

    public var conversationContext: String? {
        get { text.conversationContext }
        set { uniqueText().conversationContext = newValue }
    }

    /// `text[]`: the array itself and each element may be NULL.
    public var triggers: [String?]? {
        get { text.triggers }
        set { uniqueText().triggers = newValue }
    }

    public var supportingEvidence: [String?]? {
        get { text.supportingEvidence }
        set { uniqueText().supportingEvidence = newValue }
    }

    public init(
        id: Int, characterId: Int? = nil, type: String? = nil, content: String? = nil,
        confidence: Double? = nil, discoveryDate: Timestamp? = nil, conversationContext: String? = nil,
        importance: Int? = nil, emotionalValence: Double? = nil, triggers: [String?]? = nil,
        supportingEvidence: [String?]? = nil
    ) {
        self.id = id
        self.characterId = characterId
        self.confidence = confidence
        self.discoveryDate = discoveryDate
        self.importance = importance
        self.emotionalValence = emotionalValence
        self.text = HeapColumns(type: type, content: content, conversationContext: conversationContext, triggers: triggers,
                                supportingEvidence: supportingEvidence)
    }

    /// Whether both rows hold the very same text columns (no copy or setter since one was made
    /// from the other): then they are equal without reading them.
    func sharesText(with other: Insight) -> Bool { text === other.text }

    private mutating func uniqueText() -> HeapColumns {
        if !isKnownUniquelyReferenced(&text) { text = text.copy() }
        return text
    }
}

/// The box behind ``Insight``'s heap-held columns. Mutated only through a uniquely referenced
/// box (``Insight``'s setters), so sharing it between threads is safe.
private final class HeapColumns: Hashable, @unchecked Sendable {
    var type: String?
    var content: String?
    var conversationContext: String?
    var triggers: [String?]?
    var supportingEvidence: [String?]?

    init(type: String?, content: String?, conversationContext: String?, triggers: [String?]?,
         supportingEvidence: [String?]?) {
        self.type = type
        self.content = content
        self.conversationContext = conversationContext
        self.triggers = triggers
        self.supportingEvidence = supportingEvidence
    }

    func copy() -> HeapColumns {
        HeapColumns(type: type, content: content, conversationContext: conversationContext, triggers: triggers,
                    supportingEvidence: supportingEvidence)
    }

    static func == (lhs: HeapColumns, rhs: HeapColumns) -> Bool {
        lhs === rhs || (lhs.type == rhs.type && lhs.content == rhs.content && lhs.conversationContext == rhs.conversationContext
            && lhs.triggers == rhs.triggers && lhs.supportingEvidence == rhs.supportingEvidence)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(content)
        hasher.combine(conversationContext)
        hasher.combine(triggers)
        hasher.combine(supportingEvidence)
    }
}

/// Prints and dumps as the plain struct it was: every column, not the box.
extension Insight: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "characterId": characterId as Any, "type": type as Any, "content": content as Any,
            "confidence": confidence as Any, "discoveryDate": discoveryDate as Any,
            "conversationContext": conversationContext as Any, "importance": importance as Any,
            "emotionalValence": emotionalValence as Any, "triggers": triggers as Any,
            "supportingEvidence": supportingEvidence as Any,
        ], displayStyle: .struct)
    }
}
