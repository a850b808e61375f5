import InsightGraph

/// Rows that changed since a snapshot was built: new or updated rows, and deleted ids.
public struct ChangeSet: Sendable {
    public var characters: [Character] = []
    public var insights: [Insight] = []
    public var relationships: [Relationship] = []
    public var learningEvents: [LearningEvent] = []
    public var deletedCharacterIds: Set<Int> = []
    public var deletedInsightIds: Set<Int> = []
    public var deletedRelationshipIds: Set<Int> = []
    public var deletedLearningEventIds: Set<Int> = []

    public init() {}

    public var isEmpty: Bool {
        characters.isEmpty && insights.isEmpty && relationships.isEmpty && learningEvents.isEmpty
            && deletedCharacterIds.isEmpty && deletedInsightIds.isEmpty && deletedRelationshipIds.isEmpty
            && deletedLearningEventIds.isEmpty
    }

    /// The row changes of insights, relationships and learning events (no characters).
    public var patch: SnapshotPatch {
        var patch = SnapshotPatch()
        patch.insights = insights
        patch.relationships = relationships
        patch.learningEvents = learningEvents
        patch.deletedInsightIds = deletedInsightIds
        patch.deletedRelationshipIds = deletedRelationshipIds
        patch.deletedLearningEventIds = deletedLearningEventIds
        return patch
    }

    public var rowCount: Int {
        characters.count + insights.count + relationships.count + learningEvents.count + deletedCharacterIds.count
            + deletedInsightIds.count + deletedRelationshipIds.count + deletedLearningEventIds.count
    }
}

extension GraphSnapshot {
    /// The next snapshot: this one's rows with `changes` applied, rebuilt with ``GraphBuilder``
    /// (same anomaly accounting as a full load). `nil` when every change is already in this
    /// snapshot (a row re-read unchanged, a delete of an id that is not loaded).
    ///
    /// Without character changes the snapshot is patched (``GraphSnapshot/patched(_:isPartialSelection:)``:
    /// the unchanged rows' parts are reused, the result equals a rebuild); with them it is rebuilt
    /// through ``GraphBuilder``. Rows the builder skipped in this snapshot (e.g. a relationship with
    /// a NULL end) are not carried over.
    /// - Parameter isPartialSelection: the snapshot holds only some characters (as the loader's
    ///   filter builds it), so an edge to an insight outside it is counted as outside the selection.
    public func applying(_ changes: ChangeSet, isPartialSelection: Bool = false) -> GraphSnapshot? {
        let changes = effectiveChanges(changes)
        if changes.isEmpty { return nil }
        if changes.characters.isEmpty && changes.deletedCharacterIds.isEmpty,
           let next = patched(changes.patch, isPartialSelection: isPartialSelection) {
            return next
        }
        return rebuilt(applying: changes, isPartialSelection: isPartialSelection)
    }

    /// ``applying(_:isPartialSelection:)`` the slow way: every row through ``GraphBuilder``. The
    /// reference the incremental path (``GraphSnapshot/patched(_:isPartialSelection:)``) must equal;
    /// used when characters change.
    public func rebuilt(applying changes: ChangeSet, isPartialSelection: Bool = false) -> GraphSnapshot {
        let replacedCharacters = Set(changes.characters.map(\.id)).union(changes.deletedCharacterIds)
        let replacedInsights = Set(changes.insights.map(\.id)).union(changes.deletedInsightIds)
        let replacedRelationships = Set(changes.relationships.map(\.id)).union(changes.deletedRelationshipIds)
        let replacedEvents = Set(changes.learningEvents.map(\.id)).union(changes.deletedLearningEventIds)

        var builder = GraphBuilder(isPartialSelection: isPartialSelection, strengthPolicy: strengthPolicy)
        builder.reserve(insights: nodeCount + changes.insights.count)
        builder.reserve(relationships: edgeCount + changes.relationships.count)
        for character in characters where !replacedCharacters.contains(character.id) { builder.add(character) }
        for character in changes.characters { builder.add(character) }
        for insight in insights where !replacedInsights.contains(insight.id) { builder.add(insight) }
        for insight in changes.insights { builder.add(insight) }
        for edge in 0..<edgeCount where !replacedRelationships.contains(edgeIds[edge]) {
            builder.add(relationship(at: EdgeIndex(edge)))
        }
        for relationship in changes.relationships { builder.add(relationship) }
        for event in learningEvents where !replacedEvents.contains(event.id) { builder.add(event) }
        for event in changes.learningEvents { builder.add(event) }
        return builder.build()
    }

    /// `changes` without the rows this snapshot already holds as they are.
    func effectiveChanges(_ changes: ChangeSet) -> ChangeSet {
        var result = ChangeSet()
        result.characters = changes.characters.filter { row in
            characterIndex(forId: row.id).map { characters[$0] != row } ?? true
        }
        result.insights = changes.insights.filter { row in
            node(forInsightId: row.id).map { !RowComparison.same(insight(at: $0), row) } ?? true
        }
        result.relationships = changes.relationships.filter { row in
            edge(forRelationshipId: row.id).map { !RowComparison.same(relationship(at: $0), row) } ?? true
        }
        let hasEventChanges = !changes.learningEvents.isEmpty || !changes.deletedLearningEventIds.isEmpty
        let eventsById = hasEventChanges
            ? Dictionary(learningEvents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) : [:]
        result.learningEvents = changes.learningEvents.filter { row in
            eventsById[row.id].map { !RowComparison.same($0, row) } ?? true
        }
        result.deletedCharacterIds = changes.deletedCharacterIds.filter { characterIndex(forId: $0) != nil }
        result.deletedInsightIds = changes.deletedInsightIds.filter { node(forInsightId: $0) != nil }
        result.deletedRelationshipIds = changes.deletedRelationshipIds.filter { edge(forRelationshipId: $0) != nil }
        result.deletedLearningEventIds = changes.deletedLearningEventIds.filter { eventsById[$0] != nil }
        return result
    }

    /// The edge of a relationship id (edges are in id order: binary search).
    package func edge(forRelationshipId id: Int) -> EdgeIndex? {
        var low = 0, high = edgeIds.count
        while low < high {
            let mid = (low + high) / 2
            if edgeIds[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < edgeIds.count && edgeIds[low] == id ? EdgeIndex(low) : nil
    }
}

/// Row equality that treats NaN as equal to NaN (a NaN strength read twice is not a change).
enum RowComparison {
    static func same(_ a: Double?, _ b: Double?) -> Bool {
        a == b || (a?.isNaN == true && b?.isNaN == true)
    }

    static func same(_ a: Insight, _ b: Insight) -> Bool {
        var x = a, y = b
        guard same(a.confidence, b.confidence), same(a.emotionalValence, b.emotionalValence) else { return false }
        x.confidence = nil; y.confidence = nil
        x.emotionalValence = nil; y.emotionalValence = nil
        return x == y
    }

    static func same(_ a: Relationship, _ b: Relationship) -> Bool {
        var x = a, y = b
        guard same(a.strength, b.strength) else { return false }
        x.strength = nil; y.strength = nil
        return x == y
    }

    static func same(_ a: LearningEvent, _ b: LearningEvent) -> Bool {
        var x = a, y = b
        guard same(a.significance, b.significance) else { return false }
        x.significance = nil; y.significance = nil
        return x == y
    }
}
