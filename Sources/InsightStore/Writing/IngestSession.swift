/// One ingest = one transaction. Records are buffered and written a batch at a time (COPY into
/// temporary tables, one `INSERT ... ON CONFLICT` per batch of insights); relationships and
/// learning events are collected the same way and written by ``finish()``, after every insight,
/// so a relationship may name insights that appear later. Nothing is visible to other sessions
/// before the commit, and nothing at all is written when the session fails, is dropped unfinished,
/// or runs in strict mode with a problem.
public final class IngestSession {
    let connection: Connection
    private let options: IngestOptions
    private var rules: ColumnRules
    private var characterIds: [String: Int] = [:]
    var writtenCharacters = Set<String>()
    private var insights: [(line: Int, record: InsightRecord)] = []
    private var relationships: [(line: Int, record: RelationshipRecord)] = []
    private var timeline: [(line: Int, record: TimelineRecord)] = []
    private var encoder = CopyTextEncoder()
    var summary = IngestSummary()
    private var open = true

    init(connection: Connection, options: IngestOptions) throws(IngestError) {
        self.connection = connection
        self.options = options
        self.rules = ColumnRules()
        try database { () throws(StoreError) in try connection.execute("BEGIN") }
        do throws(IngestError) {
            try database { () throws(StoreError) in
                try connection.execute(WriterSQL.lock, [WriterSQL.lockKey])
                try connection.execute("SET LOCAL work_mem = '256MB'")  // the final joins are hash joins
                for table in ["characters", "character_insights", "character_insight_relationships"]
                where try !SchemaIntrospection.tableExists(table, on: connection) {
                    throw StoreError.schemaMissing(table: table, column: nil)
                }
            }
            let hasKey = try database { () throws(StoreError) in try connection.execute(WriterSQL.hasInsightKey).bool(0, 0) }
            if hasKey != true {
                throw IngestError.missingUniqueConstraint(table: "character_insights", columns: ["character_id", "insight_content"])
            }
            rules = try database { () throws(StoreError) in try ColumnRules.read(on: connection) }
            try database { () throws(StoreError) in
                for sql in WriterSQL.createTempTables { try connection.execute(sql) }
            }
        } catch {
            rollback()
            throw error
        }
    }

    deinit { if open { rollback() } }

    /// `$1` of the upserts: whether they return the ids they wrote.
    var collectIds: String { options.collectWrittenIds ? "true" : "false" }

    /// Whether writing has stopped because strict mode met a problem (records are still checked).
    var refusing: Bool { options.strict && !summary.problems.isEmpty }

    /// Adds one record; `line` is its 1-based position in the input, used in problems.
    public func add(_ record: IngestRecord, line: Int) throws(IngestError) {
        guard open else { throw .sessionFinished }
        summary.recordsRead += 1
        switch record {
        case let .insight(insight): insights.append((line, insight))
        case let .relationship(relationship): relationships.append((line, relationship))
        case let .timeline(event): timeline.append((line, event))
        }
        if insights.count + relationships.count + timeline.count >= options.batchSize { try flush() }
    }

    /// Records a line that could not be decoded (it counts as read, and as a problem).
    public func reject(_ problem: IngestProblem) {
        summary.recordsRead += 1
        summary.problems.append(problem)
    }

