/// Row changes to apply to a ``GraphSnapshot``: rows inserted or updated (by id) and ids deleted.
public struct SnapshotPatch: Sendable {
    public var insights: [Insight] = []
    public var relationships: [Relationship] = []
    public var learningEvents: [LearningEvent] = []
    public var deletedInsightIds: Set<Int> = []
    public var deletedRelationshipIds: Set<Int> = []
    public var deletedLearningEventIds: Set<Int> = []

    public init() {}
}

extension GraphSnapshot {
    /// This snapshot with `patch` applied: equal, array for array and anomaly for anomaly, to
    /// ``GraphBuilder`` fed this snapshot's rows (minus those the patch replaces or deletes) followed
    /// by the patch's rows — but without re-sorting, re-hashing or re-lowercasing what did not change:
    /// unchanged insights are copied in order, node and edge indexes remapped, trigger dictionaries of
    /// untouched characters reused (shifted when their nodes moved), edge columns merged by id, and
    /// only the CSR, flags and anomaly scans (integer work) redone over every edge.
    ///
    /// Characters cannot change this way. Returns `nil` when the patch holds two rows with one id
    /// (the builder's duplicate accounting then applies): build from rows instead.
    public func patched(_ patch: SnapshotPatch, isPartialSelection: Bool) -> GraphSnapshot? {
        guard Set(patch.insights.map(\.id)).count == patch.insights.count,
              Set(patch.relationships.map(\.id)).count == patch.relationships.count,
              Set(patch.learningEvents.map(\.id)).count == patch.learningEvents.count,
              relationshipTypes.count + patch.relationships.count < Int(UInt16.max)
        else { return nil }
        var report = AnomalyReport()
        recordCharacterAnomalies(into: &report)
        let nodes = patchedNodes(patch, report: &report)
        let edges = patchedEdges(patch, nodes: nodes, isPartialSelection: isPartialSelection, report: &report)
        var edgeFlags = edges.flags
        let (outOffsets, outAdjacency, inOffsets, inAdjacency) = GraphBuilder.adjacency(
            nodeCount: nodes.insights.count, edgeFrom: edges.from, edgeTo: edges.to, edgeStrengths: edges.strengths,
            edgeStrengthIsNull: edges.strengthIsNull, strengthPolicy: strengthPolicy)
        GraphBuilder.markParallelDuplicates(
            outOffsets: outOffsets, outAdjacency: outAdjacency, edgeTypeCodes: edges.typeCodes, edgeIds: edges.ids,
            edgeFlags: &edgeFlags, report: &report)

        // Timeline: reused as it is unless it changed (characters did not).
        let orphan = Int32(characters.count)
        var events = learningEvents, ranges = timelineRanges
        if patch.learningEvents.isEmpty && patch.deletedLearningEventIds.isEmpty {
            var flagged: [(id: Int, reason: AnomalyReason)] = []
            for event in events {
                if event.characterId == nil {
                    flagged.append((event.id, .timelineCharacterNull))
                } else if characterIndexById[event.characterId!] == nil {
                    flagged.append((event.id, .timelineCharacterUnknown))
                }
            }
            flagged.sort { $0.id < $1.id }
            for entry in flagged { report.record(entry.reason, rowId: entry.id) }
        } else {
            let replaced = Set(patch.learningEvents.map(\.id)).union(patch.deletedLearningEventIds)
            var rows = events.filter { !replaced.contains($0.id) } + patch.learningEvents
            (events, ranges) = GraphBuilder.timeline(
                events: &rows, characterIndexById: characterIndexById, orphan: orphan, report: &report)
        }

        return GraphSnapshot(
            characters: characters, characterIndexById: characterIndexById,
            characterIndexByName: characterIndexByName, characterNodeRanges: nodes.ranges,
            insights: nodes.insights, nodeCharacter: nodes.character, nodeIndexById: nodes.index,
            triggerIndex: nodes.triggers, edgeIds: edges.ids, edgeFrom: edges.from, edgeTo: edges.to,
            edgeTypeCodes: edges.typeCodes, edgeStrengths: edges.strengths, edgeStrengthIsNull: edges.strengthIsNull,
            edgeCreatedMicros: edges.created, edgeFlags: edgeFlags, relationshipTypes: edges.types,
            outOffsets: outOffsets, outAdjacency: outAdjacency, inOffsets: inOffsets, inAdjacency: inAdjacency,
            learningEvents: events, timelineRanges: ranges, anomalies: report, strengthPolicy: strengthPolicy)
    }

