extension RetrievalIndex {
    /// The insights in `range` with a trigger that reads as `text` once both go through the
    /// retrieval ``Analyzer``: the same normaliser message matching uses, so `SEED TRIGGER 'Coral
    /// Reefs'` and a message containing "coral reef" find the same insights. Ascending node order.
    public func nodes(withTrigger text: String, in range: Range<NodeIndex>) -> [NodeIndex] {
        let tokens = Analyzer().terms(text).map { terms.lookup($0) }
        guard let first = tokens.first, !tokens.contains(-1) else { return [] }
        for k in Int(phrasesByFirstTermOffsets[Int(first)])..<Int(phrasesByFirstTermOffsets[Int(first) + 1]) {
            let phrase = phrasesByFirstTerm[k]
            let lo = Int(phraseTermOffsets[Int(phrase)]), hi = Int(phraseTermOffsets[Int(phrase) + 1])
            guard hi - lo == tokens.count, zip(phraseTerms[lo..<hi], tokens).allSatisfy({ $0 == $1 }) else { continue }
            return nodes(ofPhrase: phrase, in: range).map { phraseNodes[$0] }
        }
        return []
    }
}
