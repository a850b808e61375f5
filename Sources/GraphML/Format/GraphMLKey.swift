/// Where a `<key>` applies (`for="..."`).
public enum GraphMLDomain: String, Sendable {
    case node, edge, graph, graphml, all
    case other
}

/// GraphML's `attr.type` values.
public enum GraphMLAttributeType: String, Sendable {
    case boolean, int, long, float, double, string

    /// The name used in error messages.
    var expectation: String {
        switch self {
        case .boolean: return "boolean (true/false)"
        case .int: return "32-bit integer (int)"
        case .long: return "64-bit integer (long)"
        case .float, .double: return "number (\(rawValue); NaN, Infinity, -Infinity allowed)"
        case .string: return "string"
        }
    }

    /// Whether `text` parses as this type.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .string: return true
        case .boolean: return GraphMLValueFormat.parseBool(text) != nil
        case .int: return GraphMLValueFormat.parseInt(text).map { Int32(exactly: $0) != nil } ?? false
        case .long: return GraphMLValueFormat.parseInt(text) != nil
        case .float, .double: return GraphMLValueFormat.parseDouble(text) != nil
        }
    }
}

/// One column of the export: a `<key>` declaration.
///
/// Key ids carry an `n_`/`e_` prefix so they never collide with the `d0`, `d1`, ... ids other tools
/// generate (Gephi treats ids `d3`/`d7` as its label and weight columns), and every key states
/// `for="node"` or `for="edge"` (igraph ignores `for="all"`).
struct GraphMLKey: Sendable {
    let id: String
    let domain: GraphMLDomain
    /// `attr.name`: the column name tools show; the database column name where there is one.
    let name: String
    let type: GraphMLAttributeType
    /// Why the encoding needs explaining, if it does (written as `<desc>`).
    let desc: String?
    /// `<data key="id">` with its indentation inside a node or edge, built once (export hot path).
    let dataStartTag: [UInt8]

    init(id: String, domain: GraphMLDomain, name: String, type: GraphMLAttributeType, desc: String?) {
        self.id = id
        self.domain = domain
        self.name = name
        self.type = type
        self.desc = desc
        // Ids are plain ASCII names: nothing in them needs escaping inside an attribute.
        self.dataStartTag = Array("      <data key=\"\(id)\">".utf8)
    }
}