    /// The builder's character checks, over the same (already unique, id-ordered) rows.
    private func recordCharacterAnomalies(into report: inout AnomalyReport) {
        var names = Set<String>()
        for character in characters {
            guard let name = character.normalizedName else {
                report.record(.characterNormalizedNameNull, rowId: character.id)
                continue
            }
            if !names.insert(name.lowercased()).inserted { report.record(.characterNormalizedNameDuplicate, rowId: character.id) }
        }
    }

    private struct PatchedNodes {
        var insights: [Insight] = []
        var character: [Int32] = []
        var ranges: [Range<NodeIndex>] = []
        var index: InsightIdIndex
        var triggers: [[String: [NodeIndex]]] = []
        /// Old node → new node, -1 when the row was deleted or replaced.
        var oldToNew: [NodeIndex] = []
    }

    /// Insights: old rows kept in place, patch rows merged in by (character, id).
    private func patchedNodes(_ patch: SnapshotPatch, report: inout AnomalyReport) -> PatchedNodes {
        let orphan = Int32(characters.count)
        func group(_ insight: Insight) -> Int32 { insight.characterId.flatMap { characterIndexById[$0] } ?? orphan }
        let fresh = patch.insights.map { (group: group($0), row: $0) }.sorted {
            $0.group != $1.group ? $0.group < $1.group : $0.row.id < $1.row.id
        }
        var oldToNew = [NodeIndex](repeating: -1, count: nodeCount)
        var removed = 0
        let minId = 0, maxId = 0  // the builder's starting bounds
        for id in patch.deletedInsightIds { if let v = node(forInsightId: id) { oldToNew[Int(v)] = -2 } }
        for entry in fresh { if let v = node(forInsightId: entry.row.id) { oldToNew[Int(v)] = -2 } }
        for v in 0..<nodeCount where oldToNew[v] == -2 { removed += 1 }

        var result = PatchedNodes(index: InsightIdIndex(minId: 0, maxId: 0, count: 0))
        let count = nodeCount - removed + fresh.count
        var freshNodes: [NodeIndex] = []
        var next = 0  // into `fresh`
        let insights = self.insights
        if fresh.isEmpty && removed == 0 {  // relationships or the timeline changed: the node arrays stay
            result.insights = insights
            result.character = nodeCharacter
            result.ranges = characterNodeRanges
            oldToNew = (0..<NodeIndex(nodeCount)).map { $0 }
        } else {
            result.insights.reserveCapacity(count)
            result.character.reserveCapacity(count)
        }
        for g in 0...orphan where !(fresh.isEmpty && removed == 0) {
            let oldRange = g == orphan ? orphanNodes : nodes(ofCharacter: Int(g))
            let start = NodeIndex(result.insights.count)
            var v = Int(oldRange.lowerBound)
            while true {
                let takeFresh = next < fresh.count && fresh[next].group == g
                let takeOld = v < Int(oldRange.upperBound)
                if !takeFresh && !takeOld { break }
                if takeOld && oldToNew[v] == -2 { oldToNew[v] = -1; v += 1; continue }
                if takeFresh && (!takeOld || fresh[next].row.id < insights[v].id) {
                    freshNodes.append(NodeIndex(result.insights.count))
                    result.insights.append(fresh[next].row)
                    next += 1
                } else {
                    oldToNew[v] = NodeIndex(result.insights.count)
                    result.insights.append(insights[v])
                    v += 1
                }
                result.character.append(g == orphan ? -1 : g)
            }
            if g != orphan { result.ranges.append(start..<NodeIndex(result.insights.count)) }
        }

        // The builder sizes its id index from every row it was given (kept rows and patch rows).
        result.index = Self.idIndex(of: result.insights, characters: result.character, minId: minId, maxId: maxId,
                                    count: count, report: &report)
        result.triggers = patchedTriggerIndex(result, oldToNew: oldToNew, freshNodes: freshNodes)
        result.oldToNew = oldToNew
        return result
    }

