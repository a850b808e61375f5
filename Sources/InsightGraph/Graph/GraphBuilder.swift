/// Collects rows in any order and builds an immutable ``GraphSnapshot``.
///
/// Sources (PostgreSQL, a GraphML file, tests) feed rows as they stream in; ``build()`` sorts,
/// deduplicates, resolves edge ends, flags anomalies and lays out the CSR arrays. The result does
/// not depend on the order rows were added.
public struct GraphBuilder {
    /// When only some characters were loaded, an edge to an insight that was not loaded is
    /// reported as outside the selection rather than as not found.
    public var isPartialSelection: Bool
    public var strengthPolicy: StrengthPolicy

    private var characters: [Character] = []
    private var insights: [Insight] = []
    private var relationships = RelationshipColumns()
    private var learningEvents: [LearningEvent] = []

    public init(isPartialSelection: Bool = false, strengthPolicy: StrengthPolicy = .default) {
        self.isPartialSelection = isPartialSelection
        self.strengthPolicy = strengthPolicy
    }

    public mutating func add(_ character: Character) { characters.append(character) }
    public mutating func add(_ insight: Insight) { insights.append(insight) }
    /// Adds many rows; takes the array over without copying when no insight was added yet.
    public mutating func add(contentsOf rows: [Insight]) {
        if insights.isEmpty { insights = rows } else { insights.append(contentsOf: rows) }
    }
    public mutating func add(_ relationship: Relationship) { relationships.append(relationship) }
    public mutating func add(_ event: LearningEvent) { learningEvents.append(event) }

    public mutating func reserve(insights count: Int) { insights.reserveCapacity(count) }
    public mutating func reserve(relationships count: Int) { relationships.reserveCapacity(count) }

    /// Builds the snapshot. Consumes the collected rows (the builder is empty afterwards).
    public mutating func build() -> GraphSnapshot {
        var report = AnomalyReport()
        var characterRows: [Character] = [], insightRows: [Insight] = [], rows = RelationshipColumns()
        var events: [LearningEvent] = []
        swap(&characterRows, &characters)
        swap(&insightRows, &insights)
        swap(&rows, &relationships)
        swap(&events, &learningEvents)

        let people = Self.characterTable(&characterRows, report: &report)
        let nodes = Self.nodeTable(&insightRows, characters: people, report: &report)
        var edges = Self.edgeTable(&rows, nodes: nodes, isPartialSelection: isPartialSelection, report: &report)
        let (outOffsets, outAdjacency, inOffsets, inAdjacency) = Self.adjacency(
            nodeCount: nodes.insights.count, edgeFrom: edges.from, edgeTo: edges.to, edgeStrengths: edges.strengths,
            edgeStrengthIsNull: edges.strengthIsNull, strengthPolicy: strengthPolicy)
        Self.markParallelDuplicates(
            outOffsets: outOffsets, outAdjacency: outAdjacency, edgeTypeCodes: edges.typeCodes,
            edgeIds: edges.ids, edgeFlags: &edges.flags, report: &report)
        let (uniqueEvents, timelineRanges) = Self.timeline(
            events: &events, characterIndexById: people.indexById, orphan: Int32(people.unique.count), report: &report)

        return GraphSnapshot(
            characters: people.unique, characterIndexById: people.indexById,
            characterIndexByName: people.indexByName, characterNodeRanges: nodes.characterRanges,
            insights: nodes.insights, nodeCharacter: nodes.character, nodeIndexById: nodes.indexById,
            triggerIndex: nodes.triggerIndex, edgeIds: edges.ids, edgeFrom: edges.from, edgeTo: edges.to,
            edgeTypeCodes: edges.typeCodes, edgeStrengths: edges.strengths,
            edgeStrengthIsNull: edges.strengthIsNull, edgeCreatedMicros: edges.createdMicros,
            edgeFlags: edges.flags, relationshipTypes: edges.types,
            outOffsets: outOffsets, outAdjacency: outAdjacency, inOffsets: inOffsets, inAdjacency: inAdjacency,
            learningEvents: uniqueEvents, timelineRanges: timelineRanges, anomalies: report,
            strengthPolicy: strengthPolicy
        )
    }

