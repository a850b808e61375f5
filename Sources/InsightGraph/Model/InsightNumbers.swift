import Synchronization

/// A numeric field of insights read for many at once: RANK BY's inputs.
public enum InsightNumberField: Sendable, CaseIterable {
    case confidence, importance, emotionalValence

    /// The field of `insight`, as stored (nil: NULL).
    @inline(__always)
    public func value(of insight: Insight) -> Double? {
        switch self {
        case .confidence: return insight.confidence
        case .importance: return insight.importance.map(Double.init)
        case .emotionalValence: return insight.emotionalValence
        }
    }
}

/// One numeric field of every insight of a snapshot in one dense array, NULL read as 0 (as IGQ's
/// RANK BY reads it; NaN stays NaN), made on first use and kept. A query reads the field of ~2,000
/// scattered insights: from these arrays that is a few pages of 8-byte values, where the
/// insights themselves (about 150 bytes each, with their strings) are ~2,000 separate cache lines.
public final class InsightNumberColumns: Sendable {
    public let snapshot: GraphSnapshot
    private let columns = Mutex<[InsightNumberField: [Double]]>([:])

    public init(snapshot: GraphSnapshot) { self.snapshot = snapshot }

    /// The field of every node (`column[node]`), NULL as 0.
    public func column(_ field: InsightNumberField) -> [Double] {
        if let kept = columns.withLock({ $0[field] }) { return kept }
        let made = snapshot.insights.map { field.value(of: $0) ?? 0 }
        return columns.withLock { columns in
            if let kept = columns[field] { return kept }  // another thread made it meanwhile
            columns[field] = made
            return made
        }
    }
}
