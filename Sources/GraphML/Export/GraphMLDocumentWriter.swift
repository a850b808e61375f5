import InsightGraph

/// Writes one document: header, keys, nodes (all of them), then edges. One instance per export.
///
/// libxml2's xmlTextWriter writes the head (XML declaration, `<graphml>`, the `<key>`s); the body,
/// whose markup never varies, goes straight into the ``XMLSink`` as precomputed bytes and escaped
/// values — byte for byte what xmlTextWriter wrote before, at several times its speed (see
/// ``XMLSink`` for why). Nothing is allocated per element on the standard flavour's path.
final class GraphMLDocumentWriter {
    typealias V = GraphMLVocabulary

    static let graphmlNamespace = "http://graphml.graphdrawing.org/xmlns"
    static let schemaLocation = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
    static let yedNamespace = "http://www.yworks.com/xml/graphml"

    let sink: XMLSink
    let snapshot: GraphSnapshot
    let options: GraphMLExportOptions
    var report = GraphMLExportReport()
    private let progress: ((Int, Int) -> Void)?
    private var written = 0
    private var total = 0
    /// Insight id per node: edges look their ends up here rather than in the much larger rows.
    private let nodeIds: [Int]
    /// Per relationship type code: its `e_label` and `e_relationship_type` lines, escaped once.
    private let typeLines: [RelationshipTypeLines?]

    init(sink: XMLSink, snapshot: GraphSnapshot, options: GraphMLExportOptions,
         progress: ((Int, Int) -> Void)?) throws(GraphMLError) {
        self.sink = sink
        self.snapshot = snapshot
        self.options = options
        self.progress = progress
        self.nodeIds = snapshot.insights.map(\.id)
        var typeLines: [RelationshipTypeLines?] = []
        for type in snapshot.relationshipTypes { typeLines.append(try type.map { t throws(GraphMLError) in try RelationshipTypeLines(t) }) }
        self.typeLines = typeLines
    }

    func write(_ selection: GraphMLSelection) throws(GraphMLError) {
        let characterIds = Set(selection.characters.map { snapshot.characters[$0].id })
        total = selection.nodes.count + selection.characters.count + 2 * selection.events.count
            + selection.edges.count + (options.includesCharacters ? selection.nodes.count : 0)
        try writeHead()
        let empty = selection.characters.isEmpty && selection.nodes.isEmpty && selection.events.isEmpty
            && selection.edges.isEmpty
        // xmlTextWriter closes an element without children as `<graph .../>`.
        sink.raw(empty ? "  <graph id=\"G\" edgedefault=\"directed\"/>\n" : "  <graph id=\"G\" edgedefault=\"directed\">\n")

        for c in selection.characters { writeCharacter(snapshot.characters[c]); try tick() }
        for node in selection.nodes { writeInsight(snapshot.insights[Int(node)]); try tick() }
        for e in selection.events { writeEvent(snapshot.learningEvents[e]); try tick() }
        try writeRelationships(selection.edges)
        if options.includesCharacters {
            for node in selection.nodes {
                let insight = snapshot.insights[Int(node)]
                if let characterId = insight.characterId, characterIds.contains(characterId),
                   snapshot.nodeCharacter[Int(node)] >= 0 {
                    writeLink((UInt8(ascii: "h"), insight.id), from: (UInt8(ascii: "c"), characterId),
                              to: (UInt8(ascii: "i"), insight.id), kind: .hasInsight)
                }
                try tick()
            }
        }
        for e in selection.events {
            let event = snapshot.learningEvents[e]
            if let characterId = event.characterId, characterIds.contains(characterId) {
                writeLink((UInt8(ascii: "l"), event.id), from: (UInt8(ascii: "c"), characterId),
                          to: (UInt8(ascii: "t"), event.id), kind: .learned)
            }
            try tick()
        }

        if !empty { sink.raw("  </graph>\n") }
        sink.raw("</graphml>\n")
        try sink.flush()
        report.bytes = sink.bytesWritten
        progress?(total, total)
    }

    private func tick() throws(GraphMLError) {
        written += 1
        if written & 0x1FFF == 0 {
            try sink.checkError("writing the document")
            progress?(written, total)
        }
    }

    // MARK: Head

