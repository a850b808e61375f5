/// yFiles markup for the `yed` flavour: yEd shows labels and colours only through these elements.
extension GraphMLDocumentWriter {
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
