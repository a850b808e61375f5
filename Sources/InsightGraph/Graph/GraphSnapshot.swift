/// Dense index of an insight inside one ``GraphSnapshot`` (0..<nodeCount).
public typealias NodeIndex = Int32
/// Dense index of a relationship inside one ``GraphSnapshot`` (0..<edgeCount), in id order.
public typealias EdgeIndex = Int32

/// One entry of a CSR adjacency list: the node at the other end, the edge, and its weight.
///
/// 16 bytes; `weight` is the relationship's strength after ``StrengthPolicy`` (kept as `Double`
/// so rankings agree with other engines to the last digit).
public struct Adjacency: Hashable, Sendable {
    public var node: NodeIndex
    public var edge: EdgeIndex
    public var weight: Double
}

/// Per-edge marks set by the builder (see ``AnomalyReason``).
public struct EdgeFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Joins insights of two different characters (or one without a character).
    public static let crossCharacter = EdgeFlags(rawValue: 1 << 0)
    public static let selfLoop = EdgeFlags(rawValue: 1 << 1)
    /// Same from, to and type as an edge with a smaller id.
    public static let parallelDuplicate = EdgeFlags(rawValue: 1 << 2)
    /// Strength was NULL, NaN, infinite, negative or above 1; the weight follows ``StrengthPolicy``.
    public static let strengthAdjusted = EdgeFlags(rawValue: 1 << 3)
}

/// An immutable, in-memory graph of characters' insights: the unit every request reads.
///
/// Layout (why: retrieval walks millions of edges per second and must not chase pointers):
/// - Nodes are insights, numbered densely and grouped by character: a character's insights are the
///   contiguous range ``nodes(of:)``, in id order; insights without a known character come last.
///   Per node: the ``Insight`` row (strings stored once, in the row) and the character index.
/// - Edges are relationships in id order, held as columns (struct of arrays): id, from, to,
///   interned type (`UInt16` into ``relationshipTypes``), stored strength, created date, flags.
///   No object per edge.
/// - CSR out- and in-adjacency: `offsets[n]..<offsets[n+1]` index ``Adjacency`` entries.
///
/// Bytes per edge: 8 (id) + 4 + 4 (ends) + 2 (type) + 8 (strength) + 1 (NULL mark) + 8 (created)
/// + 1 (flags) + 2 × 16 (out and in ``Adjacency``) = 68. Bytes per node: the ``Insight`` row (about 170 bytes
/// plus its strings and arrays on the heap), 4 (character) + 2 × 4 (CSR offsets), plus
/// id-lookup and trigger-index entries.
public final class GraphSnapshot: Sendable {
    // MARK: Characters
    public let characters: [Character]
    let characterIndexById: [Int: Int32]
    let characterIndexByName: [String: Int32]
    /// Node range of each character, parallel to ``characters``.
    let characterNodeRanges: [Range<NodeIndex>]

    // MARK: Nodes
    /// The insight rows, in node order.
    public let insights: [Insight]
    /// Character index per node, or -1 when the insight has no known character.
    public let nodeCharacter: [Int32]
    let nodeIndexById: InsightIdIndex
    /// Lower-cased trigger → nodes (ascending), one dictionary per character.
    let triggerIndex: [[String: [NodeIndex]]]

    // MARK: Edges (columns, in relationship id order)
    public let edgeIds: [Int]
    public let edgeFrom: [NodeIndex]
    public let edgeTo: [NodeIndex]
    public let edgeTypeCodes: [UInt16]
    /// The stored strength; NaN also stands for NULL when ``edgeStrengthIsNull`` says so.
    public let edgeStrengths: [Double]
    public let edgeStrengthIsNull: [Bool]
    /// Microseconds since the epoch; `Int64.min + 1` stands for NULL.
    let edgeCreatedMicros: [Int64]
    public let edgeFlags: [EdgeFlags]
    /// Interned relationship types; a NULL type is `nil`.
    public let relationshipTypes: [String?]

    // MARK: Adjacency (CSR)
    public let outOffsets: [Int32]
    public let outAdjacency: [Adjacency]
    public let inOffsets: [Int32]
    public let inAdjacency: [Adjacency]

    // MARK: Timeline
    /// Learning events ordered by character, date (NULL first), id.
    public let learningEvents: [LearningEvent]
    let timelineRanges: [Int32: Range<Int>]

    /// What the builder counted while making this snapshot.
    public let anomalies: AnomalyReport
    /// The policy that turned strengths into weights.
    public let strengthPolicy: StrengthPolicy

    static let nullMicros = Int64.min + 1

