#if canImport(Glibc)
import Glibc
#endif
import CLibXML2

/// Owns one libxml2 `xmlTextReader` configured to be safe (see `CLibXML2.h`): no network, no DTD,
/// no entity expansion, bounded depth and value size. The only place its pointer lives.
final class XMLStreamReader {
    enum NodeType: Int32 {
        case element = 1, text = 3, cdata = 4, entityReference = 5, processingInstruction = 7
        case comment = 8, documentType = 10, whitespace = 13, significantWhitespace = 14, endElement = 15
        case other = -1
    }

    private let handle: OpaquePointer
    /// A name for messages: the file path or "memory".
    let sourceName: String
    /// Keeps the bytes of an in-memory document alive as long as the parser reads them.
    private let buffer: UnsafeMutableBufferPointer<CChar>?

    init(path: String, limits: GraphMLReadLimits) throws(GraphMLError) {
        // libxml2 reports a directory or an empty file with confusing messages; say it plainly.
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path, errno: EISDIR) }
            if (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0 {
                throw .malformed(line: 1, "the file is empty")
            }
        }
        guard let handle = ig_xml_reader_open_file(path, Int32(clamping: limits.maxDepth),
                                                   Int64(limits.maxValueBytes)) else {
            throw .cannotOpen(path, errno: errno)
        }
        self.handle = handle
        self.sourceName = path
        self.buffer = nil
    }

    init(bytes: [UInt8], limits: GraphMLReadLimits) throws(GraphMLError) {
        guard bytes.count < Int(Int32.max) else { throw .limitExceeded(line: 0, "the document is larger than 2 GiB") }
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        UnsafeMutableRawBufferPointer(buffer).copyBytes(from: bytes)
        guard let handle = ig_xml_reader_open_memory(buffer.baseAddress, Int32(bytes.count),
                                                     Int32(clamping: limits.maxDepth), Int64(limits.maxValueBytes)) else {
            buffer.deallocate()
            throw .outOfMemory("creating the XML reader")
        }
        self.handle = handle
        self.sourceName = "memory"
        self.buffer = buffer
    }

    deinit {
        ig_xml_reader_free(handle)
        buffer?.deallocate()
    }

    /// Advances to the next node; `false` at the end of the document.
    func read() throws(GraphMLError) -> Bool {
        switch ig_xml_reader_read(handle) {
        case 1: return true
        case 0: return false
        case -2:
            throw .limitExceeded(line: Int(ig_xml_reader_error_line(handle)), errorMessage)
        default:
            throw .malformed(line: Int(ig_xml_reader_error_line(handle)), errorMessage)
        }
    }

    var nodeType: NodeType { NodeType(rawValue: ig_xml_reader_node_type(handle)) ?? .other }
    var depth: Int { Int(ig_xml_reader_depth(handle)) }
    var isEmptyElement: Bool { ig_xml_reader_is_empty_element(handle) == 1 }
    var localName: String { String(cString: ig_xml_reader_local_name(handle)) }
    var namespaceURI: String { String(cString: ig_xml_reader_namespace_uri(handle)) }
    var value: String { String(cString: ig_xml_reader_value(handle)) }
    var line: Int { Int(ig_xml_reader_line(handle)) }
    var byteOffset: Int64 { ig_xml_reader_byte_offset(handle) }

    func attribute(_ name: String) -> String? {
        guard let value = ig_xml_reader_attribute(handle, name) else { return nil }
        return String(cString: value)
    }

    private var errorMessage: String { String(cString: ig_xml_reader_error_message(handle)) }
}
