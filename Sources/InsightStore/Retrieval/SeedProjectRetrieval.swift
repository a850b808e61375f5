import InsightGraph

/// The seed project's prompt-time retrieval, run in PostgreSQL: insights whose triggers share a word
/// with the message or whose content contains one, by importance, then confidence. Kept as the
/// SQL baseline of the relevance evaluation (`insightgraph eval`), parameterised like every query here.
public enum SeedProjectRetrieval {
    public static let sql = """
        SELECT id FROM character_insights
        WHERE character_id = $1 AND (triggers && $2::text[] OR insight_content ILIKE ANY($3::text[]))
        ORDER BY importance_level DESC, confidence_score DESC, id
        LIMIT $4
        """

    /// Insight ids for `message`, best first. The message words are its folded tokens
    /// (``Tokenizer/foldedTokens(_:)``), distinct; each is a trigger candidate and a `%word%` pattern.
    public static func rank(_ connection: Connection, characterId: Int, message: String, limit: Int) throws(StoreError) -> [Int] {
        var words: [String] = []
        for token in Tokenizer.foldedTokens(message) where !words.contains(token) { words.append(token) }
        guard !words.isEmpty else { return [] }
        let result = try connection.execute(sql, [
            String(characterId), arrayLiteral(words), arrayLiteral(words.map { "%\($0)%" }), String(max(0, limit)),
        ])
        return (0..<result.rowCount).compactMap { result.int($0, 0) }
    }

    /// A PostgreSQL array literal of text elements, every element quoted.
    static func arrayLiteral(_ values: [String]) -> String {
        var out = "{"
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for ch in value {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }
}
