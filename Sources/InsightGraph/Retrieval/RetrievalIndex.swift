/// Search structures for prompt-time retrieval, built once per ``GraphSnapshot`` (immutable,
/// shareable across threads). Query it with a ``Retriever`` (one per thread).
///
/// - Terms: case- and diacritic-folded tokens (``Tokenizer/foldedTokens(_:)``) of every insight's
///   content and triggers, interned once; the hot path looks them up by bytes. Term and phrase ids
///   are canonical (byte order; see ``TextIndexBuilder``), so an index built incrementally with
///   ``init(snapshot:reusing:)`` equals one built from scratch.
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

    /// Builds every part from `snapshot`.
    public convenience init(snapshot: GraphSnapshot, walkPolicy: WalkPolicy = .retrieval) {
        let (walks, text) = inParallel({
            let walk = WalkGraph(snapshot: snapshot, policy: walkPolicy)
            return (walk: walk, reverse: Self.reverse(of: walk, snapshot: snapshot), scoring: Self.scoringColumns(of: snapshot))
        }, {
            var text = TextIndexBuilder(capacity: snapshot.nodeCount)
            for u in 0..<snapshot.nodeCount {
                text.addTokenized(snapshot.insights[u], hasCharacter: snapshot.nodeCharacter[u] >= 0)
            }
            return text.assemble(snapshot: snapshot)
        })
        self.init(snapshot: snapshot, walk: walks.walk, reverseWalk: walks.reverse, scoring: walks.scoring, text: text)
    }

    /// The index of `snapshot`, equal to ``init(snapshot:walkPolicy:)`` with `old`'s policy, built by
    /// copying what `old` (the index of an earlier snapshot, usually a few rows apart) already has:
    /// the documents of insights whose content, triggers and character status are unchanged, and
    /// the walk entries of nodes whose relationships and neighbours are unchanged
    /// (``WalkGraph/init(snapshot:policy:reusing:)``). Work on the rest is proportional to the change.
    /// The walk graphs and the text index are built at the same time (``inParallel(_:_:)``).
    public convenience init(snapshot: GraphSnapshot, reusing old: RetrievalIndex) {
        let (walks, text) = inParallel({
            let walk = WalkGraph(snapshot: snapshot, policy: old.walkPolicy, reusing: old.walk, of: old.snapshot)
            let reverseWalk = old.walkPolicy.direction == .both
                ? walk : WalkGraph(snapshot: snapshot, policy: old.reverseWalk.policy, reusing: old.reverseWalk, of: old.snapshot)
            return (walk: walk, reverse: reverseWalk, scoring: Self.scoringColumns(of: snapshot))
        }, {
            Self.textIndex(of: snapshot, reusing: old)
        })
        self.init(snapshot: snapshot, walk: walks.walk, reverseWalk: walks.reverse, scoring: walks.scoring, text: text)
    }

    /// Per node, what scoring reads (cheap enough to redo per refresh).
    private static func scoringColumns(of snapshot: GraphSnapshot) -> [ScoringColumns] {
        snapshot.insights.map(ScoringColumns.init)
    }

    private static func reverse(of walk: WalkGraph, snapshot: GraphSnapshot) -> WalkGraph {
        if walk.policy.direction == .both { return walk }
        var reversed = walk.policy
        reversed.direction = walk.policy.direction == .outgoing ? .incoming : .outgoing
        return WalkGraph(snapshot: snapshot, policy: reversed)
    }

    /// Assembles the parts. A further per-node column belongs beside ``scoringColumns(of:)``,
    /// computed from `snapshot.insights` (cheap enough to redo per refresh), or gathered from an old
    /// index through insight ids if it is costly.
    private init(snapshot: GraphSnapshot, walk: WalkGraph, reverseWalk: WalkGraph, scoring: [ScoringColumns],
                 text: TextIndexParts) {
        self.snapshot = snapshot
        self.walkPolicy = walk.policy
        self.walk = walk
        self.reverseWalk = reverseWalk
        self.terms = text.terms
        self.nodeTermOffsets = text.nodeTermOffsets
        self.nodeTerms = text.nodeTerms
        self.nodeTermCounts = text.nodeTermCounts
        self.documentLength = text.documentLength
        self.postingOffsets = text.postingOffsets
        self.postingNodes = text.postingNodes
        self.postingCounts = text.postingCounts
        self.phraseTermOffsets = text.phraseTermOffsets
        self.phraseTerms = text.phraseTerms
        self.phraseText = text.phraseText
        self.phraseNodeOffsets = text.phraseNodeOffsets
        self.phraseNodes = text.phraseNodes
        self.phrasesByFirstTermOffsets = text.phrasesByFirstTermOffsets
        self.phrasesByFirstTerm = text.phrasesByFirstTerm
        self.averageLength = text.averageLength
        self.scoring = scoring
    }

    /// The text parts, for comparing two indexes (tests: incremental equals full).
    var textParts: TextIndexParts {
        TextIndexParts(
            terms: terms, nodeTermOffsets: nodeTermOffsets, nodeTerms: nodeTerms, nodeTermCounts: nodeTermCounts,
            documentLength: documentLength, postingOffsets: postingOffsets, postingNodes: postingNodes,
            postingCounts: postingCounts, phraseTermOffsets: phraseTermOffsets, phraseTerms: phraseTerms,
            phraseText: phraseText, phraseNodeOffsets: phraseNodeOffsets, phraseNodes: phraseNodes,
            phrasesByFirstTermOffsets: phrasesByFirstTermOffsets, phrasesByFirstTerm: phrasesByFirstTerm,
            averageLength: averageLength)
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
        nodes.lowerBound(of: range.lowerBound, in: lo..<hi)..<nodes.lowerBound(of: range.upperBound, in: lo..<hi)
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

extension Array where Element == NodeIndex {
    /// The first position in `positions` (whose elements ascend) holding a value >= `value`
    /// (`positions.upperBound` when there is none): binary search.
    package func lowerBound(of value: NodeIndex, in positions: Range<Int>) -> Int {
        var lo = positions.lowerBound, hi = positions.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
