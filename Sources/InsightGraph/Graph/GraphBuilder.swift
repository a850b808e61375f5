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
    private var relationships: [Relationship] = []
    private var learningEvents: [LearningEvent] = []

    public init(isPartialSelection: Bool = false, strengthPolicy: StrengthPolicy = .default) {
        self.isPartialSelection = isPartialSelection
        self.strengthPolicy = strengthPolicy
    }

    public mutating func add(_ character: Character) { characters.append(character) }
    public mutating func add(_ insight: Insight) { insights.append(insight) }
    public mutating func add(_ relationship: Relationship) { relationships.append(relationship) }
    public mutating func add(_ event: LearningEvent) { learningEvents.append(event) }

    public mutating func reserve(insights count: Int) { insights.reserveCapacity(count) }
    public mutating func reserve(relationships count: Int) { relationships.reserveCapacity(count) }

    /// Builds the snapshot. Consumes the collected rows (the builder is empty afterwards).
    public mutating func build() -> GraphSnapshot {
        var report = AnomalyReport()

        // Characters: by id, first row of an id wins.
        var characterRows = characters
        characters = []
        characterRows.sort { $0.id < $1.id }
        var uniqueCharacters: [Character] = []
        uniqueCharacters.reserveCapacity(characterRows.count)
        var characterIndexById: [Int: Int32] = [:]
        var characterIndexByName: [String: Int32] = [:]
        for character in characterRows {
            if characterIndexById[character.id] != nil {
                report.record(.characterDuplicateId, rowId: character.id)
                continue
            }
            let index = Int32(uniqueCharacters.count)
            characterIndexById[character.id] = index
            uniqueCharacters.append(character)
            guard let name = character.normalizedName else {
                report.record(.characterNormalizedNameNull, rowId: character.id)
                continue
            }
            let key = name.lowercased()
            if characterIndexByName[key] != nil {
                report.record(.characterNormalizedNameDuplicate, rowId: character.id)
            } else {
                characterIndexByName[key] = index
            }
        }

        // Insights: grouped by character (orphans last), then by id.
        var insightRows = insights
        insights = []
        let orphan = Int32(uniqueCharacters.count)
        func group(_ insight: Insight) -> Int32 {
            insight.characterId.flatMap { characterIndexById[$0] } ?? orphan
        }
        insightRows.sort { a, b in
            let ga = group(a), gb = group(b)
            return ga != gb ? ga < gb : a.id < b.id
        }
        var nodes: [Insight] = []
        nodes.reserveCapacity(insightRows.count)
        var nodeCharacter: [Int32] = []
        nodeCharacter.reserveCapacity(insightRows.count)
        var nodeIndexById: [Int: NodeIndex] = [:]
        nodeIndexById.reserveCapacity(insightRows.count)
        var nodesPerCharacter = [Int32](repeating: 0, count: uniqueCharacters.count + 1)
        var triggerIndex = [[String: [NodeIndex]]](repeating: [:], count: uniqueCharacters.count)
        for insight in insightRows {
            if nodeIndexById[insight.id] != nil {
                report.record(.insightDuplicateId, rowId: insight.id)
                continue
            }
            let node = NodeIndex(nodes.count)
            let g = group(insight)
            nodesPerCharacter[Int(g)] += 1
            nodeIndexById[insight.id] = node
            nodeCharacter.append(g == orphan ? -1 : g)
            if insight.characterId == nil {
                report.record(.insightCharacterNull, rowId: insight.id)
            } else if g == orphan {
                report.record(.insightCharacterUnknown, rowId: insight.id)
            }
            if insight.content == nil { report.record(.insightContentNull, rowId: insight.id) }
            if let c = insight.confidence, !(0...1).contains(c) {
                report.record(.insightConfidenceOutOfRange, rowId: insight.id)
            }
            if let i = insight.importance, !(1...10).contains(i) {
                report.record(.insightImportanceOutOfRange, rowId: insight.id)
            }
            if g != orphan, let triggers = insight.triggers {
                var seen = Set<String>()
                for case let trigger? in triggers {
                    let key = trigger.lowercased()
                    if seen.insert(key).inserted { triggerIndex[Int(g)][key, default: []].append(node) }
                }
            }
            nodes.append(insight)
        }
        insightRows = []
        // Rows are sorted by character, so each character's nodes are one contiguous range.
        var characterNodeRanges: [Range<NodeIndex>] = []
        characterNodeRanges.reserveCapacity(uniqueCharacters.count)
        var rangeStart: NodeIndex = 0
        for c in 0..<uniqueCharacters.count {
            characterNodeRanges.append(rangeStart..<(rangeStart + nodesPerCharacter[c]))
            rangeStart += nodesPerCharacter[c]
        }

        // Relationships: by id; ends resolved; flags set; parallel duplicates marked.
        var relationshipRows = relationships
        relationships = []
        relationshipRows.sort { $0.id < $1.id }
        var edgeIds: [Int] = [], edgeFrom: [NodeIndex] = [], edgeTo: [NodeIndex] = []
        var edgeTypeCodes: [UInt16] = [], edgeStrengths: [Double] = [], edgeStrengthIsNull: [Bool] = []
        var edgeCreated: [Int64] = [], edgeFlags: [EdgeFlags] = []
        edgeIds.reserveCapacity(relationshipRows.count)
        edgeFrom.reserveCapacity(relationshipRows.count)
        edgeTo.reserveCapacity(relationshipRows.count)
        edgeTypeCodes.reserveCapacity(relationshipRows.count)
        edgeStrengths.reserveCapacity(relationshipRows.count)
        edgeStrengthIsNull.reserveCapacity(relationshipRows.count)
        edgeCreated.reserveCapacity(relationshipRows.count)
        edgeFlags.reserveCapacity(relationshipRows.count)
        var relationshipTypes: [String?] = []
        var typeCodes: [String?: UInt16] = [:]
        struct ParallelKey: Hashable { var from: NodeIndex; var to: NodeIndex; var type: UInt16 }
        var seenTriples = Set<ParallelKey>()
        seenTriples.reserveCapacity(relationshipRows.count)  // growing it rehashes every key each time
        var previousId: Int?
        for row in relationshipRows {
            if row.id == previousId {
                report.record(.relationshipDuplicateId, rowId: row.id)
                continue
            }
            previousId = row.id
            guard let fromId = row.fromInsightId, let toId = row.toInsightId else {
                report.record(.relationshipEndpointNull, rowId: row.id)
                continue
            }
            guard let from = nodeIndexById[fromId], let to = nodeIndexById[toId] else {
                report.record(isPartialSelection ? .relationshipEndpointOutsideSelection
                              : .relationshipEndpointNotFound, rowId: row.id)
                continue
            }
            var flags: EdgeFlags = []
            let fromCharacter = nodeCharacter[Int(from)], toCharacter = nodeCharacter[Int(to)]
            if fromCharacter != toCharacter || fromCharacter < 0 {
                flags.insert(.crossCharacter)
                report.record(.relationshipCrossCharacter, rowId: row.id)
            }
            if from == to {
                flags.insert(.selfLoop)
                report.record(.relationshipSelfLoop, rowId: row.id)
            }
            if row.type == nil { report.record(.relationshipTypeNull, rowId: row.id) }
            let code: UInt16
            if let known = typeCodes[row.type] {
                code = known
            } else {
                // More than 65,535 distinct types would be a data error; fold them into the last code.
                code = UInt16(min(relationshipTypes.count, Int(UInt16.max)))
                if relationshipTypes.count < Int(UInt16.max) {
                    typeCodes[row.type] = code
                    relationshipTypes.append(row.type)
                }
            }
            if !seenTriples.insert(ParallelKey(from: from, to: to, type: code)).inserted {
                flags.insert(.parallelDuplicate)
                report.record(.relationshipParallelDuplicate, rowId: row.id)
            }
            if let strength = row.strength {
                if strength.isNaN {
                    report.record(.relationshipStrengthNaN, rowId: row.id)
                } else if strength.isInfinite {
                    report.record(.relationshipStrengthInfinite, rowId: row.id)
                } else if strength < 0 {
                    report.record(.relationshipStrengthNegative, rowId: row.id)
                } else if strength > 1 {
                    report.record(.relationshipStrengthAboveOne, rowId: row.id)
                }
                if !(0...1).contains(strength) { flags.insert(.strengthAdjusted) }
            } else {
                report.record(.relationshipStrengthNull, rowId: row.id)
                flags.insert(.strengthAdjusted)
            }
            edgeIds.append(row.id)
            edgeFrom.append(from)
            edgeTo.append(to)
            edgeTypeCodes.append(code)
            edgeStrengths.append(row.strength ?? .nan)
            edgeStrengthIsNull.append(row.strength == nil)
            edgeCreated.append(row.createdDate?.microsecondsSinceEpoch ?? GraphSnapshot.nullMicros)
            edgeFlags.append(flags)
        }
        relationshipRows = []

        // CSR, filled in edge (id) order so each list is in relationship id order.
        let nodeCount = nodes.count
        var outOffsets = [Int32](repeating: 0, count: nodeCount + 1)
        var inOffsets = [Int32](repeating: 0, count: nodeCount + 1)
        for e in 0..<edgeIds.count {
            outOffsets[Int(edgeFrom[e]) + 1] += 1
            inOffsets[Int(edgeTo[e]) + 1] += 1
        }
        for n in 0..<nodeCount {
            outOffsets[n + 1] += outOffsets[n]
            inOffsets[n + 1] += inOffsets[n]
        }
        let placeholder = Adjacency(node: 0, edge: 0, weight: 0)
        var outAdjacency = [Adjacency](repeating: placeholder, count: edgeIds.count)
        var inAdjacency = [Adjacency](repeating: placeholder, count: edgeIds.count)
        var outCursor = outOffsets, inCursor = inOffsets
        for e in 0..<edgeIds.count {
            let weight = strengthPolicy.weight(for: edgeStrengthIsNull[e] ? nil : edgeStrengths[e])
            let from = Int(edgeFrom[e]), to = Int(edgeTo[e])
            outAdjacency[Int(outCursor[from])] = Adjacency(node: edgeTo[e], edge: EdgeIndex(e), weight: weight)
            outCursor[from] += 1
            inAdjacency[Int(inCursor[to])] = Adjacency(node: edgeFrom[e], edge: EdgeIndex(e), weight: weight)
            inCursor[to] += 1
        }

        // Timeline: by character, date (NULL first), id; kept even without a known character.
        var events = learningEvents
        learningEvents = []
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

        return GraphSnapshot(
            characters: uniqueCharacters, characterIndexById: characterIndexById,
            characterIndexByName: characterIndexByName, characterNodeRanges: characterNodeRanges,
            insights: nodes, nodeCharacter: nodeCharacter, nodeIndexById: nodeIndexById,
            triggerIndex: triggerIndex, edgeIds: edgeIds, edgeFrom: edgeFrom, edgeTo: edgeTo,
            edgeTypeCodes: edgeTypeCodes, edgeStrengths: edgeStrengths, edgeStrengthIsNull: edgeStrengthIsNull,
            edgeCreatedMicros: edgeCreated, edgeFlags: edgeFlags, relationshipTypes: relationshipTypes,
            outOffsets: outOffsets, outAdjacency: outAdjacency, inOffsets: inOffsets, inAdjacency: inAdjacency,
            learningEvents: uniqueEvents, timelineRanges: timelineRanges, anomalies: report,
            strengthPolicy: strengthPolicy
        )
    }
}
