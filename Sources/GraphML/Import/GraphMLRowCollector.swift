import InsightGraph

/// Turns parsed nodes and edges into rows for a ``GraphBuilder``, checking ids and references.
///
/// Nodes of our own files carry `kind` and `db_id`; nodes of other files become insights (their
/// `label` as content when there is no `insight_content`) with ids generated after the largest
/// seen. Edges may come before their nodes (GraphML allows it), so they are resolved at the end.
final class GraphMLRowCollector {
    typealias Datum = GraphMLDocumentParser.Datum
    typealias V = GraphMLVocabulary

    private enum NodeRef {
        case insight(Int)
        case pendingInsight(Int)
        case character(Int)
        case event(Int)
    }

    /// An edge waiting for its ends: only the columns a relationship keeps (memory: edges can be many).
    private struct PendingEdge {
        let id: String?
        let source: String
        let target: String
        let line: Int
        let kind: V.EdgeKind?
        let rowId: Int?
        let type: String?
        let strength: Double?
        let created: Timestamp?
    }

    var report = GraphMLImportReport()
    private var builder: GraphBuilder
    private var nodes: [String: NodeRef] = [:]
    private var edgeIds = Set<String>()
    private var insightIds = Set<Int>(), characterIds = Set<Int>(), eventIds = Set<Int>()
    private var pendingInsights: [Insight] = []
    private var edges: [PendingEdge] = []
    private var ignoredKeys = Set<String>()

    init(strengthPolicy: StrengthPolicy) {
        builder = GraphBuilder(strengthPolicy: strengthPolicy)
    }

    // MARK: Nodes

    func node(id: String, line: Int, data: [Datum]) throws(GraphMLError) {
        report.nodes += 1
        guard nodes[id] == nil else { throw .duplicateNodeId(line: line, id: id) }
        let row = try parse(data)
        let kindText = row.string(.kind)
        guard let kind = kindText.map({ V.NodeKind(rawValue: $0) }) ?? .insight else {
            let datum = data.first { $0.column == .kind }!
            throw .badValue(line: datum.line, key: datum.keyId, expected: "node kind (insight, character or learning_event)",
                            value: kindText ?? "")
        }
        let rowId = row.integer(.rowId)
        switch kind {
        case .insight:
            var insight = Insight(
                id: rowId ?? 0, characterId: row.integer(.characterId), type: row.string(.insightType),
                content: row.string(.insightContent) ?? (kindText == nil ? row.string(.label) : nil),
                confidence: row.double(.confidence), discoveryDate: row.timestamp(.discoveryDate),
                conversationContext: row.string(.conversationContext), importance: row.integer(.importance),
                emotionalValence: row.double(.valence), triggers: row.list(.triggers),
                supportingEvidence: row.list(.evidence))
            report.insights += 1
            if let rowId {
                guard insightIds.insert(rowId).inserted else { throw .duplicateRowId(line: line, kind: "insight", id: rowId) }
                nodes[id] = .insight(rowId)
                builder.add(insight)
            } else {
                insight.id = pendingInsights.count
                nodes[id] = .pendingInsight(pendingInsights.count)
                pendingInsights.append(insight)
            }
        case .character:
            guard let rowId else { throw .invalidStructure(line: line, "character node \"\(id)\" has no db_id") }
            guard characterIds.insert(rowId).inserted else { throw .duplicateRowId(line: line, kind: "character", id: rowId) }
            nodes[id] = .character(rowId)
            builder.add(Character(id: rowId, name: row.string(.name), normalizedName: row.string(.normalizedName)))
            report.characters += 1
        case .learningEvent:
            guard let rowId else { throw .invalidStructure(line: line, "learning_event node \"\(id)\" has no db_id") }
            guard eventIds.insert(rowId).inserted else { throw .duplicateRowId(line: line, kind: "learning_event", id: rowId) }
            nodes[id] = .event(rowId)
            builder.add(LearningEvent(
                id: rowId, characterId: row.integer(.characterId), event: row.string(.learningEvent),
                learningType: row.string(.learningType), beforeState: row.string(.beforeState),
                afterState: row.string(.afterState), triggerConversation: row.string(.triggerConversation),
                learningDate: row.timestamp(.learningDate), significance: row.double(.significance)))
            report.learningEvents += 1
        }
    }

    // MARK: Edges

