import CLibXML2

/// Owns one libxml2 `xmlTextWriter` writing to a file descriptor; the only place its pointer lives.
///
/// Strings handed to it must already be legal XML 1.0 text (see ``XMLTextSanitizer``): libxml2
/// escapes markup characters but writes control characters raw.
final class XMLStreamWriter {
    private let handle: OpaquePointer

    /// - Parameter fd: stays open; the caller closes it.
    init(fileDescriptor fd: Int32, indent: Bool = true) throws(GraphMLError) {
        guard let handle = ig_xml_writer_open_fd(fd, indent ? 1 : 0) else {
            throw .outOfMemory("creating the XML writer")
        }
        self.handle = handle
    }

    deinit { ig_xml_writer_free(handle) }

    var bytesWritten: Int64 { ig_xml_writer_bytes_written(handle) }

    func startDocument() throws(GraphMLError) { try check(ig_xml_writer_start_document(handle), "starting the document") }
    func endDocument() throws(GraphMLError) { try check(ig_xml_writer_end_document(handle), "ending the document") }
    func flush() throws(GraphMLError) { try check(ig_xml_writer_flush(handle), "flushing") }

    func startElement(_ name: String) throws(GraphMLError) {
        try check(ig_xml_writer_start_element(handle, name), "writing <\(name)>")
    }

    func endElement() throws(GraphMLError) { try check(ig_xml_writer_end_element(handle), "closing an element") }

    func attribute(_ name: String, _ value: String) throws(GraphMLError) {
        try check(ig_xml_writer_attribute(handle, name, value), "writing attribute \(name)")
    }

    func text(_ value: String) throws(GraphMLError) {
        try check(ig_xml_writer_text(handle, value), "writing text")
    }

    /// `<name>value</name>`.
    func textElement(_ name: String, _ value: String) throws(GraphMLError) {
        try check(ig_xml_writer_text_element(handle, name, value), "writing <\(name)>")
    }

    /// `<name attribute="attributeValue">text</name>` in one call into C.
    func element(_ name: String, attribute: String, _ attributeValue: String, text: String) throws(GraphMLError) {
        try check(ig_xml_writer_element_with_attribute(handle, name, attribute, attributeValue, text), "writing <\(name)>")
    }

    private func check(_ status: Int32, _ action: @autoclosure () -> String) throws(GraphMLError) {
        guard status != 0 else { return }
        let number = ig_xml_writer_errno(handle)
        throw .writeFailed(action(), errno: number)
    }
}