    /// Declaration, `<graphml>` and the keys through libxml2, which leaves the sink right after the
    /// last key's line; the writer is dropped there (its open `<graphml>` is closed by ``write(_:)``).
    private func writeHead() throws(GraphMLError) {
        let xml = try XMLStreamWriter(sink: sink)
        try xml.startDocument()
        try xml.startElement("graphml")
        try xml.attribute("xmlns", Self.graphmlNamespace)
        try xml.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        if options.flavour == .yed { try xml.attribute("xmlns:y", Self.yedNamespace) }
        try xml.attribute("xsi:schemaLocation", Self.schemaLocation)
        var keys = V.insightKeys
        if options.includesCharacters { keys += V.characterKeys }
        if options.withTimeline { keys += V.timelineKeys }
        keys += V.edgeKeys
        for key in keys {
            try xml.startElement("key")
            try xml.attribute("id", key.id)
            try xml.attribute("for", key.domain.rawValue)
            try xml.attribute("attr.name", key.name)
            try xml.attribute("attr.type", key.type.rawValue)
            if let desc = key.desc { try xml.textElement("desc", desc) }
            try xml.endElement()
        }
        if options.flavour == .yed {
            for (id, domain, type) in [(V.yedNodeGraphicsId, "node", "nodegraphics"),
                                       (V.yedEdgeGraphicsId, "edge", "edgegraphics")] {
                try xml.startElement("key")
                try xml.attribute("for", domain)
                try xml.attribute("id", id)
                try xml.attribute("yfiles.type", type)
                try xml.endElement()
            }
        }
        try xml.flush()
    }

    // MARK: Nodes

    /// `<node id="i12">` and the three data every node kind has.
    private func startNode(_ prefix: UInt8, _ id: Int, kind: V.NodeKind) {
        sink.raw("    <node id=\"")
        sink.byte(prefix)
        sink.int(id)
        sink.raw("\">\n")
        data(V.nodeKind, kind.rawValue)
    }

    private func endNode() {
        sink.raw("    </node>\n")
        report.nodes += 1
    }

    private func writeInsight(_ insight: Insight) {
        startNode(UInt8(ascii: "i"), insight.id, kind: .insight)
        if let content = insight.content { label(shortening: content) }
        else { labelData(prefix: "insight ", insight.id) }
        data(V.nodeRowId, insight.id)
        data(V.characterId, insight.characterId)
        data(V.insightType, insight.type)
        data(V.insightContent, insight.content)
        data(V.confidence, insight.confidence)
        data(V.discoveryDate, insight.discoveryDate)
        data(V.conversationContext, insight.conversationContext)
        data(V.importance, insight.importance)
        data(V.valence, insight.emotionalValence)
        data(V.triggers, insight.triggers)
        data(V.evidence, insight.supportingEvidence)
        if options.flavour == .yed {
            writeYedNode(label: insight.content.map(V.shortLabel) ?? "insight \(insight.id)", kind: .insight)
        }
        endNode()
        report.insights += 1
    }

    private func writeCharacter(_ character: Character) {
        let label = character.name ?? character.normalizedName ?? "character \(character.id)"
        startNode(UInt8(ascii: "c"), character.id, kind: .character)
        data(V.nodeLabel, label)
        data(V.nodeRowId, character.id)
        data(V.characterName, character.name)
        data(V.normalizedName, character.normalizedName)
        if options.flavour == .yed { writeYedNode(label: label, kind: .character) }
        endNode()
        report.characters += 1
    }

    private func writeEvent(_ event: LearningEvent) {
        let label = event.event.map(V.shortLabel) ?? "learning event \(event.id)"
        startNode(UInt8(ascii: "t"), event.id, kind: .learningEvent)
        data(V.nodeLabel, label)
        data(V.nodeRowId, event.id)
        data(V.characterId, event.characterId)
        data(V.learningEvent, event.event)
        data(V.learningType, event.learningType)
        data(V.beforeState, event.beforeState)
        data(V.afterState, event.afterState)
        data(V.triggerConversation, event.triggerConversation)
        data(V.learningDate, event.learningDate)
        data(V.significance, event.significance)
        if options.flavour == .yed { writeYedNode(label: label, kind: .learningEvent) }
        endNode()
        report.learningEvents += 1
    }

