/// Walks a GraphML document with the safe pull reader and hands each `<key>`, `<node>` and `<edge>`
/// (with its `<data>` values, checked against the declared keys) to a ``GraphMLRowCollector``.
///
/// GraphML structure checks live here: root element, key declarations, `for` of keys, required ids.
/// Elements outside the GraphML namespace (yEd's `y:` markup) and those the graph cannot hold
/// (hyperedges, ports, graph-level data) are skipped.
struct GraphMLDocumentParser {
    static let namespace = "http://graphml.graphdrawing.org/xmlns"

    /// A declared `<key>`.
    struct Key {
        let id: String
        let domain: GraphMLDomain
        let name: String?
        let type: GraphMLAttributeType
        let isYFiles: Bool
        var defaultValue: String?
        /// The columns this key fills on nodes and on edges (looked up once, not per value).
        let nodeColumn: GraphMLColumn?
        let edgeColumn: GraphMLColumn?
    }

    /// One `<data>` value with the line it starts on and the column it fills (nil: not ours).
    struct Datum {
        let key: Int
        let keyId: String
        let keyName: String
        let column: GraphMLColumn?
        let value: String
        let line: Int
    }

    let reader: XMLStreamReader
    let limits: GraphMLReadLimits
    /// Called every few thousand elements with the bytes consumed so far.
    var progress: ((Int64) -> Void)?
    private var elements = 0
    private(set) var keys: [Key] = []
    private var keyIndex: [String: Int] = [:]

    init(reader: XMLStreamReader, limits: GraphMLReadLimits) {
        self.reader = reader
        self.limits = limits
    }

    mutating func parse(into collector: GraphMLRowCollector) throws(GraphMLError) {
        // Root: the first element must be <graphml>.
        var sawRoot = false
        while try reader.read() {
            guard reader.nodeType == .element else { continue }
            guard reader.localName == "graphml" else {
                throw .invalidStructure(line: reader.line, "the root element is <\(reader.localName)>, expected <graphml>")
            }
            guard isGraphML else {
                throw .invalidStructure(line: reader.line, "<graphml> is in namespace \(reader.namespaceURI), expected \(Self.namespace)")
            }
            sawRoot = true
            break
        }
        guard sawRoot else { throw .invalidStructure(line: reader.line, "the document has no <graphml> element") }
        var sawGraph = false
        while try reader.read() {
            guard reader.nodeType == .element else { continue }
            guard isGraphML else { try skipSubtree(); continue }
            switch reader.localName {
            case "key":
                guard !sawGraph else {
                    throw .invalidStructure(line: reader.line, "<key> after the first <graph>: keys must be declared first")
                }
                try readKey()
            case "graph":
                sawGraph = true
            case "node":
                try readNode(into: collector)
                tick()
            case "edge":
                try readEdge(into: collector)
                tick()
            case "desc", "locator":
                try skipSubtree()
            default:
                // hyperedge, port, endpoint, graph- or graphml-level data, unknown elements.
                collector.report.ignoredElements += 1
                try skipSubtree()
            }
        }
        guard sawGraph else { throw .invalidStructure(line: reader.line, "the document has no <graph> element") }
    }

    private mutating func tick() {
        elements += 1
        if elements & 0x3FFF == 0, let progress { progress(reader.byteOffset) }
    }

    private var isGraphML: Bool {
        let uri = reader.namespaceURI
        return uri.isEmpty || uri == Self.namespace
    }

    // MARK: Keys

    private mutating func readKey() throws(GraphMLError) {
        let line = reader.line
        guard let id = reader.attribute("id") else { throw .invalidStructure(line: line, "<key> without an id") }
        guard keyIndex[id] == nil else { throw .duplicateKeyId(line: line, key: id) }
        let domain = GraphMLDomain(rawValue: reader.attribute("for") ?? "all") ?? .other
        let typeName = reader.attribute("attr.type") ?? "string"
        guard let type = GraphMLAttributeType(rawValue: typeName) else {
            throw .invalidStructure(line: line, "key \"\(id)\" has attr.type=\"\(typeName)\"; expected boolean, int, long, float, double or string")
        }
        let name = reader.attribute("attr.name")
        var key = Key(id: id, domain: domain, name: name, type: type,
                      isYFiles: reader.attribute("yfiles.type") != nil, defaultValue: nil,
                      nodeColumn: name.flatMap { GraphMLColumn.find(element: .node, name: $0) },
                      edgeColumn: name.flatMap { GraphMLColumn.find(element: .edge, name: $0) })
        if !reader.isEmptyElement {
            let depth = reader.depth
            while try reader.read() {
                if reader.nodeType == .endElement && reader.depth == depth { break }
                if reader.nodeType == .element && reader.depth == depth + 1 && reader.localName == "default" {
                    key.defaultValue = try readText()
                }
            }
        }
        if let value = key.defaultValue, !type.accepts(value) {
            throw .badValue(line: line, key: id, expected: type.expectation, value: value)
        }
        keyIndex[id] = keys.count
        keys.append(key)
    }

