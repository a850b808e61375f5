extension TextIndexBuilder {
    /// The documents' term ids and counts as mutable buffers, for the passes over every term
    /// occurrence (bounds checked in debug builds only). Valid inside ``withDocumentBuffers(_:)``.
    struct DocumentBuffers {
        let terms: UnsafeMutableBufferPointer<Int32>
        let counts: UnsafeMutableBufferPointer<UInt16>
    }

    /// Calls `body` with ``nodeTerms`` and ``nodeTermCounts`` as ``DocumentBuffers``.
    mutating func withDocumentBuffers<R>(_ body: (DocumentBuffers) -> R) -> R {
        nodeTerms.withUnsafeMutableBufferPointer { terms in
            nodeTermCounts.withUnsafeMutableBufferPointer { counts in
                body(DocumentBuffers(terms: terms, counts: counts))
            }
        }
    }
}

/// The BM25 postings being filled by a counting sort: a cursor per term (the next free slot) and
/// the node and tf columns.
struct PostingBuffers {
    private var cursor: [Int32]
    private(set) var nodes: [NodeIndex]
    private(set) var counts: [UInt16]

    /// Empty postings of `count` entries; `offsets` are each term's first slot.
    init(offsets: [Int32], count: Int) {
        cursor = offsets
        nodes = [NodeIndex](repeating: 0, count: count)
        counts = [UInt16](repeating: 0, count: count)
    }

    /// Calls `body` with the cursor, node and tf columns as mutable buffers (bounds checked in
    /// debug builds only).
    mutating func fill(_ body: (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<NodeIndex>,
                                UnsafeMutableBufferPointer<UInt16>) -> Void) {
        cursor.withUnsafeMutableBufferPointer { cursor in
            nodes.withUnsafeMutableBufferPointer { nodes in
                counts.withUnsafeMutableBufferPointer { counts in body(cursor, nodes, counts) }
            }
        }
    }
}
