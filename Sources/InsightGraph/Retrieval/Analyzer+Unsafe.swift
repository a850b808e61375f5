// The Analyzer's byte-level entry points: the retrieval hot path folds a message into a reused
// buffer and passes each token's bytes here, so nothing is allocated per token.
extension Analyzer {
    /// Whether the folded token's bytes are a stop word (no allocation).
    @inline(__always)
    static func isStopWord(_ token: UnsafeBufferPointer<UInt8>) -> Bool { StopWords.englishTable.lookup(token) >= 0 }

    /// Calls `body` with the stem of one folded token's bytes (no allocation), unless it is a stop word.
    @inline(__always)
    func withTerm(of token: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if Self.isStopWord(token) { return }
        stemmer.withStem(of: token, body)
    }
}