    /// The characters, and their indexes by id and by lower-cased normalized name.
    struct CharacterTable {
        var unique: [Character]
        var indexById: [Int: Int32]
        var indexByName: [String: Int32]
    }

    /// Characters: by id, first row of an id wins. Consumes `rows`.
    static func characterTable(_ rows: inout [Character], report: inout AnomalyReport) -> CharacterTable {
        rows.sort { $0.id < $1.id }
        var table = CharacterTable(unique: [], indexById: [:], indexByName: [:])
        table.unique.reserveCapacity(rows.count)
        for character in rows {
            if table.indexById[character.id] != nil {
                report.record(.characterDuplicateId, rowId: character.id)
                continue
            }
            let index = Int32(table.unique.count)
            table.indexById[character.id] = index
            table.unique.append(character)
            guard let name = character.normalizedName else {
                report.record(.characterNormalizedNameNull, rowId: character.id)
                continue
            }
            let key = name.lowercased()
            if table.indexByName[key] != nil {
                report.record(.characterNormalizedNameDuplicate, rowId: character.id)
            } else {
                table.indexByName[key] = index
            }
        }
        rows = []
        return table
    }

    /// The nodes: insights grouped by character (orphans last), then by id, with their character,
    /// id index, per-character node ranges and trigger index.
    struct NodeTable {
        var insights: [Insight]
        /// Per node, its character index (-1: none).
        var character: [Int32]
        var indexById: InsightIdIndex
        var characterRanges: [Range<NodeIndex>]
        var triggerIndex: [[String: [NodeIndex]]]
    }

    /// Insights in node order, one per id, with their anomalies recorded. Consumes `rows`: kept rows
    /// are compacted in place, so the staged array becomes the snapshot's node array (one copy of a
    /// million insight rows less at the peak of a load).
    static func nodeTable(_ rows: inout [Insight], characters: CharacterTable, report: inout AnomalyReport) -> NodeTable {
        let orphan = Int32(characters.unique.count)
        var groups = groupByCharacter(&rows, characters: characters)
        var kept = 0
        var nodeCharacter: [Int32] = []
        nodeCharacter.reserveCapacity(rows.count)
        var minId = 0, maxId = 0
        for insight in rows { minId = min(minId, insight.id); maxId = max(maxId, insight.id) }
        var nodeIndexById = InsightIdIndex(minId: minId, maxId: maxId, count: rows.count)
        var nodesPerCharacter = [Int32](repeating: 0, count: characters.unique.count + 1)
        var triggerIndex = [[String: [NodeIndex]]](repeating: [:], count: characters.unique.count)
        var seenTriggers: [String] = []
        for row in 0..<rows.count {
            let insight = rows[row]
            if nodeIndexById[insight.id] != nil {
                report.record(.insightDuplicateId, rowId: insight.id)
                continue
            }
            let node = NodeIndex(kept)
            let g = groups[row]
            nodesPerCharacter[Int(g)] += 1
            nodeIndexById[insight.id] = node
            nodeCharacter.append(g == orphan ? -1 : g)
            recordAnomalies(of: insight, isOrphan: g == orphan, report: &report)
            if g != orphan, let triggers = insight.triggers {
                // A handful of triggers per insight: a reused array beats a Set allocated per row.
                seenTriggers.removeAll(keepingCapacity: true)
                for case let trigger? in triggers {
                    let key = trigger.lowercased()
                    if triggers.count <= 16 ? !seenTriggers.contains(key) : triggerIndex[Int(g)][key]?.last != node {
                        seenTriggers.append(key)
                        triggerIndex[Int(g)][key, default: []].append(node)
                    }
                }
            }
            if kept != row { rows[kept] = insight }
            kept += 1
        }
        rows.removeLast(rows.count - kept)
        let nodes = rows
        rows = []
        groups = []
        // Rows are sorted by character, so each character's nodes are one contiguous range.
        var characterRanges: [Range<NodeIndex>] = []
        characterRanges.reserveCapacity(characters.unique.count)
        var rangeStart: NodeIndex = 0
        for c in 0..<characters.unique.count {
            characterRanges.append(rangeStart..<(rangeStart + nodesPerCharacter[c]))
            rangeStart += nodesPerCharacter[c]
        }
        return NodeTable(insights: nodes, character: nodeCharacter, indexById: nodeIndexById,
                         characterRanges: characterRanges, triggerIndex: triggerIndex)
    }