    init(
        characters: [Character], characterIndexById: [Int: Int32], characterIndexByName: [String: Int32],
        characterNodeRanges: [Range<NodeIndex>], insights: [Insight], nodeCharacter: [Int32],
        nodeIndexById: InsightIdIndex, triggerIndex: [[String: [NodeIndex]]], edgeIds: [Int],
        edgeFrom: [NodeIndex], edgeTo: [NodeIndex], edgeTypeCodes: [UInt16], edgeStrengths: [Double],
        edgeStrengthIsNull: [Bool], edgeCreatedMicros: [Int64], edgeFlags: [EdgeFlags],
        relationshipTypes: [String?], outOffsets: [Int32], outAdjacency: [Adjacency], inOffsets: [Int32],
        inAdjacency: [Adjacency], learningEvents: [LearningEvent], timelineRanges: [Int32: Range<Int>],
        anomalies: AnomalyReport, strengthPolicy: StrengthPolicy
    ) {
        self.characters = characters
        self.characterIndexById = characterIndexById
        self.characterIndexByName = characterIndexByName
        self.characterNodeRanges = characterNodeRanges
        self.insights = insights
        self.nodeCharacter = nodeCharacter
        self.nodeIndexById = nodeIndexById
        self.triggerIndex = triggerIndex
        self.edgeIds = edgeIds
        self.edgeFrom = edgeFrom
        self.edgeTo = edgeTo
        self.edgeTypeCodes = edgeTypeCodes
        self.edgeStrengths = edgeStrengths
        self.edgeStrengthIsNull = edgeStrengthIsNull
        self.edgeCreatedMicros = edgeCreatedMicros
        self.edgeFlags = edgeFlags
        self.relationshipTypes = relationshipTypes
        self.outOffsets = outOffsets
        self.outAdjacency = outAdjacency
        self.inOffsets = inOffsets
        self.inAdjacency = inAdjacency
        self.learningEvents = learningEvents
        self.timelineRanges = timelineRanges
        self.anomalies = anomalies
        self.strengthPolicy = strengthPolicy
    }

    // MARK: Sizes

    public var nodeCount: Int { insights.count }
    public var edgeCount: Int { edgeIds.count }

    // MARK: Lookups

    /// The node of an insight id, if loaded.
    public func node(forInsightId id: Int) -> NodeIndex? { nodeIndexById[id] }

    public func insight(at node: NodeIndex) -> Insight { insights[Int(node)] }

    /// Index into ``characters`` of a character id.
    public func characterIndex(forId id: Int) -> Int? { characterIndexById[id].map(Int.init) }

    /// Index into ``characters`` of a `normalized_name`, compared case-insensitively.
    public func characterIndex(named name: String) -> Int? {
        characterIndexByName[name.lowercased()].map(Int.init)
    }

    /// The nodes of one character (index into ``characters``), contiguous and in id order.
    public func nodes(ofCharacter index: Int) -> Range<NodeIndex> { characterNodeRanges[index] }

    /// Nodes whose insight has no known character (NULL or unknown `character_id`).
    public var orphanNodes: Range<NodeIndex> {
        (characterNodeRanges.last?.upperBound ?? 0)..<NodeIndex(insights.count)
    }

    /// The character owning a node, if any.
    public func character(ofNode node: NodeIndex) -> Character? {
        let index = nodeCharacter[Int(node)]
        return index < 0 ? nil : characters[Int(index)]
    }

    /// Insights of a character with this trigger (compared lower-cased), ascending.
    public func nodes(withTrigger trigger: String, character index: Int) -> [NodeIndex] {
        triggerIndex[index][trigger.lowercased()] ?? []
    }

    /// Every lower-cased trigger of one character with its nodes (for building search indexes).
    public func triggers(ofCharacter index: Int) -> [String: [NodeIndex]] { triggerIndex[index] }

    // MARK: Adjacency

    /// Relationships leaving `node`, in relationship id order.
    public func outgoing(_ node: NodeIndex) -> ArraySlice<Adjacency> {
        outAdjacency[Int(outOffsets[Int(node)])..<Int(outOffsets[Int(node) + 1])]
    }

    /// Relationships arriving at `node`, in relationship id order.
    public func incoming(_ node: NodeIndex) -> ArraySlice<Adjacency> {
        inAdjacency[Int(inOffsets[Int(node)])..<Int(inOffsets[Int(node) + 1])]
    }

    // MARK: Edges

    public func relationshipType(ofEdge edge: EdgeIndex) -> String? {
        relationshipTypes[Int(edgeTypeCodes[Int(edge)])]
    }

    /// Code of a relationship type in ``relationshipTypes`` (exact match), if any edge has it.
    public func relationshipTypeCode(_ type: String?) -> UInt16? {
        relationshipTypes.firstIndex(of: type).map(UInt16.init)
    }

    /// The weight traversal uses for an edge (strength after the policy).
    public func weight(ofEdge edge: EdgeIndex) -> Double {
        strengthPolicy.weight(for: edgeStrengthIsNull[Int(edge)] ? nil : edgeStrengths[Int(edge)])
    }

    /// An edge's `created_date` without rebuilding its row (exports read columns one by one).
    public func createdDate(ofEdge edge: EdgeIndex) -> Timestamp? {
        let created = edgeCreatedMicros[Int(edge)]
        return created == Self.nullMicros ? nil : Timestamp(microsecondsSinceEpoch: created)
    }

    /// The relationship row of an edge, rebuilt from the columns.
    public func relationship(at edge: EdgeIndex) -> Relationship {
        let e = Int(edge)
        return Relationship(
            id: edgeIds[e],
            fromInsightId: insights[Int(edgeFrom[e])].id,
            toInsightId: insights[Int(edgeTo[e])].id,
            type: relationshipTypes[Int(edgeTypeCodes[e])],
            strength: edgeStrengthIsNull[e] ? nil : edgeStrengths[e],
            createdDate: createdDate(ofEdge: edge)
        )
    }

    // MARK: Timeline

    /// Learning events of one character (index into ``characters``), by date then id.
    public func learningEvents(ofCharacter index: Int) -> ArraySlice<LearningEvent> {
        guard let range = timelineRanges[Int32(index)] else { return [] }
        return learningEvents[range]
    }
}
