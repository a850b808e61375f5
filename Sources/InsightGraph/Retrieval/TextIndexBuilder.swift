/// The text half of a ``RetrievalIndex``: terms, per-node documents, BM25 postings, trigger phrases.
///
/// Numbering is canonical so that an index made by reusing another's documents (an incremental
/// refresh) is equal, array for array, to one built from scratch from the same snapshot: term ids
/// follow the terms' UTF-8 byte order, phrase ids the lexicographic order of their term ids, and only
/// terms and phrases some node has are kept.
struct TextIndexParts: Sendable, Equatable {
    var terms: TermTable
    var nodeTermOffsets: [Int32]
    var nodeTerms: [Int32]
    var nodeTermCounts: [UInt16]
    var documentLength: [Int32]
    var postingOffsets: [Int32]
    var postingNodes: [NodeIndex]
    var postingCounts: [UInt16]
    var phraseTermOffsets: [Int32]
    var phraseTerms: [Int32]
    var phraseText: [String]
    var phraseNodeOffsets: [Int32]
    var phraseNodes: [NodeIndex]
    var phrasesByFirstTermOffsets: [Int32]
    var phrasesByFirstTerm: [Int32]
    var averageLength: [Double]
}

/// Collects one document per node — tokenized afresh, or copied from an older index when the
/// insight's content, triggers and character status are unchanged — then numbers and inverts them.
///
/// Ids while collecting are "raw": when reusing, raw term and phrase ids below the old index's
/// counts are the old canonical ids (so copied documents need no translation) and new ones are
/// appended; ``assemble(snapshot:)`` maps them to canonical ids.
struct TextIndexBuilder {
    private var terms: TermTable
    private let oldTermCount: Int
    private var phraseTermOffsets: [Int32]
    private var phraseTerms: [Int32]
    private let oldPhraseCount: Int
    private let oldPhraseText: [String]
    /// Raw term sequence → raw phrase id; built on first use (an update of content only never needs it).
    private var phraseIds: [[Int32]: Int32]?

    // Documents, in node order, raw ids (terms of a fresh node unsorted).
    private var nodeTermOffsets: [Int32] = [0]
    // Internal: TextIndexBuilder+Unsafe.swift hands them out as buffers.
    var nodeTerms: [Int32] = []
    var nodeTermCounts: [UInt16] = []
    private var documentLength: [Int32] = []
    private var nodePhraseOffsets: [Int32] = [0]
    private var nodePhrases: [Int32] = []
    private var counts: [Int32: Int] = [:]
    /// The retrieval analyzer (its stemmer is this builder's own: a build runs on one thread).
    private let analyzer = Analyzer()

    /// A builder that tokenizes every node.
    init(capacity nodes: Int) {
        terms = TermTable(capacity: 4096)
        oldTermCount = 0
        phraseTermOffsets = [0]
        phraseTerms = []
        oldPhraseCount = 0
        oldPhraseText = []
        phraseIds = [:]
        reserve(nodes)
    }

    /// A builder that can copy documents of `old` (whose ids then stay valid as raw ids).
    init(reusing old: RetrievalIndex, capacity nodes: Int) {
        terms = old.terms
        oldTermCount = old.terms.count
        phraseTermOffsets = old.phraseTermOffsets
        phraseTerms = old.phraseTerms
        oldPhraseCount = old.phraseText.count
        oldPhraseText = old.phraseText
        phraseIds = nil
        reserve(nodes)
        nodeTerms.reserveCapacity(old.nodeTerms.count + 64)
        nodeTermCounts.reserveCapacity(old.nodeTerms.count + 64)
        nodePhrases.reserveCapacity(old.phraseNodes.count + 64)
    }

    private mutating func reserve(_ nodes: Int) {
        nodeTermOffsets.reserveCapacity(nodes + 1)
        documentLength.reserveCapacity(nodes)
        nodePhraseOffsets.reserveCapacity(nodes + 1)
    }

    /// The next node's document, analysed (``Analyzer``): content, plus triggers when the insight
    /// has a character. Each trigger is also kept as a phrase (its term sequence).
    mutating func addTokenized(_ insight: Insight, hasCharacter: Bool) {
        counts.removeAll(keepingCapacity: true)
        var length = 0
        for token in analyzer.terms(insight.content ?? "") {
            counts[terms.intern(token), default: 0] += 1
            length += 1
        }
        if hasCharacter {
            for case let trigger? in insight.triggers ?? [] {
                let sequence = analyzer.terms(trigger).map { terms.intern($0) }
                if sequence.isEmpty { continue }
                for term in sequence { counts[term, default: 0] += 1 }
                length += sequence.count
                nodePhrases.append(phraseId(sequence))
            }
        }
        for (term, count) in counts {
            nodeTerms.append(term)
            nodeTermCounts.append(UInt16(min(count, Int(UInt16.max))))
        }
        finishNode(length: length)
    }

