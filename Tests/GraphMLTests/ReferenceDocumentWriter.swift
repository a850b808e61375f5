@testable import GraphML
import InsightGraph

/// The exporter as it was before its body bypassed xmlTextWriter: every element through libxml2.
/// Kept as the oracle the fast writer must match byte for byte (GraphMLWriterEquivalenceTests).
final class ReferenceDocumentWriter {
    typealias V = GraphMLVocabulary

    static let graphmlNamespace = "http://graphml.graphdrawing.org/xmlns"
    static let schemaLocation = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
    static let yedNamespace = "http://www.yworks.com/xml/graphml"

    let xml: XMLStreamWriter
    let snapshot: GraphSnapshot
    let options: GraphMLExportOptions
    var report = GraphMLExportReport()
    private let progress: ((Int, Int) -> Void)?
    private var written = 0
    private var total = 0

    init(xml: XMLStreamWriter, snapshot: GraphSnapshot, options: GraphMLExportOptions,
         progress: ((Int, Int) -> Void)?) {
        self.xml = xml
        self.snapshot = snapshot
        self.options = options
        self.progress = progress
    }

    func write(_ selection: GraphMLSelection) throws(GraphMLError) {
        let characterIds = Set(selection.characters.map { snapshot.characters[$0].id })
        total = selection.nodes.count + selection.characters.count + 2 * selection.events.count
            + selection.edges.count + (options.includesCharacters ? selection.nodes.count : 0)
        try xml.startDocument()
        try xml.startElement("graphml")
        try xml.attribute("xmlns", Self.graphmlNamespace)
        try xml.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        if options.flavour == .yed { try xml.attribute("xmlns:y", Self.yedNamespace) }
        try xml.attribute("xsi:schemaLocation", Self.schemaLocation)
        try writeKeys()
        try xml.startElement("graph")
        try xml.attribute("id", "G")
        try xml.attribute("edgedefault", "directed")

        for c in selection.characters { try writeCharacter(snapshot.characters[c]); try tick() }
        for node in selection.nodes { try writeInsight(snapshot.insights[Int(node)]); try tick() }
        for e in selection.events { try writeEvent(snapshot.learningEvents[e]); try tick() }
        for edge in selection.edges { try writeRelationship(edge); try tick() }
        if options.includesCharacters {
            for node in selection.nodes {
                let insight = snapshot.insights[Int(node)]
                if let characterId = insight.characterId, characterIds.contains(characterId),
                   snapshot.nodeCharacter[Int(node)] >= 0 {
                    try writeLink(id: "h\(insight.id)", from: "c\(characterId)", to: "i\(insight.id)", kind: .hasInsight)
                }
                try tick()
            }
        }
        for e in selection.events {
            let event = snapshot.learningEvents[e]
            if let characterId = event.characterId, characterIds.contains(characterId) {
                try writeLink(id: "l\(event.id)", from: "c\(characterId)", to: "t\(event.id)", kind: .learned)
            }
            try tick()
        }

        try xml.endElement() // graph
        try xml.endElement() // graphml
        try xml.endDocument()
        try xml.flush()
        report.bytes = xml.sink.bytesWritten
        progress?(total, total)
    }

    private func tick() throws(GraphMLError) {
        written += 1
        if written & 0x1FFF == 0 { progress?(written, total) }
    }

    // MARK: Keys

    private func writeKeys() throws(GraphMLError) {
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
    }

    // MARK: Values

    /// One `<data>`; the only way text reaches the document, so every value is sanitized and counted.
    private func data(_ key: GraphMLKey, _ value: String) throws(GraphMLError) {
        let (clean, replaced) = XMLTextSanitizer.sanitize(value)
        if replaced > 0 { report.replacedCharacters[key.name, default: 0] += replaced }
        try xml.element("data", attribute: "key", key.id, text: clean)
    }

    private func data(_ key: GraphMLKey, _ value: String?) throws(GraphMLError) {
        if let value { try data(key, value) }
    }
    private func data(_ key: GraphMLKey, _ value: Int?) throws(GraphMLError) {
        if let value { try xml.element("data", attribute: "key", key.id, text: String(value)) }
    }
    private func data(_ key: GraphMLKey, _ value: Double?) throws(GraphMLError) {
        if let value { try xml.element("data", attribute: "key", key.id, text: GraphMLValueFormat.double(value)) }
    }
    private func data(_ key: GraphMLKey, _ value: Timestamp?) throws(GraphMLError) {
        if let value { try xml.element("data", attribute: "key", key.id, text: GraphMLValueFormat.timestamp(value)) }
    }
    private func data(_ key: GraphMLKey, _ value: [String?]?) throws(GraphMLError) {
        if let value { try data(key, GraphMLValueFormat.jsonArray(value)) }
    }

    // MARK: Nodes

    private func startNode(_ id: String, kind: V.NodeKind, label: String, rowId: Int) throws(GraphMLError) {
        try xml.startElement("node")
        try xml.attribute("id", id)
        try data(V.nodeKind, kind.rawValue)
        try data(V.nodeLabel, label)
        try data(V.nodeRowId, rowId)
    }

    private func endNode(label: String, kind: V.NodeKind) throws(GraphMLError) {
        if options.flavour == .yed { try writeYedNode(label: XMLTextSanitizer.sanitize(label).text, kind: kind) }
        try xml.endElement()
        report.nodes += 1
    }