    /// Sorts `rows` by character (orphans last), then id, and returns each row's character group
    /// (`characters.unique.count` for an orphan).
    private static func groupByCharacter(_ rows: inout [Insight], characters: CharacterTable) -> [Int32] {
        let orphan = Int32(characters.unique.count)
        // One character lookup per row (not per comparison); rows usually arrive in order already.
        var groups = rows.map { $0.characterId.flatMap { characters.indexById[$0] } ?? orphan }
        var inOrder = true
        for i in rows.indices.dropFirst() where groups[i - 1] > groups[i]
            || (groups[i - 1] == groups[i] && rows[i - 1].id > rows[i].id) {
            inOrder = false
            break
        }
        if !inOrder {
            let order = rows.indices.sorted { a, b in
                groups[a] != groups[b] ? groups[a] < groups[b] : rows[a].id < rows[b].id
            }
            rows = order.map { rows[$0] }
            groups = order.map { groups[$0] }
        }
        return groups
    }

    /// The anomalies of one kept insight row.
    private static func recordAnomalies(of insight: Insight, isOrphan: Bool, report: inout AnomalyReport) {
        if insight.characterId == nil {
            report.record(.insightCharacterNull, rowId: insight.id)
        } else if isOrphan {
            report.record(.insightCharacterUnknown, rowId: insight.id)
        }
        if insight.content == nil { report.record(.insightContentNull, rowId: insight.id) }
        if let c = insight.confidence, !(0...1).contains(c) {
            report.record(.insightConfidenceOutOfRange, rowId: insight.id)
        }
        if let i = insight.importance, !(1...10).contains(i) {
            report.record(.insightImportanceOutOfRange, rowId: insight.id)
        }
    }

    /// The kept relationships by id: the snapshot's edge columns.
    struct EdgeTable {
        var ids: [Int]
        var from: [NodeIndex]
        var to: [NodeIndex]
        var typeCodes: [UInt16]
        var strengths: [Double]
        var strengthIsNull: [Bool]
        var createdMicros: [Int64]
        var flags: [EdgeFlags]
        var types: [String?]
    }

    /// Relationships: by id; ends resolved; flags set. Consumes `rows`: kept rows are compacted in
    /// place, so the staged columns become the snapshot's edge columns.
    static func edgeTable(_ rows: inout RelationshipColumns, nodes: NodeTable, isPartialSelection: Bool,
                          report: inout AnomalyReport) -> EdgeTable {
        rows.sortById()
        var edgeFrom: [NodeIndex] = [], edgeTo: [NodeIndex] = [], edgeFlags: [EdgeFlags] = []
        edgeFrom.reserveCapacity(rows.count)
        edgeTo.reserveCapacity(rows.count)
        edgeFlags.reserveCapacity(rows.count)
        var keptEdges = 0
        for i in 0..<rows.count {
            let id = rows.ids[i]
            if i > 0 && rows.ids[i - 1] == id {
                report.record(.relationshipDuplicateId, rowId: id)
                continue
            }
            let fromId = rows.fromIds[i], toId = rows.toIds[i]
            guard fromId != RelationshipColumns.nullId, toId != RelationshipColumns.nullId else {
                report.record(.relationshipEndpointNull, rowId: id)
                continue
            }
            // Ends are resolved through the id index (a flat array for the usual SERIAL ids).
            guard let from = nodes.indexById[fromId], let to = nodes.indexById[toId] else {
                report.record(isPartialSelection ? .relationshipEndpointOutsideSelection
                              : .relationshipEndpointNotFound, rowId: id)
                continue
            }
            let flags = Self.checkEdge(
                id: id, from: from, to: to, fromCharacter: nodes.character[Int(from)], toCharacter: nodes.character[Int(to)],
                typeIsNull: rows.types[Int(rows.typeCodes[i])] == nil,
                strength: rows.strengthIsNull[i] ? nil : rows.strengths[i], report: &report)
            if keptEdges != i {
                rows.ids[keptEdges] = id
                rows.typeCodes[keptEdges] = rows.typeCodes[i]
                rows.strengths[keptEdges] = rows.strengths[i]
                rows.strengthIsNull[keptEdges] = rows.strengthIsNull[i]
                rows.createdMicros[keptEdges] = rows.createdMicros[i]
            }
            keptEdges += 1
            edgeFrom.append(from)
            edgeTo.append(to)
            edgeFlags.append(flags)
        }
        rows.truncate(to: keptEdges)
        let table = EdgeTable(ids: rows.ids, from: edgeFrom, to: edgeTo, typeCodes: rows.typeCodes,
                              strengths: rows.strengths, strengthIsNull: rows.strengthIsNull,
                              createdMicros: rows.createdMicros, flags: edgeFlags, types: rows.types)
        rows = RelationshipColumns()
        return table
    }

