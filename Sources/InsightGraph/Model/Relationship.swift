/// A row of `character_insight_relationships`: a typed, directed, weighted edge between insights.
public struct Relationship: Hashable, Sendable {
    public var id: Int
    public var fromInsightId: Int?
    public var toInsightId: Int?
    /// e.g. `leads_to`, `supports`, `contradicts`, `builds_on`.
    public var type: String?
    /// As stored: may be NULL, NaN, infinite, negative or above 1. See ``StrengthPolicy``.
    public var strength: Double?
    public var createdDate: Timestamp?

    public init(
        id: Int, fromInsightId: Int?, toInsightId: Int?, type: String?, strength: Double?,
        createdDate: Timestamp? = nil
    ) {
        self.id = id
        self.fromInsightId = fromInsightId
        self.toInsightId = toInsightId
        self.type = type
        self.strength = strength
        self.createdDate = createdDate
    }
}