    /// Per character: the old dictionary as it is when none of its nodes moved or changed; else
    /// its node lists mapped to the new nodes, plus the fresh rows' lower-cased triggers.
    private func patchedTriggerIndex(_ nodes: PatchedNodes, oldToNew: [NodeIndex], freshNodes: [NodeIndex])
        -> [[String: [NodeIndex]]]
    {
        var freshByCharacter = [[NodeIndex]](repeating: [], count: characters.count)
        for u in freshNodes where nodes.character[Int(u)] >= 0 { freshByCharacter[Int(nodes.character[Int(u)])].append(u) }
        var result: [[String: [NodeIndex]]] = []
        result.reserveCapacity(characters.count)
        for c in 0..<characters.count {
            let oldRange = characterNodeRanges[c], newRange = nodes.ranges[c]
            let shift = newRange.lowerBound - oldRange.lowerBound
            var unchanged = freshByCharacter[c].isEmpty && oldRange.count == newRange.count
            if unchanged {
                for v in oldRange where oldToNew[Int(v)] != v + shift { unchanged = false; break }
            }
            if unchanged {
                result.append(shift == 0 ? triggerIndex[c] : triggerIndex[c].mapValues { $0.map { $0 + shift } })
                continue
            }
            var dictionary: [String: [NodeIndex]] = [:]
            dictionary.reserveCapacity(triggerIndex[c].count)
            for (key, list) in triggerIndex[c] {
                var mapped: [NodeIndex] = []
                mapped.reserveCapacity(list.count)
                for v in list where oldToNew[Int(v)] >= 0 { mapped.append(oldToNew[Int(v)]) }
                if !mapped.isEmpty { dictionary[key] = mapped }
            }
            var seen: [String] = []
            for u in freshByCharacter[c] {
                seen.removeAll(keepingCapacity: true)
                for case let trigger? in nodes.insights[Int(u)].triggers ?? [] {
                    let key = trigger.lowercased()
                    if seen.contains(key) { continue }
                    seen.append(key)
                    var list = dictionary[key] ?? []
                    var low = 0, high = list.count
                    while low < high { let mid = (low + high) / 2; if list[mid] < u { low = mid + 1 } else { high = mid } }
                    list.insert(u, at: low)
                    dictionary[key] = list
                }
            }
            result.append(dictionary)
        }
        return result
    }

    private struct PatchedEdges {
        var ids: [Int] = [], from: [NodeIndex] = [], to: [NodeIndex] = [], typeCodes: [UInt16] = []
        var strengths: [Double] = [], strengthIsNull: [Bool] = [], created: [Int64] = [], flags: [EdgeFlags] = []
        var types: [String?] = []
    }

