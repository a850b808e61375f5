import InsightGraph

/// Everything the shared benchmark's retrieval workload (R-PPR, R-HOP; `shared/bench/README.md`,
/// version 1) needs, prepared once per snapshot, as the spec allows ("peers may prepare
/// per-character subgraphs at load time"):
///
/// - the character of each exact `normalized_name` (the last row by id wins, as in `peers.py`);
/// - a trigger index keyed by Python-lower-cased trigger text (bytes), postings ascending by node;
/// - the walk edges E twice: R-PPR weights (parallel relationships added up, in id order) and R-HOP
///   weights (the strongest one), both ``InsightGraph/WalkPolicy/benchmarkWorkload(_:)``;
/// - `conf(v)`: `confidence_score`, 0.5 where NULL.
///
/// This is the benchmark's definition of retrieval, not the product's (``InsightGraph/Retriever``).
/// Query it with a ``BenchmarkWorkloadRetriever`` (one per thread).
public final class BenchmarkWorkloadIndex: Sendable {
    public let snapshot: GraphSnapshot
    /// R-PPR edges: parallel weights summed.
    public let pprGraph: WalkGraph
    /// R-HOP edges: the strongest parallel weight.
    public let hopGraph: WalkGraph
    /// `conf(v)` per node.
    public let confidence: [Double]
    let characterByName: [String: Int32]
    let triggerTerms: TermTable
    let postingOffsets: [Int32]
    let postingNodes: [NodeIndex]

    public init(snapshot: GraphSnapshot) {
        self.snapshot = snapshot
        pprGraph = WalkGraph(snapshot: snapshot, policy: .benchmarkWorkload(.sum))
        hopGraph = WalkGraph(snapshot: snapshot, policy: .benchmarkWorkload(.strongest))
        confidence = snapshot.insights.map { $0.confidence ?? 0.5 }

        var byName: [String: Int32] = [:]
        for (index, character) in snapshot.characters.enumerated() {
            if let name = character.normalizedName { byName[name] = Int32(index) }
        }
        characterByName = byName

        var terms = TermTable(capacity: 1024)
        var pairs: [(term: Int32, node: NodeIndex)] = []
        for c in 0..<snapshot.characters.count {
            for node in snapshot.nodes(ofCharacter: c) {
                for case let trigger? in snapshot.insights[Int(node)].triggers ?? [] {
                    pairs.append((terms.intern(BenchmarkWorkloadTokenizer.pythonLowercased(trigger)), node))
                }
            }
        }
        pairs.sort { $0.term != $1.term ? $0.term < $1.term : $0.node < $1.node }
        var offsets = [Int32](repeating: 0, count: terms.count + 1)
        var nodes: [NodeIndex] = []
        nodes.reserveCapacity(pairs.count)
        for (k, pair) in pairs.enumerated() {
            if k > 0 && pairs[k - 1] == pair { continue }
            nodes.append(pair.node)
            offsets[Int(pair.term) + 1] = Int32(nodes.count)
        }
        for t in 0..<terms.count where offsets[t + 1] < offsets[t] { offsets[t + 1] = offsets[t] }
        triggerTerms = terms
        postingOffsets = offsets
        postingNodes = nodes
    }

    /// The index into ``InsightGraph/GraphSnapshot/characters`` of an exact `normalized_name`.
    public func character(named name: String) -> Int? { characterByName[name].map(Int.init) }

    /// The spec's seeds S for a message, ascending by node (allocates; the retriever has a
    /// buffer-reusing path).
    public func seeds(character: Int, message: String) -> [NodeIndex] {
        let range = snapshot.nodes(ofCharacter: character)
        var found = Set<NodeIndex>()
        for token in BenchmarkWorkloadTokenizer.tokens(message) {
            let term = triggerTerms.lookup(token)
            if term < 0 { continue }
            for node in postingNodes[Int(postingOffsets[Int(term)])..<Int(postingOffsets[Int(term) + 1])]
            where range.contains(node) { found.insert(node) }
        }
        return found.sorted()
    }
}

extension WalkPolicy {
    /// The benchmark workload's edge set E (bench README): strength not NULL/NaN and >= 0.3, weight
    /// `min(strength, 1)`, both directions, every type alike.
    public static func benchmarkWorkload(_ parallel: ParallelRule) -> WalkPolicy {
        WalkPolicy(minimumStrength: 0.3, direction: .both, parallel: parallel, typeWeights: [:],
                   defaultTypeWeight: 1, excludeUnusableStrengths: true)
    }
}
