extension IngestSession {
    /// Resolves every staged relationship at once (ids checked, contents looked up), reports the
    /// lines that did not resolve, and merges the rest into `character_insight_relationships`
    /// (in strict mode a reported line makes ``finish()`` roll all of it back).
    func writeRelationships() throws(IngestError) {
        let staged = try database { () throws(StoreError) in
            try connection.execute("SELECT count(*) FROM ig_ingest_relationships").int(0, 0) ?? 0
        }
        guard staged > 0 else { return }
        let result = try database { () throws(StoreError) in
            try connection.execute("ANALYZE ig_ingest_relationships")
            return try connection.execute(WriterSQL.upsertRelationships, [collectIds])
        }
        var unresolved = 0
        var distinct = 0, merged = 0, inserted = 0
        for row in 0..<result.rowCount {
            if let line = result.int(row, 0), let code = result.string(row, 1) {
                summary.problems.append(Self.relationshipProblem(line: line, code: code))
                unresolved += 1
            } else {
                distinct = result.int(row, 2) ?? 0
                merged = result.int(row, 3) ?? 0
                inserted = result.int(row, 4) ?? 0
                summary.writtenIds.relationships += WrittenRowIds.parse(result.string(row, 5))
            }
        }
        summary.relationshipsMergedInInput += staged - unresolved - distinct
        summary.relationshipsInserted += inserted
        summary.relationshipsMerged += merged
        summary.relationshipsUnchanged += distinct - inserted - merged
    }

    /// Strict mode after a problem: lists the staged relationships that would not resolve,
    /// writing nothing (``finish()`` rolls back).
    func checkRelationships() throws(IngestError) {
        let result = try database { () throws(StoreError) in
            try connection.execute("ANALYZE ig_ingest_relationships")
            try connection.execute("ANALYZE ig_ingest_unwritten")
            return try connection.execute(WriterSQL.checkRelationships)
        }
        for row in 0..<result.rowCount {
            if let line = result.int(row, 0), let code = result.string(row, 1) {
                summary.problems.append(Self.relationshipProblem(line: line, code: code))
            }
        }
    }

    static func relationshipProblem(line: Int, code: String) -> IngestProblem {
        switch code {
        case "from_content", "to_content":
            return IngestProblem(line: line, field: code, reason:
                "no insight of this character has this content (in the database or this input)")
        case "from_insight_id", "to_insight_id":
            return IngestProblem(line: line, field: code, reason: "no insight has this id")
        case "from_owner", "to_owner":
            let field = code == "from_owner" ? "from_insight_id" : "to_insight_id"
            return IngestProblem(line: line, field: field, reason: "the insight belongs to another character")
        default:
            return IngestProblem(line: line, field: "to_insight_id", reason: "both ends are the same insight")
        }
    }

    /// Inserts the staged learning events not already recorded.
    func writeTimeline() throws(IngestError) {
        let staged = try database { () throws(StoreError) in
            try connection.execute("SELECT count(*) FROM ig_ingest_timeline").int(0, 0) ?? 0
        }
        guard staged > 0 else { return }
        let counts = try database { () throws(StoreError) in try connection.execute(WriterSQL.insertTimeline, [collectIds]) }
        summary.writtenIds.timeline += WrittenRowIds.parse(counts.string(0, 2))
        let distinct = counts.int(0, 0) ?? 0, inserted = counts.int(0, 1) ?? 0
        summary.timelineMergedInInput += staged - distinct
        summary.timelineInserted += inserted
        summary.timelineUnchanged += distinct - inserted
    }
}