    private func writeInsight(_ insight: Insight) throws(GraphMLError) {
        let label = insight.content.map(V.shortLabel) ?? "insight \(insight.id)"
        try startNode("i\(insight.id)", kind: .insight, label: label, rowId: insight.id)
        try data(V.characterId, insight.characterId)
        try data(V.insightType, insight.type)
        try data(V.insightContent, insight.content)
        try data(V.confidence, insight.confidence)
        try data(V.discoveryDate, insight.discoveryDate)
        try data(V.conversationContext, insight.conversationContext)
        try data(V.importance, insight.importance)
        try data(V.valence, insight.emotionalValence)
        try data(V.triggers, insight.triggers)
        try data(V.evidence, insight.supportingEvidence)
        try endNode(label: label, kind: .insight)
        report.insights += 1
    }

    private func writeCharacter(_ character: Character) throws(GraphMLError) {
        let label = character.name ?? character.normalizedName ?? "character \(character.id)"
        try startNode("c\(character.id)", kind: .character, label: label, rowId: character.id)
        try data(V.characterName, character.name)
        try data(V.normalizedName, character.normalizedName)
        try endNode(label: label, kind: .character)
        report.characters += 1
    }

    private func writeEvent(_ event: LearningEvent) throws(GraphMLError) {
        let label = event.event.map(V.shortLabel) ?? "learning event \(event.id)"
        try startNode("t\(event.id)", kind: .learningEvent, label: label, rowId: event.id)
        try data(V.characterId, event.characterId)
        try data(V.learningEvent, event.event)
        try data(V.learningType, event.learningType)
        try data(V.beforeState, event.beforeState)
        try data(V.afterState, event.afterState)
        try data(V.triggerConversation, event.triggerConversation)
        try data(V.learningDate, event.learningDate)
        try data(V.significance, event.significance)
        try endNode(label: label, kind: .learningEvent)
        report.learningEvents += 1
    }

    // MARK: Edges

    private func startEdge(id: String, from: String, to: String) throws(GraphMLError) {
        try xml.startElement("edge")
        try xml.attribute("id", id)
        try xml.attribute("source", from)
        try xml.attribute("target", to)
    }

    private func writeRelationship(_ edge: EdgeIndex) throws(GraphMLError) {
        let row = snapshot.relationship(at: edge)
        try startEdge(id: "r\(row.id)", from: "i\(row.fromInsightId!)", to: "i\(row.toInsightId!)")
        try data(V.edgeKind, V.EdgeKind.relationship.rawValue)
        try data(V.edgeLabel, row.type)
        try data(V.weight, row.strength)
        try data(V.edgeRowId, row.id)
        try data(V.relationshipType, row.type)
        try data(V.strength, row.strength)
        try data(V.createdDate, row.createdDate)
        if options.flavour == .yed { try writeYedEdge(label: row.type.map { XMLTextSanitizer.sanitize($0).text }) }
        try xml.endElement()
        report.edges += 1
        report.relationships += 1
    }

    private func writeLink(id: String, from: String, to: String, kind: V.EdgeKind) throws(GraphMLError) {
        try startEdge(id: id, from: from, to: to)
        try data(V.edgeKind, kind.rawValue)
        try data(V.edgeLabel, kind.rawValue)
        if options.flavour == .yed { try writeYedEdge(label: kind.rawValue) }
        try xml.endElement()
        report.edges += 1
    }
}

/// The reference writer's yFiles markup (element by element through libxml2).
extension ReferenceDocumentWriter {
    func writeYedNode(label: String, kind: GraphMLVocabulary.NodeKind) throws(GraphMLError) {
        let colour: String
        switch kind {
        case .insight: colour = "#FFCC00"
        case .character: colour = "#99CCFF"
        case .learningEvent: colour = "#CCFFCC"
        }
        // Wide enough for the label at yEd's default 12 pt font; yEd's layouts then space nodes.
        let width = min(max(60, 7 * label.unicodeScalars.count + 16), 600)
        try xml.startElement("data")
        try xml.attribute("key", GraphMLVocabulary.yedNodeGraphicsId)
        try xml.startElement("y:ShapeNode")
        try xml.startElement("y:Geometry")
        try xml.attribute("height", "30.0")
        try xml.attribute("width", "\(width).0")
        try xml.attribute("x", "0.0")
        try xml.attribute("y", "0.0")
        try xml.endElement()
        try xml.startElement("y:Fill")
        try xml.attribute("color", colour)
        try xml.attribute("transparent", "false")
        try xml.endElement()
        try xml.startElement("y:BorderStyle")
        try xml.attribute("color", "#000000")
        try xml.attribute("type", "line")
        try xml.attribute("width", "1.0")
        try xml.endElement()
        try xml.textElement("y:NodeLabel", label)
        try xml.startElement("y:Shape")
        try xml.attribute("type", kind == .character ? "ellipse" : "roundrectangle")
        try xml.endElement()
        try xml.endElement() // y:ShapeNode
        try xml.endElement() // data
    }

    func writeYedEdge(label: String?) throws(GraphMLError) {
        try xml.startElement("data")
        try xml.attribute("key", GraphMLVocabulary.yedEdgeGraphicsId)
        try xml.startElement("y:PolyLineEdge")
        try xml.startElement("y:LineStyle")
        try xml.attribute("color", "#000000")
        try xml.attribute("type", "line")
        try xml.attribute("width", "1.0")
        try xml.endElement()
        try xml.startElement("y:Arrows")
        try xml.attribute("source", "none")
        try xml.attribute("target", "standard")
        try xml.endElement()
        if let label { try xml.textElement("y:EdgeLabel", label) }
        try xml.endElement() // y:PolyLineEdge
        try xml.endElement() // data
    }
}