    /// Writes what is pending, resolves relationships and learning events, and commits — or rolls
    /// back when strict mode met a problem (``IngestSummary/committed`` is then false). A refused
    /// ingest still resolves every relationship (read-only), so all of its problems are listed.
    public func finish() throws(IngestError) -> IngestSummary {
        guard open else { throw .sessionFinished }
        do throws(IngestError) {
            try flush()
            if refusing {
                try checkRelationships()
            } else {
                try writeRelationships()
            }
            if !refusing { try writeTimeline() }
            if refusing {
                rollback()
            } else {
                try database { () throws(StoreError) in try connection.execute("COMMIT") }
                open = false
                summary.committed = true
            }
        } catch {
            rollback()
            throw error
        }
        summary.problems.sort { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
        summary.charactersWritten = summary.committed ? writtenCharacters.sorted() : []
        if !summary.committed { summary.writtenIds = WrittenRowIds() }
        return summary
    }

    private func rollback() {
        if open { _ = try? connection.execute("ROLLBACK") }
        open = false
    }

    // MARK: Batches

    private func flush() throws(IngestError) {
        defer {
            insights.removeAll(keepingCapacity: true)
            relationships.removeAll(keepingCapacity: true)
            timeline.removeAll(keepingCapacity: true)
        }
        let names = Set(insights.map(\.record.character) + relationships.map(\.record.character) + timeline.map(\.record.character))
        try resolveCharacters(names)
        // When refusing (strict, after a problem) these still check every record, but write nothing:
        // insights and relationships are only staged, for ``checkRelationships()``.
        try writeInsights()
        try stageRelationships()
        try stageTimeline()
    }

    /// Looks up (and with ``IngestOptions/createMissingCharacters`` creates) the characters named.
    private func resolveCharacters(_ names: Set<String>) throws(IngestError) {
        let unknown = names.filter { characterIds[$0] == nil }.sorted()
        guard !unknown.isEmpty else { return }
        let literal = ArrayLiteral.encode(unknown)
        if options.createMissingCharacters {
            let created = try database { () throws(StoreError) in try connection.execute(WriterSQL.createCharacters, [literal]) }
            summary.charactersCreated += created.int(0, 0) ?? 0
        }
        let found = try database { () throws(StoreError) in try connection.execute(WriterSQL.findCharacters, [literal]) }
        for row in 0..<found.rowCount {
            if let name = found.string(row, 0), let id = found.int(row, 1) { characterIds[name] = id }
        }
    }

    private func unknownCharacter(_ name: String, line: Int) -> IngestProblem {
        IngestProblem(line: line, field: "character", reason:
            "no character with normalized_name \"\(name)\" (create it first, or ingest with --create-characters)")
    }

    /// The character id for a record, or a problem recorded for its line.
    private func characterId(_ name: String, line: Int) -> Int? {
        if let id = characterIds[name] { return id }
        summary.problems.append(unknownCharacter(name, line: line))
        return nil
    }

    private func check(_ table: String, line: Int, _ values: [(String, String?)]) -> Bool {
        guard let broken = rules.violation(table: table, values) else { return true }
        summary.problems.append(IngestProblem(line: line, field: broken.field, reason: broken.reason))
        return false
    }

    private func writeInsights() throws(IngestError) {
        guard !insights.isEmpty else { return }
        // Same (character, content) twice in one batch: merge here, the upsert may touch a row once.
        var merged: [InsightRecord] = []
        var ids: [Int] = []
        var position: [InsightKey: Int] = [:]
        for (line, record) in insights {
            guard let id = characterId(record.character, line: line) else { continue }
            guard check("character_insights", line: line, [
                ("insight_content", record.content), ("insight_type", record.insightType),
                ("confidence_score", record.confidence.map { _ in "" }), ("conversation_context", record.conversationContext),
                ("emotional_valence", record.emotionalValence.map { _ in "" }), ("triggers", record.triggers.map { _ in "" }),
                ("supporting_evidence", record.supportingEvidence.map { _ in "" }), ("character_id", ""),
            ]) else { continue }
            let key = InsightKey(characterId: id, content: record.content)
            if let index = position[key] {
                merged[index] = InsightMerge.merge(merged[index], record)
                summary.insightsMergedInInput += 1
            } else {
                position[key] = merged.count
                merged.append(record)
                ids.append(id)
            }
        }
        if merged.isEmpty { return }
        if refusing { return try stageUnwritten(merged, ids) }
        encoder.reset()
        for (record, id) in zip(merged, ids) {
            encoder.append(id); encoder.append(record.insightType); encoder.append(record.content)
            encoder.append(record.confidence); encoder.append(record.discoveryDate); encoder.append(record.conversationContext)
            encoder.append(record.importance); encoder.append(record.emotionalValence); encoder.append(record.triggers)
            encoder.append(record.supportingEvidence)
            encoder.endRow()
            writtenCharacters.insert(record.character)
        }
        let counts = try database { () throws(StoreError) in
            try connection.execute("TRUNCATE ig_ingest_insights")
            try connection.copyIn(WriterSQL.copyInsights, data: encoder.bytes)
            return try connection.execute(WriterSQL.upsertInsights, [collectIds])
        }
        let inserted = counts.int(0, 0) ?? 0, changed = counts.int(0, 1) ?? 0
        summary.writtenIds.insights += WrittenRowIds.parse(counts.string(0, 2))
        summary.insightsInserted += inserted
        summary.insightsMerged += changed
        summary.insightsUnchanged += merged.count - inserted - changed
    }

    private func stageRelationships() throws(IngestError) {
        guard !relationships.isEmpty else { return }
        encoder.reset()
        for (line, record) in relationships {
            guard let id = characterId(record.character, line: line) else { continue }
            guard check("character_insight_relationships", line: line, [("relationship_type", record.relationshipType)]) else { continue }
            encoder.append(line); encoder.append(id)
            switch record.from {
            case let .id(value): encoder.append(value); encoder.appendNull()
            case let .content(text): encoder.appendNull(); encoder.append(text)
            }
            switch record.to {
            case let .id(value): encoder.append(value); encoder.appendNull()
            case let .content(text): encoder.appendNull(); encoder.append(text)
            }
            encoder.append(record.relationshipType); encoder.append(record.strength); encoder.append(record.createdDate)
            encoder.endRow()
            writtenCharacters.insert(record.character)
        }
        // Staged even when refusing: ``finish()`` then checks them without writing.
        if encoder.rowCount == 0 { return }
        try database { () throws(StoreError) in try connection.copyIn(WriterSQL.copyRelationships, data: encoder.bytes) }
    }

    /// Strict mode after a problem: the insights a relationship may still name by content, kept
    /// aside (a temporary table) instead of written.
    private func stageUnwritten(_ records: [InsightRecord], _ ids: [Int]) throws(IngestError) {
        encoder.reset()
        for (record, id) in zip(records, ids) {
            encoder.append(id); encoder.append(record.content)
            encoder.endRow()
        }
        try database { () throws(StoreError) in try connection.copyIn(WriterSQL.copyUnwritten, data: encoder.bytes) }
    }

    private func stageTimeline() throws(IngestError) {
        guard !timeline.isEmpty else { return }
        encoder.reset()
        for (line, record) in timeline {
            guard rules.tables.contains("character_learning_timeline") else {
                summary.problems.append(IngestProblem(line: line, field: "kind", reason:
                    "table character_learning_timeline does not exist (create it with `insightgraph schema apply`)"))
                continue
            }
            guard let id = characterId(record.character, line: line) else { continue }
            guard check("character_learning_timeline", line: line, [
                ("learning_event", record.learningEvent), ("learning_type", record.learningType),
                ("before_state", record.beforeState), ("after_state", record.afterState),
                ("trigger_conversation", record.triggerConversation), ("significance_score", record.significance.map { _ in "" }),
            ]) else { continue }
            encoder.append(line); encoder.append(id); encoder.append(record.learningEvent); encoder.append(record.learningType)
            encoder.append(record.beforeState); encoder.append(record.afterState); encoder.append(record.triggerConversation)
            encoder.append(record.learningDate); encoder.append(record.significance)
            encoder.endRow()
            writtenCharacters.insert(record.character)
        }
        if refusing || encoder.rowCount == 0 { return }
        try database { () throws(StoreError) in try connection.copyIn(WriterSQL.copyTimeline, data: encoder.bytes) }
    }
}

private struct InsightKey: Hashable {
    var characterId: Int
    var content: String
}
