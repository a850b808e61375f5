/// yFiles markup for the `yed` flavour: yEd shows labels and colours only through these elements.
/// Written as fixed bytes like the rest of the body; labels are sanitized but not counted (their
/// text is already counted in `<data key="n_label">` / the relationship type).
extension GraphMLDocumentWriter {
    func writeYedNode(label: String, kind: GraphMLVocabulary.NodeKind) {
        let colour: StaticString
        switch kind {
        case .insight: colour = "#FFCC00"
        case .character: colour = "#99CCFF"
        case .learningEvent: colour = "#CCFFCC"
        }
        // Wide enough for the label at yEd's default 12 pt font; yEd's layouts then space nodes.
        let width = min(max(60, 7 * label.unicodeScalars.count + 16), 600)
        sink.raw("      <data key=\"y_nodegraphics\">\n")
        sink.raw("        <y:ShapeNode>\n")
        sink.raw("          <y:Geometry height=\"30.0\" width=\"")
        sink.int(width)
        sink.raw(".0\" x=\"0.0\" y=\"0.0\"/>\n")
        sink.raw("          <y:Fill color=\"")
        sink.raw(colour)
        sink.raw("\" transparent=\"false\"/>\n")
        sink.raw("          <y:BorderStyle color=\"#000000\" type=\"line\" width=\"1.0\"/>\n")
        sink.raw("          <y:NodeLabel>")
        sink.text(label)
        sink.raw("</y:NodeLabel>\n")
        sink.raw(kind == .character ? "          <y:Shape type=\"ellipse\"/>\n" : "          <y:Shape type=\"roundrectangle\"/>\n")
        sink.raw("        </y:ShapeNode>\n")
        sink.raw("      </data>\n")
    }

    func writeYedEdge(label: String?) {
        sink.raw("      <data key=\"y_edgegraphics\">\n")
        sink.raw("        <y:PolyLineEdge>\n")
        sink.raw("          <y:LineStyle color=\"#000000\" type=\"line\" width=\"1.0\"/>\n")
        sink.raw("          <y:Arrows source=\"none\" target=\"standard\"/>\n")
        if let label {
            sink.raw("          <y:EdgeLabel>")
            sink.text(label)
            sink.raw("</y:EdgeLabel>\n")
        }
        sink.raw("        </y:PolyLineEdge>\n")
        sink.raw("      </data>\n")
    }
}
