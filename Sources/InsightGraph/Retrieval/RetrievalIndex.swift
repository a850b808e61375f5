/// Search structures for prompt-time retrieval, built once per ``GraphSnapshot`` (immutable,
/// shareable across threads). Query it with a ``Retriever`` (one per thread).
///
/// - Terms: case- and diacritic-folded tokens (``Tokenizer/foldedTokens(_:)``) of every insight's
///   content and triggers, interned once; the hot path looks them up by bytes.
/// - Per insight: its distinct terms with frequencies (BM25 and MMR similarity) and length.
/// - BM25 postings (term → insights ascending with tf); a character's share is found by binary search,
///   since a character's insights are one contiguous node range.
/// - Trigger phrases: each distinct folded trigger as a term sequence ("marine conservation" →
///   [marine, conservation]) with the insights that have it, and an index from a phrase's first
///   term to the phrases starting with it.
/// - Per-node rows used by scoring: confidence, importance, discovery date, valence (``ScoringColumns``).
/// - The ``WalkGraph`` ranking walks, built under ``walkPolicy``.
public final class RetrievalIndex: Sendable {
    public let snapshot: GraphSnapshot
    public let walkPolicy: WalkPolicy
    public let walk: WalkGraph
    /// ``walk`` with every step reversed (the same graph when the policy walks both ways): used to
    /// find which seeds reach a result.
    public let reverseWalk: WalkGraph

    let terms: TermTable
    // Per node: distinct terms (ascending) with their frequency; document length in tokens.
    let nodeTermOffsets: [Int32]
    let nodeTerms: [Int32]
    let nodeTermCounts: [UInt16]
    let documentLength: [Int32]
    // BM25 postings: term → nodes (ascending) and tf.
    let postingOffsets: [Int32]
    let postingNodes: [NodeIndex]
    let postingCounts: [UInt16]
    // Trigger phrases.
    let phraseTermOffsets: [Int32]
    let phraseTerms: [Int32]
    let phraseText: [String]
    let phraseNodeOffsets: [Int32]
    let phraseNodes: [NodeIndex]
    let phrasesByFirstTermOffsets: [Int32]
    let phrasesByFirstTerm: [Int32]
    /// Mean document length per character (BM25's avgdl).
    let averageLength: [Double]

    /// Per node, what scoring reads (NULL policies documented in ``ScoreWeights``), one row each
    /// so scoring a touched node reads one cache line instead of four optional columns.
    let scoring: [ScoringColumns]

