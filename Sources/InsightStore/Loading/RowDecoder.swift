import InsightGraph

/// Receives decoded rows: the loader's ``GraphBuilder``, or a service's set of changed rows.
public protocol RowSink {
    mutating func add(_ character: Character)
    mutating func add(_ insight: Insight)
    mutating func add(_ relationship: Relationship)
    mutating func add(_ event: LearningEvent)
}

extension GraphBuilder: RowSink {}

/// Rows kept in arrays, per table.
struct RowLists: RowSink {
    var characters: [Character] = []
    var insights: [Insight] = []
    var relationships: [Relationship] = []
    var learningEvents: [LearningEvent] = []

    mutating func add(_ character: Character) { characters.append(character) }
    mutating func add(_ insight: Insight) { insights.append(insight) }
    mutating func add(_ relationship: Relationship) { relationships.append(relationship) }
    mutating func add(_ event: LearningEvent) { learningEvents.append(event) }
}

/// Turns rows of one table (columns in ``TableSpec`` order) into model values: the one decoding of
/// each table, for the loader's COPY streams and the change reader's query results alike.
struct RowDecoder {
    let table: CharacterTable
    // Types and conversation contexts repeat across rows ("user asked about the ocean"): each
    // distinct value is stored once (up to the interner's capacity), not once per row.
    private var types = StringInterner()
    private var contexts = StringInterner(capacity: 128)

    init(_ table: CharacterTable) { self.table = table }

    /// Decodes `row` into `sink` and returns its id; a NULL id is an error.
    @discardableResult
    mutating func decode(_ row: inout TextRow, into sink: inout some RowSink) throws(StoreError) -> Int {
        guard let id = try row.int(0) else {
            throw .badValue(table: row.table, column: "id", rowId: nil, message: "id is NULL")
        }
        row.rowId = id
        switch table {
        case .characters:
            sink.add(Character(id: id, name: row.string(1), normalizedName: row.string(2)))
        case .insights:
            sink.add(Insight(
                id: id, characterId: try row.int(1), type: row.string(2, interning: &types),
                content: row.string(3), confidence: try row.double(4), discoveryDate: try row.timestamp(5),
                conversationContext: row.string(6, interning: &contexts), importance: try row.int(7),
                emotionalValence: try row.double(8), triggers: try row.textArray(9),
                supportingEvidence: try row.textArray(10)))
        case .relationships:
            sink.add(Relationship(
                id: id, fromInsightId: try row.int(1), toInsightId: try row.int(2),
                type: row.string(3, interning: &types), strength: try row.double(4), createdDate: try row.timestamp(5)))
        case .timeline:
            sink.add(LearningEvent(
                id: id, characterId: try row.int(1), event: row.string(2),
                learningType: row.string(3, interning: &types), beforeState: row.string(4), afterState: row.string(5),
                triggerConversation: row.string(6), learningDate: try row.timestamp(7), significance: try row.double(8)))
        }
        return id
    }
}
