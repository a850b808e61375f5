import Foundation
@testable import GraphML

/// Checks on written files made with libxml2 itself (the reader and the XSD validator).
enum XMLChecks {
    /// Reads every node of the document with libxml2's reader; throws on any well-formedness error.
    /// Returns the element names in document order.
    static func parseAll(_ path: String) throws -> [String] {
        let reader = try XMLStreamReader(path: path, limits: .default)
        var names: [String] = []
        while try reader.read() { if reader.nodeType == .element { names.append(reader.localName) } }
        return names
    }

    /// Parsed per use: a libxml2 schema is not shared between concurrently running tests.
    static var schema: XMLSchema {
        do { return try XMLSchema(path: TestFiles.schemaPath) } catch { fatalError("\(error)") }
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try TestFiles.bytes(path), as: UTF8.self)
    }
}
