/// The merge rules of ``InsightWriter``, applied in Swift to two records of the same input that
/// share (character, content) — the database applies the same rules (``WriterSQL/insightMerge``)
/// to a record and the stored row, so the result does not depend on how the input was batched.
enum InsightMerge {
    /// `earlier` plays the stored row, `later` the incoming one.
    static func merge(_ earlier: InsightRecord, _ later: InsightRecord) -> InsightRecord {
        var out = earlier
        out.insightType = earlier.insightType ?? later.insightType
        out.confidence = maxIgnoringNil(earlier.confidence, later.confidence)
        out.discoveryDate = minIgnoringNil(earlier.discoveryDate, later.discoveryDate)
        out.conversationContext = earlier.conversationContext ?? later.conversationContext
        // Absent importance is the column default 5 before merging, as it would be once stored.
        if earlier.importance != nil || later.importance != nil {
            out.importance = max(earlier.importance ?? 5, later.importance ?? 5)
        }
        out.emotionalValence = earlier.emotionalValence ?? later.emotionalValence
        out.triggers = union(earlier.triggers, later.triggers)
        out.supportingEvidence = union(earlier.supportingEvidence, later.supportingEvidence)
        return out
    }

    static func union(_ first: [String]?, _ second: [String]?) -> [String]? {
        guard let first else { return second }
        guard let second else { return first }
        var seen = Set(first)
        var out = first
        for element in second where seen.insert(element).inserted { out.append(element) }
        return out
    }

    private static func maxIgnoringNil<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    private static func minIgnoringNil<T: Comparable>(_ a: T?, _ b: T?) -> T? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