    public init(snapshot: GraphSnapshot, walkPolicy: WalkPolicy = .retrieval) {
        self.snapshot = snapshot
        self.walkPolicy = walkPolicy
        walk = WalkGraph(snapshot: snapshot, policy: walkPolicy)
        if walkPolicy.direction == .both {
            reverseWalk = walk
        } else {
            var reversed = walkPolicy
            reversed.direction = walkPolicy.direction == .outgoing ? .incoming : .outgoing
            reverseWalk = WalkGraph(snapshot: snapshot, policy: reversed)
        }
        let n = snapshot.nodeCount
        var terms = TermTable(capacity: 4096)

        // Documents: content + triggers, folded.
        var nodeTermOffsets = [Int32](repeating: 0, count: n + 1)
        var nodeTerms: [Int32] = [], nodeTermCounts: [UInt16] = []
        var documentLength = [Int32](repeating: 0, count: n)
        var phraseIds: [[Int32]: Int32] = [:]
        var phraseTermOffsets: [Int32] = [0], phraseTerms: [Int32] = [], phraseText: [String] = []
        var phrasePairs: [(phrase: Int32, node: NodeIndex)] = []
        var counts: [Int32: Int] = [:]
        for u in 0..<n {
            let insight = snapshot.insights[u]
            counts.removeAll(keepingCapacity: true)
            var length = 0
            for token in Tokenizer.foldedTokens(insight.content ?? "") {
                counts[terms.intern(token), default: 0] += 1
                length += 1
            }
            if snapshot.nodeCharacter[u] >= 0 {
                for case let trigger? in insight.triggers ?? [] {
                    let sequence = Tokenizer.foldedTokens(trigger).map { terms.intern($0) }
                    if sequence.isEmpty { continue }
                    for term in sequence { counts[term, default: 0] += 1 }
                    length += sequence.count
                    let phrase: Int32
                    if let known = phraseIds[sequence] {
                        phrase = known
                    } else {
                        phrase = Int32(phraseText.count)
                        phraseIds[sequence] = phrase
                        phraseTerms.append(contentsOf: sequence)
                        phraseTermOffsets.append(Int32(phraseTerms.count))
                        phraseText.append(sequence.map { terms.text(of: $0) }.joined(separator: " "))
                    }
                    phrasePairs.append((phrase, NodeIndex(u)))
                }
            }
            for (term, count) in counts.sorted(by: { $0.key < $1.key }) {
                nodeTerms.append(term)
                nodeTermCounts.append(UInt16(min(count, Int(UInt16.max))))
            }
            nodeTermOffsets[u + 1] = Int32(nodeTerms.count)
            documentLength[u] = Int32(length)
        }

        // BM25 postings by counting sort over terms.
        var postingOffsets = [Int32](repeating: 0, count: terms.count + 1)
        for term in nodeTerms { postingOffsets[Int(term) + 1] += 1 }
        for t in 0..<terms.count { postingOffsets[t + 1] += postingOffsets[t] }
        var cursor = postingOffsets
        var postingNodes = [NodeIndex](repeating: 0, count: nodeTerms.count)
        var postingCounts = [UInt16](repeating: 0, count: nodeTerms.count)
        for u in 0..<n {
            for k in Int(nodeTermOffsets[u])..<Int(nodeTermOffsets[u + 1]) {
                let t = Int(nodeTerms[k])
                postingNodes[Int(cursor[t])] = NodeIndex(u)
                postingCounts[Int(cursor[t])] = nodeTermCounts[k]
                cursor[t] += 1
            }
        }

        // Phrase postings (nodes ascending, distinct) and the first-term index.
        phrasePairs.sort { $0.phrase != $1.phrase ? $0.phrase < $1.phrase : $0.node < $1.node }
        var phraseNodeOffsets = [Int32](repeating: 0, count: phraseText.count + 1)
        var phraseNodes: [NodeIndex] = []
        for (k, pair) in phrasePairs.enumerated() where k == 0 || !(phrasePairs[k - 1] == pair) {
            phraseNodes.append(pair.node)
            phraseNodeOffsets[Int(pair.phrase) + 1] = Int32(phraseNodes.count)
        }
        for p in 0..<phraseText.count where phraseNodeOffsets[p + 1] < phraseNodeOffsets[p] {
            phraseNodeOffsets[p + 1] = phraseNodeOffsets[p]
        }
        var firstOffsets = [Int32](repeating: 0, count: terms.count + 1)
        for p in 0..<phraseText.count { firstOffsets[Int(phraseTerms[Int(phraseTermOffsets[p])]) + 1] += 1 }
        for t in 0..<terms.count { firstOffsets[t + 1] += firstOffsets[t] }
        var firstCursor = firstOffsets
        var byFirst = [Int32](repeating: 0, count: phraseText.count)
        for p in 0..<phraseText.count {
            let t = Int(phraseTerms[Int(phraseTermOffsets[p])])
            byFirst[Int(firstCursor[t])] = Int32(p)
            firstCursor[t] += 1
        }

        var averageLength: [Double] = []
        for c in 0..<snapshot.characters.count {
            let range = snapshot.nodes(ofCharacter: c)
            let total = range.reduce(0) { $0 + Int(documentLength[Int($1)]) }
            averageLength.append(range.isEmpty ? 1 : max(1, Double(total) / Double(range.count)))
        }

        self.terms = terms
        self.nodeTermOffsets = nodeTermOffsets
        self.nodeTerms = nodeTerms
        self.nodeTermCounts = nodeTermCounts
        self.documentLength = documentLength
        self.postingOffsets = postingOffsets
        self.postingNodes = postingNodes
        self.postingCounts = postingCounts
        self.phraseTermOffsets = phraseTermOffsets
        self.phraseTerms = phraseTerms
        self.phraseText = phraseText
        self.phraseNodeOffsets = phraseNodeOffsets
        self.phraseNodes = phraseNodes
        self.phrasesByFirstTermOffsets = firstOffsets
        self.phrasesByFirstTerm = byFirst
        self.averageLength = averageLength
        scoring = snapshot.insights.map(ScoringColumns.init)
    }

    /// The character index for a name (`normalized_name`, case-insensitive).
    public func character(named name: String) -> Int? { snapshot.characterIndex(named: name) }

    /// Postings of `term` restricted to a node range, as a range into ``postingNodes``.
    func postings(ofTerm term: Int32, in range: Range<NodeIndex>) -> Range<Int> {
        slice(postingNodes, Int(postingOffsets[Int(term)]), Int(postingOffsets[Int(term) + 1]), range)
    }

    /// Insights having `phrase`, restricted to a node range, as a range into ``phraseNodes``.
    func nodes(ofPhrase phrase: Int32, in range: Range<NodeIndex>) -> Range<Int> {
        slice(phraseNodes, Int(phraseNodeOffsets[Int(phrase)]), Int(phraseNodeOffsets[Int(phrase) + 1]), range)
    }

    private func slice(_ nodes: [NodeIndex], _ lo: Int, _ hi: Int, _ range: Range<NodeIndex>) -> Range<Int> {
        nodes.withUnsafeBufferPointer { buffer in
            lowerBound(buffer, lo, hi, range.lowerBound)..<lowerBound(buffer, lo, hi, range.upperBound)
        }
    }

    /// Jaccard similarity of two insights' term sets (MMR and near-duplicate collapse).
    func similarity(_ a: NodeIndex, _ b: NodeIndex) -> Double {
        var i = Int(nodeTermOffsets[Int(a)]), j = Int(nodeTermOffsets[Int(b)])
        let iEnd = Int(nodeTermOffsets[Int(a) + 1]), jEnd = Int(nodeTermOffsets[Int(b) + 1])
        let total = (iEnd - i) + (jEnd - j)
        if total == 0 { return 0 }
        var common = 0
        while i < iEnd && j < jEnd {
            let x = nodeTerms[i], y = nodeTerms[j]
            if x == y { common += 1; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
        }
        return Double(common) / Double(total - common)
    }
}