    /// The next node's document, copied from node `node` of `old` (the index this builder reuses).
    /// - Parameter oldPhrases: `old`'s phrases per node (``RetrievalIndex/phrasesByNode()``).
    mutating func addCopy(of node: NodeIndex, from old: RetrievalIndex, oldPhrases: PhrasesByNode) {
        let u = Int(node)
        let range = Int(old.nodeTermOffsets[u])..<Int(old.nodeTermOffsets[u + 1])
        nodeTerms.append(contentsOf: old.nodeTerms[range])
        nodeTermCounts.append(contentsOf: old.nodeTermCounts[range])
        nodePhrases.append(contentsOf: oldPhrases.phrases[Int(oldPhrases.offsets[u])..<Int(oldPhrases.offsets[u + 1])])
        finishNode(length: Int(old.documentLength[u]))
    }

    private mutating func finishNode(length: Int) {
        nodeTermOffsets.append(Int32(nodeTerms.count))
        nodePhraseOffsets.append(Int32(nodePhrases.count))
        documentLength.append(Int32(length))
    }

    private mutating func phraseId(_ sequence: [Int32]) -> Int32 {
        if phraseIds == nil {
            var known: [[Int32]: Int32] = [:]
            known.reserveCapacity(oldPhraseCount)
            for p in 0..<oldPhraseCount { known[phrase(p)] = Int32(p) }
            phraseIds = known
        }
        if let known = phraseIds![sequence] { return known }
        let id = Int32(phraseTermOffsets.count - 1)
        phraseIds![sequence] = id
        phraseTerms.append(contentsOf: sequence)
        phraseTermOffsets.append(Int32(phraseTerms.count))
        return id
    }

    private func phrase(_ p: Int) -> [Int32] {
        Array(phraseTerms[Int(phraseTermOffsets[p])..<Int(phraseTermOffsets[p + 1])])
    }

    /// Numbers terms and phrases canonically and builds the postings.
    mutating func assemble(snapshot: GraphSnapshot) -> TextIndexParts {
        let terms = numberTerms()
        sortNodeTerms(terms)
        let postings = termPostings(terms)
        let phrases = numberPhrases(terms)
        let phrasePostings = phrasePostings(phrases)
        let (firstOffsets, byFirst) = phrasesByFirstTerm(phrases, termCount: terms.order.count)
        return TextIndexParts(
            terms: terms.table, nodeTermOffsets: nodeTermOffsets, nodeTerms: nodeTerms,
            nodeTermCounts: nodeTermCounts, documentLength: documentLength, postingOffsets: postings.offsets,
            postingNodes: postings.nodes, postingCounts: postings.counts, phraseTermOffsets: phrases.termOffsets,
            phraseTerms: phrases.terms, phraseText: phrases.text, phraseNodeOffsets: phrasePostings.offsets,
            phraseNodes: phrasePostings.nodes, phrasesByFirstTermOffsets: firstOffsets, phrasesByFirstTerm: byFirst,
            averageLength: averageLengths(snapshot))
    }

    /// The canonical term numbering: raw id → canonical id, and the canonical table.
    private struct TermNumbering {
        /// Per raw term, the number of nodes having it.
        var df: [Int32]
        /// Alive raw ids in canonical order.
        var order: [Int]
        /// Raw id → canonical id (-1: no node has it).
        var map: [Int32]
        /// True when the vocabulary is the old one unchanged (raw ids are canonical).
        var identity: Bool
        var table: TermTable
    }

    /// Terms: keep those some node has, in byte order. Old ids are in byte order already.
    private func numberTerms() -> TermNumbering {
        var df = [Int32](repeating: 0, count: terms.count)
        for t in nodeTerms { df[Int(t)] &+= 1 }
        let terms = terms
        let termOrder = Self.canonicalOrder(count: terms.count, oldCount: oldTermCount, alive: { df[$0] > 0 },
                                            less: { terms.bytesPrecede($0, $1) })
        // Unchanged vocabulary: the old table (built canonically) is kept as it is.
        let identity = oldTermCount > 0 && termOrder.count == terms.count && termOrder.count == oldTermCount
        var termMap = [Int32](repeating: -1, count: terms.count)
        var canonicalTerms = identity ? terms : TermTable(capacity: max(termOrder.count, 64))
        for (canonical, raw) in termOrder.enumerated() {
            termMap[raw] = Int32(canonical)
            if !identity { canonicalTerms.intern(terms.text(of: Int32(raw))) }
        }
        return TermNumbering(df: df, order: termOrder, map: termMap, identity: identity, table: canonicalTerms)
    }

