import InsightGraph

/// Streams each table with COPY and turns rows into model values (column order: ``TableSpec``).
struct TableReader {
    let connection: Connection

    /// `COPY table (cols) TO STDOUT`, or a `COPY (SELECT ...)` when columns need casts or rows a filter.
    static func copySQL(_ table: IntrospectedTable, where condition: String?) -> String {
        let name = quoteIdentifier(table.spec.name)
        if condition == nil && !table.needsCasts && table.isPlainTable {
            return "COPY \(name) (\(table.spec.columnNames.map(quoteIdentifier).joined(separator: ", "))) TO STDOUT"
        }
        let filter = condition.map { " WHERE \($0)" } ?? ""
        return "COPY (SELECT \(table.selectExpressions.joined(separator: ", ")) FROM \(name)\(filter)) TO STDOUT"
    }

    private func stream(
        _ table: IntrospectedTable, where condition: String?, _ body: (inout CopyRow) throws(StoreError) -> Void
    ) throws(StoreError) -> Int {
        var row = CopyRow(table: table.spec.name, columns: table.spec.columnNames)
        return try connection.copyOut(Self.copySQL(table, where: condition), row: &row) { (row: inout CopyRow) throws(StoreError) in
            guard let id = try row.int(0) else {
                throw .badValue(table: row.table, column: "id", rowId: nil, message: "id is NULL")
            }
            row.rowId = id
            try body(&row)
        }
    }

    func readCharacters(
        _ table: IntrospectedTable, into characters: inout [Character], meter: inout ProgressMeter
    ) throws(StoreError) -> Int {
        meter.table = table.spec.name
        return try stream(table, where: nil) { (row: inout CopyRow) throws(StoreError) in
            characters.append(Character(id: row.rowId!, name: row.string(1), normalizedName: row.string(2)))
            meter.tick()
        }
    }

    func readInsights(
        _ table: IntrospectedTable, where condition: String?, into builder: inout GraphBuilder, meter: inout ProgressMeter
    ) throws(StoreError) -> Int {
        try readInsights(table, where: condition, meter: &meter) { builder.add($0) }
    }

    func readInsights(
        _ table: IntrospectedTable, where condition: String?, meter: inout ProgressMeter, _ add: (Insight) -> Void
    ) throws(StoreError) -> Int {
        meter.table = table.spec.name
        // Types and conversation contexts repeat across rows ("user asked about the ocean"): each
        // distinct value is stored once (up to the interner's capacity), not once per row.
        var types = StringInterner()
        var contexts = StringInterner(capacity: 128)
        return try stream(table, where: condition) { (row: inout CopyRow) throws(StoreError) in
            add(Insight(
                id: row.rowId!, characterId: try row.int(1), type: row.string(2, interning: &types),
                content: row.string(3), confidence: try row.double(4), discoveryDate: try row.timestamp(5),
                conversationContext: row.string(6, interning: &contexts), importance: try row.int(7), emotionalValence: try row.double(8),
                triggers: try row.textArray(9), supportingEvidence: try row.textArray(10)))
            meter.tick()
        }
    }

    func readRelationships(
        _ table: IntrospectedTable, where condition: String?, into builder: inout GraphBuilder, meter: inout ProgressMeter
    ) throws(StoreError) -> Int {
        meter.table = table.spec.name
        var types = StringInterner()
        return try stream(table, where: condition) { (row: inout CopyRow) throws(StoreError) in
            builder.add(Relationship(
                id: row.rowId!, fromInsightId: try row.int(1), toInsightId: try row.int(2),
                type: row.string(3, interning: &types), strength: try row.double(4), createdDate: try row.timestamp(5)))
            meter.tick()
        }
    }

    func readTimeline(
        _ table: IntrospectedTable, where condition: String?, into builder: inout GraphBuilder, meter: inout ProgressMeter
    ) throws(StoreError) -> Int {
        meter.table = table.spec.name
        var types = StringInterner()
        return try stream(table, where: condition) { (row: inout CopyRow) throws(StoreError) in
            builder.add(LearningEvent(
                id: row.rowId!, characterId: try row.int(1), event: row.string(2),
                learningType: row.string(3, interning: &types), beforeState: row.string(4), afterState: row.string(5),
                triggerConversation: row.string(6), learningDate: try row.timestamp(7), significance: try row.double(8)))
            meter.tick()
        }
    }
}