    /// Relationships: old columns and patch rows merged by id, ends remapped (or resolved by id for
    /// patch rows and for old edges whose end was replaced), checked and flagged as the builder does.
    private func patchedEdges(_ patch: SnapshotPatch, nodes: PatchedNodes, isPartialSelection: Bool,
                              report: inout AnomalyReport) -> PatchedEdges {
        let replaced = Set(patch.relationships.map(\.id)).union(patch.deletedRelationshipIds)
        var result = PatchedEdges()
        // Types in the builder's order: first use among kept old edges (id order), then patch rows.
        var codeMap = [UInt16](repeating: UInt16.max, count: relationshipTypes.count)
        for e in 0..<edgeCount where codeMap[Int(edgeTypeCodes[e])] == UInt16.max && !replaced.contains(edgeIds[e]) {
            codeMap[Int(edgeTypeCodes[e])] = UInt16(result.types.count)
            result.types.append(relationshipTypes[Int(edgeTypeCodes[e])])
        }
        var freshCodes: [UInt16] = []
        for row in patch.relationships {
            if let known = result.types.firstIndex(of: row.type) {
                freshCodes.append(UInt16(known))
            } else {
                freshCodes.append(UInt16(result.types.count))
                result.types.append(row.type)
            }
        }
        let identityCodes = (0..<codeMap.count).allSatisfy { codeMap[$0] == UInt16($0) || codeMap[$0] == UInt16.max }
        if replaced.isEmpty && identityCodes && result.types.count == relationshipTypes.count,
           let kept = keptEdges(nodes: nodes, report: &report) {
            return kept
        }

        let fresh = patch.relationships.indices.sorted { patch.relationships[$0].id < patch.relationships[$1].id }
        let capacity = edgeCount + fresh.count
        result.ids.reserveCapacity(capacity); result.from.reserveCapacity(capacity); result.to.reserveCapacity(capacity)
        result.typeCodes.reserveCapacity(capacity); result.strengths.reserveCapacity(capacity)
        result.strengthIsNull.reserveCapacity(capacity); result.created.reserveCapacity(capacity)
        result.flags.reserveCapacity(capacity)

        func resolveOld(_ v: NodeIndex) -> NodeIndex? {
            let mapped = nodes.oldToNew[Int(v)]
            return mapped >= 0 ? mapped : nodes.index[insights[Int(v)].id]
        }
        func add(id: Int, from: NodeIndex?, to: NodeIndex?, endsNull: Bool, code: UInt16, strength: Double?,
                 created: Int64) {
            if endsNull {
                report.record(.relationshipEndpointNull, rowId: id)
                return
            }
            guard let from, let to else {
                report.record(isPartialSelection ? .relationshipEndpointOutsideSelection : .relationshipEndpointNotFound,
                              rowId: id)
                return
            }
            let flags = GraphBuilder.checkEdge(
                id: id, from: from, to: to, fromCharacter: nodes.character[Int(from)], toCharacter: nodes.character[Int(to)],
                typeIsNull: result.types[Int(code)] == nil, strength: strength, report: &report)
            result.ids.append(id)
            result.from.append(from)
            result.to.append(to)
            result.typeCodes.append(code)
            result.strengths.append(strength ?? .nan)
            result.strengthIsNull.append(strength == nil)
            result.created.append(created)
            result.flags.append(flags)
        }

        let anyReplaced = !replaced.isEmpty  // usually: an insight changed, no relationship did
        var e = 0, k = 0
        while e < edgeCount || k < fresh.count {
            if anyReplaced && e < edgeCount && replaced.contains(edgeIds[e]) { e += 1; continue }
            if k < fresh.count && (e == edgeCount || patch.relationships[fresh[k]].id < edgeIds[e]) {
                let row = patch.relationships[fresh[k]]
                let endsNull = row.fromInsightId == nil || row.toInsightId == nil
                add(id: row.id, from: row.fromInsightId.flatMap { nodes.index[$0] },
                    to: row.toInsightId.flatMap { nodes.index[$0] }, endsNull: endsNull, code: freshCodes[fresh[k]],
                    strength: row.strength, created: row.createdDate?.microsecondsSinceEpoch ?? GraphSnapshot.nullMicros)
                k += 1
            } else {
                let code = identityCodes ? edgeTypeCodes[e] : codeMap[Int(edgeTypeCodes[e])]
                add(id: edgeIds[e], from: resolveOld(edgeFrom[e]), to: resolveOld(edgeTo[e]), endsNull: false, code: code,
                    strength: edgeStrengthIsNull[e] ? nil : edgeStrengths[e], created: edgeCreatedMicros[e])
                e += 1
            }
        }
        return result
    }

    /// The common refresh: insights changed, no relationship did (nor was deleted), and every edge
    /// still has both ends. Then the edges are the old ones in the old order: their id, type,
    /// strength and date columns are shared with this snapshot (no copy), the ends are remapped,
    /// and only the flags are checked again (an end may have moved to another character), edge by
    /// edge as ``patchedEdges`` would. Returns nil, having recorded nothing, when an end is gone.
    private func keptEdges(nodes: PatchedNodes, report: inout AnomalyReport) -> PatchedEdges? {
        var from = [NodeIndex](repeating: 0, count: edgeCount), to = [NodeIndex](repeating: 0, count: edgeCount)
        func resolve(_ v: NodeIndex) -> NodeIndex? {
            let mapped = nodes.oldToNew[Int(v)]
            return mapped >= 0 ? mapped : nodes.index[insights[Int(v)].id]
        }
        for e in 0..<edgeCount {
            guard let f = resolve(edgeFrom[e]), let t = resolve(edgeTo[e]) else { return nil }
            from[e] = f
            to[e] = t
        }
        var flags = [EdgeFlags](repeating: [], count: edgeCount)
        for e in 0..<edgeCount {
            flags[e] = GraphBuilder.checkEdge(
                id: edgeIds[e], from: from[e], to: to[e], fromCharacter: nodes.character[Int(from[e])],
                toCharacter: nodes.character[Int(to[e])], typeIsNull: relationshipTypes[Int(edgeTypeCodes[e])] == nil,
                strength: edgeStrengthIsNull[e] ? nil : edgeStrengths[e], report: &report)
        }
        return PatchedEdges(ids: edgeIds, from: from, to: to, typeCodes: edgeTypeCodes, strengths: edgeStrengths,
                            strengthIsNull: edgeStrengthIsNull, created: edgeCreatedMicros, flags: flags,
                            types: relationshipTypes)
    }
}