    /// CSR out- and in-adjacency, filled in edge (id) order so each list is in relationship id order.
    static func adjacency(
        nodeCount: Int, edgeFrom: [NodeIndex], edgeTo: [NodeIndex], edgeStrengths: [Double],
        edgeStrengthIsNull: [Bool], strengthPolicy: StrengthPolicy
    ) -> (outOffsets: [Int32], outAdjacency: [Adjacency], inOffsets: [Int32], inAdjacency: [Adjacency]) {
        // The two directions share nothing but their inputs: built at the same time.
        let (outgoing, incoming) = inParallel({
            csr(nodeCount: nodeCount, keys: edgeFrom, neighbours: edgeTo, edgeStrengths: edgeStrengths,
                edgeStrengthIsNull: edgeStrengthIsNull, strengthPolicy: strengthPolicy)
        }, {
            csr(nodeCount: nodeCount, keys: edgeTo, neighbours: edgeFrom, edgeStrengths: edgeStrengths,
                edgeStrengthIsNull: edgeStrengthIsNull, strengthPolicy: strengthPolicy)
        })
        return (outgoing.offsets, outgoing.adjacency, incoming.offsets, incoming.adjacency)
    }

    /// One direction's compressed rows: edge `e` listed under `keys[e]` as (`neighbours[e]`, e,
    /// weight), in edge order within a row (a counting sort).
    private static func csr(
        nodeCount: Int, keys: [NodeIndex], neighbours: [NodeIndex], edgeStrengths: [Double],
        edgeStrengthIsNull: [Bool], strengthPolicy: StrengthPolicy
    ) -> (offsets: [Int32], adjacency: [Adjacency]) {
        let edgeCount = keys.count
        var offsets = [Int32](repeating: 0, count: nodeCount + 1)
        for e in 0..<edgeCount { offsets[Int(keys[e]) + 1] += 1 }
        for n in 0..<nodeCount { offsets[n + 1] += offsets[n] }
        var adjacency = [Adjacency](repeating: Adjacency(node: 0, edge: 0, weight: 0), count: edgeCount)
        var cursor = offsets
        for e in 0..<edgeCount {
            let weight = strengthPolicy.weight(for: edgeStrengthIsNull[e] ? nil : edgeStrengths[e])
            let key = Int(keys[e])
            adjacency[Int(cursor[key])] = Adjacency(node: neighbours[e], edge: EdgeIndex(e), weight: weight)
            cursor[key] += 1
        }
        return (offsets, adjacency)
    }

    /// The timeline by character, date (NULL first), id; kept even without a known character.
    /// Consumes `events`; counts duplicates and unknown characters in id order.
    static func timeline(
        events: inout [LearningEvent], characterIndexById: [Int: Int32], orphan: Int32, report: inout AnomalyReport
    ) -> (events: [LearningEvent], ranges: [Int32: Range<Int>]) {
        events.sort { $0.id < $1.id }
        var uniqueEvents: [LearningEvent] = []
        uniqueEvents.reserveCapacity(events.count)
        for event in events {
            if uniqueEvents.last?.id == event.id {
                report.record(.timelineDuplicateId, rowId: event.id)
                continue
            }
            if event.characterId == nil {
                report.record(.timelineCharacterNull, rowId: event.id)
            } else if characterIndexById[event.characterId!] == nil {
                report.record(.timelineCharacterUnknown, rowId: event.id)
            }
            uniqueEvents.append(event)
        }
        events = []
        func eventGroup(_ event: LearningEvent) -> Int32 {
            event.characterId.flatMap { characterIndexById[$0] } ?? orphan
        }
        uniqueEvents.sort { a, b in
            let ga = eventGroup(a), gb = eventGroup(b)
            if ga != gb { return ga < gb }
            let da = a.learningDate?.microsecondsSinceEpoch ?? .min
            let db = b.learningDate?.microsecondsSinceEpoch ?? .min
            return da != db ? da < db : a.id < b.id
        }
        var timelineRanges: [Int32: Range<Int>] = [:]
        var start = 0
        while start < uniqueEvents.count {
            let g = eventGroup(uniqueEvents[start])
            var end = start + 1
            while end < uniqueEvents.count && eventGroup(uniqueEvents[end]) == g { end += 1 }
            if g != orphan { timelineRanges[g] = start..<end }
            start = end
        }
        return (uniqueEvents, timelineRanges)
    }

