extension GraphSnapshot {
    /// The id index of a patched snapshot's node rows, recording the rows' anomalies on the way.
    /// Rows are read in place (copying an Insight retains each of its strings).
    static func idIndex(of rows: [Insight], characters: [Int32], minId: Int, maxId: Int, count: Int,
                        report: inout AnomalyReport) -> InsightIdIndex {
        var minId = minId, maxId = maxId
        return rows.withUnsafeBufferPointer { rows in
            for u in 0..<rows.count { minId = min(minId, rows[u].id); maxId = max(maxId, rows[u].id) }
            var index = InsightIdIndex(minId: minId, maxId: maxId, count: count)
            for u in 0..<rows.count {
                let id = rows[u].id
                index[id] = NodeIndex(u)
                if rows[u].characterId == nil {
                    report.record(.insightCharacterNull, rowId: id)
                } else if characters[u] < 0 {
                    report.record(.insightCharacterUnknown, rowId: id)
                }
                if rows[u].content == nil { report.record(.insightContentNull, rowId: id) }
                if let c = rows[u].confidence, !(0...1).contains(c) { report.record(.insightConfidenceOutOfRange, rowId: id) }
                if let i = rows[u].importance, !(1...10).contains(i) { report.record(.insightImportanceOutOfRange, rowId: id) }
            }
            return index
        }
    }
}