    // MARK: Nodes and edges

    private mutating func readNode(into collector: GraphMLRowCollector) throws(GraphMLError) {
        let line = reader.line
        guard let id = reader.attribute("id") else { throw .invalidStructure(line: line, "<node> without an id") }
        let data = try readData(of: .node, stopAtNestedGraph: true, collector: collector)
        try collector.node(id: id, line: line, data: data)
    }

    private mutating func readEdge(into collector: GraphMLRowCollector) throws(GraphMLError) {
        let line = reader.line
        let id = reader.attribute("id")
        guard let source = reader.attribute("source"), let target = reader.attribute("target") else {
            throw .invalidStructure(line: line, "<edge\(id.map { " id=\"\($0)\"" } ?? "")> needs source and target")
        }
        let data = try readData(of: .edge, stopAtNestedGraph: false, collector: collector)
        try collector.edge(id: id, source: source, target: target, line: line, data: data)
    }

    /// The `<data>` children of the current node or edge element, defaults applied, each checked
    /// against its key. A nested `<graph>` inside a node ends the node's data (its nodes follow).
    private mutating func readData(of element: GraphMLDomain, stopAtNestedGraph: Bool,
                                   collector: GraphMLRowCollector) throws(GraphMLError) -> [Datum] {
        var data: [Datum] = []
        if !reader.isEmptyElement {
            let depth = reader.depth
            while try reader.read() {
                let type = reader.nodeType
                if type == .endElement && reader.depth == depth { break }
                guard type == .element, reader.depth == depth + 1 else { continue }
                if reader.localName == "data" && isGraphML {
                    if let datum = try readDatum(of: element) { data.append(datum) }
                } else if reader.localName == "graph" && stopAtNestedGraph && isGraphML {
                    break
                } else {
                    if isGraphML { collector.report.ignoredElements += 1 }
                    try skipSubtree()
                }
            }
        }
        for (index, key) in keys.enumerated() where key.defaultValue != nil && (key.domain == element || key.domain == .all) {
            if !data.contains(where: { $0.key == index }) {
                data.append(datum(index, element: element, value: key.defaultValue!, line: reader.line))
            }
        }
        return data
    }

    private mutating func readDatum(of element: GraphMLDomain) throws(GraphMLError) -> Datum? {
        let line = reader.line
        guard let keyId = reader.attribute("key") else { throw .invalidStructure(line: line, "<data> without a key") }
        guard let index = keyIndex[keyId] else { throw .undeclaredKey(line: line, key: keyId) }
        let key = keys[index]
        guard key.domain == element || key.domain == .all else {
            throw .keyNotForElement(line: line, key: keyId, element: element.rawValue, declaredFor: key.domain.rawValue)
        }
        if key.isYFiles {
            try skipSubtree()
            return nil
        }
        let value = try readText()
        guard key.type.accepts(value) else {
            throw .badValue(line: line, key: keyId, expected: key.type.expectation, value: value)
        }
        return datum(index, element: element, value: value, line: line)
    }

    private func datum(_ index: Int, element: GraphMLDomain, value: String, line: Int) -> Datum {
        let key = keys[index]
        let column = element == .edge ? key.edgeColumn : key.nodeColumn
        return Datum(key: index, keyId: key.id, keyName: key.name ?? key.id, column: column, value: value, line: line)
    }

    /// The character data directly inside the current element (CDATA included); child elements
    /// are skipped. Leaves the reader on the element's end.
    private func readText() throws(GraphMLError) -> String {
        if reader.isEmptyElement { return "" }
        let depth = reader.depth
        var text = ""
        while try reader.read() {
            let type = reader.nodeType
            if type == .endElement && reader.depth == depth { break }
            guard reader.depth == depth + 1 else { continue }
            switch type {
            case .text, .cdata, .whitespace, .significantWhitespace:
                text += reader.value
                if text.utf8.count > limits.maxValueBytes {
                    throw .limitExceeded(line: reader.line, "a value is longer than \(limits.maxValueBytes) bytes")
                }
            default:
                break
            }
        }
        return text
    }

    /// Moves past the end of the current element.
    private func skipSubtree() throws(GraphMLError) {
        guard reader.nodeType == .element, !reader.isEmptyElement else { return }
        let depth = reader.depth
        while try reader.read() {
            if reader.nodeType == .endElement && reader.depth == depth { return }
        }
    }
}
