import InsightGraph

extension ChangeSet {
    /// The part of these changes that concerns an instance serving only some characters.
    ///
    /// `previous` is the snapshot being served and `servedIds` the ids of its characters. Rows of
    /// other characters are dropped; a row that moved to another character (an insight or learning
    /// event whose `character_id` changed, a relationship that no longer touches a served insight)
    /// becomes a deletion. A `characters` row that starts or stops matching the scope (insert,
    /// rename) cannot be applied incrementally: `needsFullReload` is then true.
    package func restricted(to scope: CharacterScope, servedIds: Set<Int>, previous: GraphSnapshot)
        -> (changes: ChangeSet, needsFullReload: Bool)
    {
        if scope.isAll { return (self, false) }
        var result = ChangeSet()
        var needsFullReload = false
        for row in characters {
            let served = servedIds.contains(row.id)
            if served != scope.includes(row) { needsFullReload = true }
            if served { result.characters.append(row) }
        }
        result.deletedCharacterIds = deletedCharacterIds.intersection(servedIds)

        for row in insights {
            if let owner = row.characterId, servedIds.contains(owner) {
                result.insights.append(row)
            } else if previous.node(forInsightId: row.id) != nil {
                result.deletedInsightIds.insert(row.id)
            }
        }
        result.deletedInsightIds.formUnion(deletedInsightIds)

        let keptInsights = Set(result.insights.map(\.id))
        func served(_ insightId: Int?) -> Bool {
            guard let insightId, !result.deletedInsightIds.contains(insightId) else { return false }
            return keptInsights.contains(insightId) || previous.node(forInsightId: insightId) != nil
        }
        for row in relationships {
            if served(row.fromInsightId) || served(row.toInsightId) {
                result.relationships.append(row)
            } else if previous.edge(forRelationshipId: row.id) != nil {
                result.deletedRelationshipIds.insert(row.id)
            }
        }
        result.deletedRelationshipIds.formUnion(deletedRelationshipIds)

        let previousEvents = learningEvents.isEmpty ? [] : Set(previous.learningEvents.map(\.id))
        for row in learningEvents {
            if let owner = row.characterId, servedIds.contains(owner) {
                result.learningEvents.append(row)
            } else if previousEvents.contains(row.id) {
                result.deletedLearningEventIds.insert(row.id)
            }
        }
        result.deletedLearningEventIds.formUnion(deletedLearningEventIds)
        return (result, needsFullReload)
    }
}
