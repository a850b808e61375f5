/// A row of `character_insights`: one statement a character has learned about itself.
///
/// Every column is kept; the seed schema makes all but `id` nullable, so they are optionals.
/// Values are kept as stored (no range clamping); scoring code applies the documented policies.
public struct Insight: Hashable, Sendable {
    public var id: Int
    public var characterId: Int?
    /// e.g. `emotional_pattern`, `preference`.
    public var type: String?
    public var content: String?
    /// Expected in 0...1, but nothing enforces it.
    public var confidence: Double?
    public var discoveryDate: Timestamp?
    public var conversationContext: String?
    /// Expected in 1...10.
    public var importance: Int?
    /// Expected in -1...1.
    public var emotionalValence: Double?
    /// `text[]`: the array itself and each element may be NULL.
    public var triggers: [String?]?
    public var supportingEvidence: [String?]?

    public init(
        id: Int, characterId: Int? = nil, type: String? = nil, content: String? = nil,
        confidence: Double? = nil, discoveryDate: Timestamp? = nil, conversationContext: String? = nil,
        importance: Int? = nil, emotionalValence: Double? = nil, triggers: [String?]? = nil,
        supportingEvidence: [String?]? = nil
    ) {
        self.id = id
        self.characterId = characterId
        self.type = type
        self.content = content
        self.confidence = confidence
        self.discoveryDate = discoveryDate
        self.conversationContext = conversationContext
        self.importance = importance
        self.emotionalValence = emotionalValence
        self.triggers = triggers
        self.supportingEvidence = supportingEvidence
    }
}