    func edge(id: String?, source: String, target: String, line: Int, data: [Datum]) throws(GraphMLError) {
        report.edges += 1
        // Edge ids name nothing the graph keeps (a relationship is its db_id, checked below), and
        // NetworkX writes a multigraph's per-pair keys 0, 1, ... as ids: count repeats, don't reject.
        if let id, !edgeIds.insert(id).inserted { report.duplicateEdgeIds += 1 }
        let row = try parse(data)
        var kind: V.EdgeKind?
        if let text = row.string(.kind) {
            guard let known = V.EdgeKind(rawValue: text) else {
                let datum = data.first { $0.column == .kind }!
                throw .badValue(line: datum.line, key: datum.keyId,
                                expected: "edge kind (relationship, has_insight or learned)", value: text)
            }
            kind = known
        }
        // Generic files (no kind) name relationships by label and weight.
        edges.append(PendingEdge(
            id: id, source: source, target: target, line: line, kind: kind, rowId: row.integer(.rowId),
            type: row.string(.relationshipType) ?? (kind == nil ? row.string(.label) : nil),
            strength: row.double(.strength) ?? (kind == nil ? row.double(.weight) : nil),
            created: row.timestamp(.createdDate)))
    }

    // MARK: Finish

    /// Resolves generated ids and edge ends, then builds the snapshot.
    func finish() throws(GraphMLError) -> GraphMLImport {
        let firstInsightId = (insightIds.max() ?? 0) + 1
        for var insight in pendingInsights {
            insight.id += firstInsightId
            builder.add(insight)
        }
        report.generatedInsightIds = pendingInsights.count
        func insightId(_ ref: NodeRef) -> Int? {
            switch ref {
            case .insight(let id): return id
            case .pendingInsight(let index): return firstInsightId + index
            default: return nil
            }
        }
        let firstRelationshipId = (edges.compactMap(\.rowId).max() ?? 0) + 1
        var relationshipIds = Set<Int>()
        for edge in edges {
            guard let from = nodes[edge.source] else {
                throw .danglingEdge(line: edge.line, edge: edge.id ?? "\(edge.source)->\(edge.target)", missingNode: edge.source)
            }
            guard let to = nodes[edge.target] else {
                throw .danglingEdge(line: edge.line, edge: edge.id ?? "\(edge.source)->\(edge.target)", missingNode: edge.target)
            }
            if edge.kind == .hasInsight || edge.kind == .learned { report.derivedEdges += 1; continue }
            guard let fromId = insightId(from), let toId = insightId(to) else {
                if edge.kind == .relationship {
                    throw .invalidStructure(line: edge.line, "relationship edge \"\(edge.id ?? "")\" must join two insight nodes")
                }
                report.ignoredEdges += 1
                continue
            }
            let id: Int
            if let rowId = edge.rowId {
                id = rowId
            } else {
                id = firstRelationshipId + report.generatedRelationshipIds
                report.generatedRelationshipIds += 1
            }
            guard relationshipIds.insert(id).inserted else { throw .duplicateRowId(line: edge.line, kind: "relationship", id: id) }
            builder.add(Relationship(id: id, fromInsightId: fromId, toInsightId: toId, type: edge.type,
                                     strength: edge.strength, createdDate: edge.created))
            report.relationships += 1
        }
        report.ignoredKeys = ignoredKeys.sorted()
        return GraphMLImport(snapshot: builder.build(), report: report)
    }

    // MARK: Values

    private func parse(_ data: [Datum]) throws(GraphMLError) -> GraphMLRow {
        var row = GraphMLRow()
        for datum in data {
            guard let column = datum.column else {
                ignoredKeys.insert(datum.keyName)
                report.ignoredValues += 1
                continue
            }
            row[column] = try value(datum, column)
        }
        return row
    }

    private func value(_ datum: Datum, _ column: GraphMLColumn) throws(GraphMLError) -> GraphMLValue {
        let text = datum.value
        func bad(_ expected: String) -> GraphMLError {
            .badValue(line: datum.line, key: datum.keyId, expected: expected, value: text)
        }
        switch column.format {
        case .string:
            return .string(text)
        case .integer:
            guard let v = GraphMLValueFormat.parseInt(text) else { throw bad("integer for \(datum.keyName)") }
            return .integer(v)
        case .int32:
            guard let v = GraphMLValueFormat.parseInt(text), Int32(exactly: v) != nil else {
                throw bad("32-bit integer for \(datum.keyName)")
            }
            return .integer(v)
        case .double:
            guard let v = GraphMLValueFormat.parseDouble(text) else { throw bad("number for \(datum.keyName)") }
            return .double(v)
        case .timestamp:
            guard let v = GraphMLValueFormat.parseTimestamp(text) else {
                throw bad("ISO-8601 UTC timestamp (2025-03-01T12:00:00Z) for \(datum.keyName)")
            }
            return .timestamp(v)
        case .list:
            guard let v = GraphMLValueFormat.parseJSONArray(text) else {
                throw bad("JSON array of strings and nulls for \(datum.keyName)")
            }
            return .list(v)
        }
    }
}
