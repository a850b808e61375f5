extension RetrievalIndex {
    /// The text index of `snapshot`, copying the documents `old` has for unchanged insights.
    static func textIndex(of snapshot: GraphSnapshot, reusing old: RetrievalIndex) -> TextIndexParts {
        var text = TextIndexBuilder(reusing: old, capacity: snapshot.nodeCount)
        let oldPhrases = PhrasesByNode(old)
        let before = old.snapshot
        // Rows are compared in place (through buffers: copying an Insight retains each of its strings).
        snapshot.insights.withUnsafeBufferPointer { rows in
            before.insights.withUnsafeBufferPointer { previousRows in
                for u in 0..<rows.count {
                    let hasCharacter = snapshot.nodeCharacter[u] >= 0
                    if let v = before.node(forInsightId: rows[u].id), (before.nodeCharacter[Int(v)] >= 0) == hasCharacter,
                       Self.same(previousRows[Int(v)].content, rows[u].content),
                       Self.same(previousRows[Int(v)].triggers, rows[u].triggers) {
                        text.addCopy(of: v, from: old, oldPhrases: oldPhrases)
                    } else {
                        text.addTokenized(rows[u], hasCharacter: hasCharacter)
                    }
                }
            }
        }
        return text.assemble(snapshot: snapshot)
    }

    /// Equal values, first by representation: an unchanged row shares its string and array storage
    /// with the old snapshot, and comparing the references never touches the heap (a cache miss per
    /// row otherwise).
    @inline(__always)
    private static func same<T: Equatable>(_ a: T, _ b: T) -> Bool {
        let identical = withUnsafeBytes(of: a) { x in withUnsafeBytes(of: b) { y in x.elementsEqual(y) } }
        return identical || a == b
    }
}
