/// A row of `character_learning_timeline`: a dated step in what a character learned.
public struct LearningEvent: Hashable, Sendable {
    public var id: Int
    public var characterId: Int?
    public var event: String?
    public var learningType: String?
    public var beforeState: String?
    public var afterState: String?
    public var triggerConversation: String?
    public var learningDate: Timestamp?
    public var significance: Double?

    public init(
        id: Int, characterId: Int?, event: String? = nil, learningType: String? = nil,
        beforeState: String? = nil, afterState: String? = nil, triggerConversation: String? = nil,
        learningDate: Timestamp? = nil, significance: Double? = nil
    ) {
        self.id = id
        self.characterId = characterId
        self.event = event
        self.learningType = learningType
        self.beforeState = beforeState
        self.afterState = afterState
        self.triggerConversation = triggerConversation
        self.learningDate = learningDate
        self.significance = significance
    }
}
