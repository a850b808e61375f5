import CLibXML2

/// An XSD schema parsed by libxml2 (`xmlSchemaParse`), for validating exports in tests and the CLI.
public final class XMLSchema {
    private let handle: OpaquePointer

    /// Parses the schema at `path`; imports resolve relative to it, never over the network.
    public init(path: String) throws(GraphMLError) {
        var message = [CChar](repeating: 0, count: 1024)
        guard let handle = ig_xml_schema_open(path, &message, message.count) else {
            throw .schemaInvalid(path, Self.text(message))
        }
        self.handle = handle
    }

    deinit { ig_xml_schema_free(handle) }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `nil` when the file is valid, else the first problem ("line N: ...").
    public func validationError(forFileAt path: String) -> String? {
        var message = [CChar](repeating: 0, count: 1024)
        let rc = ig_xml_schema_validate_file(handle, path, &message, message.count)
        return rc == 0 ? nil : Self.text(message)
    }

    /// `nil` when the document is valid, else the first problem ("line N: ...").
    public func validationError(forDocument bytes: [UInt8]) -> String? {
        var message = [CChar](repeating: 0, count: 1024)
        let rc = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                ig_xml_schema_validate_memory(handle, $0.baseAddress, Int32(clamping: $0.count), &message, message.count)
            }
        }
        return rc == 0 ? nil : Self.text(message)
    }
}