    /// Per node: canonical ids, ascending (copied documents already are, unless terms were renumbered).
    private mutating func sortNodeTerms(_ numbering: TermNumbering) {
        var pairs: [(term: Int32, count: UInt16)] = []
        let offsets = nodeTermOffsets, termMap = numbering.map, identity = numbering.identity
        withDocumentBuffers { documents in
            for u in 0..<offsets.count - 1 {
                let lo = Int(offsets[u]), hi = Int(offsets[u + 1])
                var sorted = true
                for k in lo..<hi {
                    if !identity { documents.terms[k] = termMap[Int(documents.terms[k])] }
                    if k > lo && documents.terms[k - 1] > documents.terms[k] { sorted = false }
                }
                if sorted { continue }
                pairs.removeAll(keepingCapacity: true)
                for k in lo..<hi { pairs.append((documents.terms[k], documents.counts[k])) }
                pairs.sort { $0.term < $1.term }
                for (i, pair) in pairs.enumerated() {
                    documents.terms[lo + i] = pair.term
                    documents.counts[lo + i] = pair.count
                }
            }
        }
    }

    /// BM25 postings (term → nodes ascending, with tf) by counting sort over terms.
    private mutating func termPostings(_ numbering: TermNumbering) -> (offsets: [Int32], nodes: [NodeIndex], counts: [UInt16]) {
        let termCount = numbering.order.count
        var postingOffsets = [Int32](repeating: 0, count: termCount + 1)
        for t in 0..<termCount { postingOffsets[t + 1] = postingOffsets[t] + numbering.df[numbering.order[t]] }
        var postings = PostingBuffers(offsets: postingOffsets, count: nodeTerms.count)
        let offsets = nodeTermOffsets
        withDocumentBuffers { documents in
            postings.fill { cursor, postingNodes, postingCounts in
                for u in 0..<offsets.count - 1 {
                    for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let t = Int(documents.terms[k])
                        let slot = Int(cursor[t])
                        postingNodes[slot] = NodeIndex(u)
                        postingCounts[slot] = documents.counts[k]
                        cursor[t] = Int32(slot + 1)
                    }
                }
            }
        }
        return (postingOffsets, postings.nodes, postings.counts)
    }

    /// The canonical phrase numbering and the phrases' canonical term sequences and texts.
    private struct PhraseNumbering {
        /// Raw phrase id → canonical id.
        var map: [Int32]
        var termOffsets: [Int32]
        var terms: [Int32]
        var text: [String]
    }

    /// Phrases: keep those some node has, ordered by their (canonical) term sequences.
    private func numberPhrases(_ numbering: TermNumbering) -> PhraseNumbering {
        let rawPhraseCount = phraseTermOffsets.count - 1
        var phraseUse = [Int32](repeating: 0, count: rawPhraseCount)
        for p in nodePhrases { phraseUse[Int(p)] += 1 }
        let phraseTerms = self.phraseTerms, phraseTermOffsets = self.phraseTermOffsets
        let identity = numbering.identity, termMap = numbering.map
        func mappedTerm(_ k: Int) -> Int32 { identity ? phraseTerms[k] : termMap[Int(phraseTerms[k])] }
        let phraseOrder = Self.canonicalOrder(
            count: rawPhraseCount, oldCount: oldPhraseCount, alive: { phraseUse[$0] > 0 },
            less: { a, b in
                var i = Int(phraseTermOffsets[a]), j = Int(phraseTermOffsets[b])
                let iEnd = Int(phraseTermOffsets[a + 1]), jEnd = Int(phraseTermOffsets[b + 1])
                while i < iEnd && j < jEnd {
                    let x = mappedTerm(i), y = mappedTerm(j)
                    if x != y { return x < y }
                    i += 1; j += 1
                }
                return iEnd - i < jEnd - j
            })
        var phraseMap = [Int32](repeating: -1, count: rawPhraseCount)
        var outTermOffsets: [Int32] = [0], outTerms: [Int32] = [], outText: [String] = []
        outTermOffsets.reserveCapacity(phraseOrder.count + 1)
        outText.reserveCapacity(phraseOrder.count)
        for (canonical, raw) in phraseOrder.enumerated() {
            phraseMap[raw] = Int32(canonical)
            let lo = Int(phraseTermOffsets[raw]), hi = Int(phraseTermOffsets[raw + 1])
            for k in lo..<hi { outTerms.append(mappedTerm(k)) }
            outTermOffsets.append(Int32(outTerms.count))
            outText.append(raw < oldPhraseCount ? oldPhraseText[raw]
                           : outTerms[(outTerms.count - (hi - lo))...].map { numbering.table.text(of: $0) }.joined(separator: " "))
        }
        return PhraseNumbering(map: phraseMap, termOffsets: outTermOffsets, terms: outTerms, text: outText)
    }

    /// Phrase postings: nodes ascending and distinct, by counting sort over phrases.
    private func phrasePostings(_ phrases: PhraseNumbering) -> (offsets: [Int32], nodes: [NodeIndex]) {
        let n = documentLength.count
        let phraseCount = phrases.text.count
        var phraseNodeOffsets = [Int32](repeating: 0, count: phraseCount + 1)
        var seen: [Int32] = []
        func forEachDistinctPhrase(of u: Int, _ body: (Int) -> Void) {
            seen.removeAll(keepingCapacity: true)
            for k in Int(nodePhraseOffsets[u])..<Int(nodePhraseOffsets[u + 1]) {
                let p = phrases.map[Int(nodePhrases[k])]
                if seen.contains(p) { continue }
                seen.append(p)
                body(Int(p))
            }
        }
        for u in 0..<n { forEachDistinctPhrase(of: u) { phraseNodeOffsets[$0 + 1] += 1 } }
        for p in 0..<phraseCount { phraseNodeOffsets[p + 1] += phraseNodeOffsets[p] }
        var phraseCursor = phraseNodeOffsets
        var phraseNodes = [NodeIndex](repeating: 0, count: Int(phraseNodeOffsets[phraseCount]))
        for u in 0..<n {
            forEachDistinctPhrase(of: u) { p in
                phraseNodes[Int(phraseCursor[p])] = NodeIndex(u)
                phraseCursor[p] += 1
            }
        }
        return (phraseNodeOffsets, phraseNodes)
    }

    /// Phrases by first term (phrase ids ascending within a term).
    private func phrasesByFirstTerm(_ phrases: PhraseNumbering, termCount: Int) -> (offsets: [Int32], phrases: [Int32]) {
        let phraseCount = phrases.text.count
        var firstOffsets = [Int32](repeating: 0, count: termCount + 1)
        for p in 0..<phraseCount { firstOffsets[Int(phrases.terms[Int(phrases.termOffsets[p])]) + 1] += 1 }
        for t in 0..<termCount { firstOffsets[t + 1] += firstOffsets[t] }
        var firstCursor = firstOffsets
        var byFirst = [Int32](repeating: 0, count: phraseCount)
        for p in 0..<phraseCount {
            let t = Int(phrases.terms[Int(phrases.termOffsets[p])])
            byFirst[Int(firstCursor[t])] = Int32(p)
            firstCursor[t] += 1
        }
        return (firstOffsets, byFirst)
    }

    /// Mean document length per character (BM25's avgdl; 1 at least).
    private func averageLengths(_ snapshot: GraphSnapshot) -> [Double] {
        var averageLength: [Double] = []
        averageLength.reserveCapacity(snapshot.characters.count)
        for c in 0..<snapshot.characters.count {
            let range = snapshot.nodes(ofCharacter: c)
            let total = range.reduce(0) { $0 + Int(documentLength[Int($1)]) }
            averageLength.append(range.isEmpty ? 1 : max(1, Double(total) / Double(range.count)))
        }
        return averageLength
    }

    /// Alive ids in canonical order: ids below `oldCount` are already in that order among
    /// themselves (an older canonical numbering), so only the new ones are sorted, then merged.
    private static func canonicalOrder(count: Int, oldCount: Int, alive: (Int) -> Bool,
                                       less: (Int, Int) -> Bool) -> [Int] {
        let old = (0..<oldCount).filter(alive)
        let new = (oldCount..<count).filter(alive).sorted(by: less)
        if new.isEmpty { return old }
        var merged: [Int] = []
        merged.reserveCapacity(old.count + new.count)
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if j == new.count || (i < old.count && less(old[i], new[j])) {
                merged.append(old[i]); i += 1
            } else {
                merged.append(new[j]); j += 1
            }
        }
        return merged
    }
}

/// An index's phrases per node (the inverse of its phrase postings), for copying documents.
struct PhrasesByNode {
    var offsets: [Int32]
    var phrases: [Int32]

    init(_ index: RetrievalIndex) {
        let n = index.documentLength.count
        var offsets = [Int32](repeating: 0, count: n + 1)
        for u in index.phraseNodes { offsets[Int(u) + 1] += 1 }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        var cursor = offsets
        var phrases = [Int32](repeating: 0, count: index.phraseNodes.count)
        for p in 0..<index.phraseText.count {
            for k in Int(index.phraseNodeOffsets[p])..<Int(index.phraseNodeOffsets[p + 1]) {
                let u = Int(index.phraseNodes[k])
                phrases[Int(cursor[u])] = Int32(p)
                cursor[u] += 1
            }
        }
        self.offsets = offsets
        self.phrases = phrases
    }
}