    /// Flags each edge with the same from, to and type as an edge with a smaller id.
    ///
    /// Out-lists are in id order, so this is a per-node scan (pairwise for short lists, a sorted
    /// scratch copy for long ones) instead of hashing every edge into one large set.
    static func markParallelDuplicates(
        outOffsets: [Int32], outAdjacency: [Adjacency], edgeTypeCodes: [UInt16], edgeIds: [Int],
        edgeFlags: inout [EdgeFlags], report: inout AnomalyReport
    ) {
        var duplicates: [EdgeIndex] = []
        var scratch: [(to: NodeIndex, type: UInt16, edge: EdgeIndex)] = []
        for n in 0..<(outOffsets.count - 1) {
            let start = Int(outOffsets[n]), end = Int(outOffsets[n + 1])
            guard end - start >= 2 else { continue }
            if end - start <= 16 {
                for i in (start + 1)..<end {
                    let a = outAdjacency[i]
                    for j in start..<i where outAdjacency[j].node == a.node
                        && edgeTypeCodes[Int(outAdjacency[j].edge)] == edgeTypeCodes[Int(a.edge)] {
                        duplicates.append(a.edge)
                        break
                    }
                }
            } else {
                scratch.removeAll(keepingCapacity: true)
                for i in start..<end {
                    scratch.append((outAdjacency[i].node, edgeTypeCodes[Int(outAdjacency[i].edge)], outAdjacency[i].edge))
                }
                scratch.sort { ($0.to, $0.type, $0.edge) < ($1.to, $1.type, $1.edge) }
                for k in 1..<scratch.count where scratch[k].to == scratch[k - 1].to && scratch[k].type == scratch[k - 1].type {
                    duplicates.append(scratch[k].edge)
                }
            }
        }
        duplicates.sort()  // edge order is id order: examples stay the smallest ids
        for edge in duplicates {
            edgeFlags[Int(edge)].insert(.parallelDuplicate)
            report.record(.relationshipParallelDuplicate, rowId: edgeIds[Int(edge)])
        }
    }
}

extension GraphBuilder {
    /// The anomalies of one relationship whose ends were found, and its flags: shared by a full
    /// build and ``GraphSnapshot/patched(_:isPartialSelection:)`` so both count alike.
    static func checkEdge(id: Int, from: NodeIndex, to: NodeIndex, fromCharacter: Int32, toCharacter: Int32,
                          typeIsNull: Bool, strength: Double?, report: inout AnomalyReport) -> EdgeFlags {
        var flags: EdgeFlags = []
        if fromCharacter != toCharacter || fromCharacter < 0 {
            flags.insert(.crossCharacter)
            report.record(.relationshipCrossCharacter, rowId: id)
        }
        if from == to {
            flags.insert(.selfLoop)
            report.record(.relationshipSelfLoop, rowId: id)
        }
        if typeIsNull { report.record(.relationshipTypeNull, rowId: id) }
        guard let strength else {
            report.record(.relationshipStrengthNull, rowId: id)
            flags.insert(.strengthAdjusted)
            return flags
        }
        if strength.isNaN {
            report.record(.relationshipStrengthNaN, rowId: id)
        } else if strength.isInfinite {
            report.record(.relationshipStrengthInfinite, rowId: id)
        } else if strength < 0 {
            report.record(.relationshipStrengthNegative, rowId: id)
        } else if strength > 1 {
            report.record(.relationshipStrengthAboveOne, rowId: id)
        }
        if !(0...1).contains(strength) { flags.insert(.strengthAdjusted) }
        return flags
    }
}
