#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong writing or reading GraphML, with where it happened.
///
/// Reader errors carry the 1-based line of the offending element (libxml2's position), so a user can
/// open the file at that line.
public enum GraphMLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or created.
    case cannotOpen(String, errno: Int32)
    /// A write or rename failed (disk full, closed pipe, permission).
    case writeFailed(String, errno: Int32)
    case outOfMemory(String)
    /// Not well-formed XML (truncated, junk, bad encoding), as libxml2 reports it.
    case malformed(line: Int, String)
    /// The document hit a safety bound: a DOCTYPE/entity, too deep, or a value too large.
    case limitExceeded(line: Int, String)
    /// Well-formed XML that is not usable GraphML (wrong root, missing id, ...).
    case invalidStructure(line: Int, String)
    /// `<data key="...">` naming no declared `<key>`, or a key used where its `for` forbids.
    case undeclaredKey(line: Int, key: String)
    case keyNotForElement(line: Int, key: String, element: String, declaredFor: String)
    case duplicateKeyId(line: Int, key: String)
    case duplicateNodeId(line: Int, id: String)
    /// An edge whose source or target names no node of the document.
    case danglingEdge(line: Int, edge: String, missingNode: String)
    /// A value that does not parse as its key's `attr.type` (or as the column it fills).
    case badValue(line: Int, key: String, expected: String, value: String)
    /// Two nodes, or two relationship edges, that carry the same database row id (`db_id`).
    case duplicateRowId(line: Int, kind: String, id: Int)
    /// A schema file could not be parsed.
    case schemaInvalid(String, String)
    /// The requested export scope names something the graph does not have.
    case unknownScope(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, number):
            return "cannot open \(path): \(Self.systemMessage(number))"
        case let .writeFailed(action, number):
            return number == 0 ? "GraphML write failed while \(action)"
                : "GraphML write failed while \(action): \(Self.systemMessage(number))"
        case let .outOfMemory(action):
            return "out of memory while \(action)"
        case let .malformed(line, message):
            return "line \(line): malformed XML: \(message)"
        case let .limitExceeded(line, message):
            return "line \(line): refused: \(message)"
        case let .invalidStructure(line, message):
            return "line \(line): not GraphML: \(message)"
        case let .undeclaredKey(line, key):
            return "line \(line): <data key=\"\(key)\"> uses a key that no <key> element declares"
        case let .keyNotForElement(line, key, element, declaredFor):
            return "line \(line): key \"\(key)\" is declared for=\"\(declaredFor)\" but used on <\(element)>"
        case let .duplicateKeyId(line, key):
            return "line \(line): key id \"\(key)\" is declared twice"
        case let .duplicateNodeId(line, id):
            return "line \(line): node id \"\(id)\" appears twice"
        case let .danglingEdge(line, edge, node):
            return "line \(line): edge \"\(edge)\" refers to node \"\(node)\", which the file does not contain"
        case let .badValue(line, key, expected, value):
            let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
            return "line \(line): value \"\(shown)\" of key \"\(key)\" is not a valid \(expected)"
        case let .duplicateRowId(line, kind, id):
            return "line \(line): two \(kind) nodes or edges carry the same row id \(id)"
        case let .schemaInvalid(path, message):
            return "cannot use schema \(path): \(message)"
        case let .unknownScope(message):
            return message
        }
    }

    private static func systemMessage(_ number: Int32) -> String {
        guard let text = strerror(number) else { return "error \(number)" }
        return String(cString: text)
    }
}