    // MARK: Edges

    /// `<edge id="r1" source="i2" target="i3">`: each id is a one-letter prefix and a number.
    private func startEdge(_ id: (UInt8, Int), from: (UInt8, Int), to: (UInt8, Int)) {
        sink.raw("    <edge id=\"")
        sink.byte(id.0)
        sink.int(id.1)
        sink.raw("\" source=\"")
        sink.byte(from.0)
        sink.int(from.1)
        sink.raw("\" target=\"")
        sink.byte(to.0)
        sink.int(to.1)
        sink.raw("\">\n")
    }

    private func endEdge() {
        sink.raw("    </edge>\n")
        report.edges += 1
    }

    /// The hot loop of a whole-graph export (five edges per insight): reads the snapshot's edge
    /// columns, held in locals so no row is rebuilt and nothing is retained per edge.
    private func writeRelationships(_ edges: [EdgeIndex]) throws(GraphMLError) {
        let ids = snapshot.edgeIds, sources = snapshot.edgeFrom, targets = snapshot.edgeTo
        let codes = snapshot.edgeTypeCodes, strengths = snapshot.edgeStrengths, nulls = snapshot.edgeStrengthIsNull
        let nodeIds = self.nodeIds, typeLines = self.typeLines
        let kindLine = Self.relationshipKindLine
        let weightTag = V.weight.dataStartTag, rowIdTag = V.edgeRowId.dataStartTag
        let strengthTag = V.strength.dataStartTag, createdTag = V.createdDate.dataStartTag
        for edge in edges {
            let e = Int(edge)
            let id = ids[e]
            startEdge((UInt8(ascii: "r"), id), from: (UInt8(ascii: "i"), nodeIds[Int(sources[e])]),
                      to: (UInt8(ascii: "i"), nodeIds[Int(targets[e])]))
            let strength: Double? = nulls[e] ? nil : strengths[e]
            let code = Int(codes[e])
            sink.raw(kindLine)
            if let lines = typeLines[code] {
                sink.raw(lines.label)
                if lines.replaced > 0 { count(lines.replaced, V.edgeLabel) }
            }
            if let strength { sink.raw(weightTag); sink.double(strength); sink.raw("</data>\n") }
            sink.raw(rowIdTag); sink.int(id); sink.raw("</data>\n")
            if let lines = typeLines[code] {
                sink.raw(lines.type)
                if lines.replaced > 0 { count(lines.replaced, V.relationshipType) }
            }
            if let strength { sink.raw(strengthTag); sink.double(strength); sink.raw("</data>\n") }
            if let created = snapshot.createdDate(ofEdge: edge) {
                sink.raw(createdTag); sink.timestamp(created); sink.raw("</data>\n")
            }
            if options.flavour == .yed { writeYedEdge(label: snapshot.relationshipTypes[code]) }
            endEdge()
            report.relationships += 1
            try tick()
        }
    }

    private static let relationshipKindLine = Array("      <data key=\"e_kind\">relationship</data>\n".utf8)

    private func writeLink(_ id: (UInt8, Int), from: (UInt8, Int), to: (UInt8, Int), kind: V.EdgeKind) {
        startEdge(id, from: from, to: to)
        data(V.edgeKind, kind.rawValue)
        data(V.edgeLabel, kind.rawValue)
        if options.flavour == .yed { writeYedEdge(label: kind.rawValue) }
        endEdge()
    }
}

/// A relationship type's two `<data>` lines, escaped by libxml2 itself (once per type, off the hot path).
struct RelationshipTypeLines {
    let label: [UInt8]
    let type: [UInt8]
    /// Characters replaced by U+FFFD in the type, counted per line written.
    let replaced: Int

    init(_ type: String) throws(GraphMLError) {
        let (clean, replaced) = XMLTextSanitizer.sanitize(type)
        guard let escaped = XMLStreamWriter.libxml2Escaped(clean) else { throw .outOfMemory("escaping \(type)") }
        let tail = Array(escaped.utf8) + Array("</data>\n".utf8)
        self.label = GraphMLVocabulary.edgeLabel.dataStartTag + tail
        self.type = GraphMLVocabulary.relationshipType.dataStartTag + tail
        self.replaced = replaced
    }
}
