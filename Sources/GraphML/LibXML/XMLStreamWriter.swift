import CLibXML2

/// Owns one libxml2 `xmlTextWriter` writing into an ``XMLSink``; the only place its pointer lives.
///
/// Strings handed to it must already be legal XML 1.0 text (see ``XMLTextSanitizer``): libxml2
/// escapes markup characters but writes control characters raw. After ``flush()`` everything it
/// wrote is in the sink, so the sink's own bytes can follow in order.
final class XMLStreamWriter {
    private let handle: OpaquePointer
    /// Kept alive here: libxml2 writes into it until this writer is freed.
    let sink: XMLSink

    init(sink: XMLSink, indent: Bool = true) throws(GraphMLError) {
        guard let handle = ig_xml_writer_open_sink(sink.handle, indent ? 1 : 0) else {
            throw .outOfMemory("creating the XML writer")
        }
        self.handle = handle
        self.sink = sink
    }

    deinit { ig_xml_writer_free(handle) }

    /// libxml2's own escaping of character data, which ``XMLSink/text(_:)`` must match (for tests).
    static func libxml2Escaped(_ text: String) -> String? {
        guard let escaped = ig_xml_encode_special_chars(text) else { return nil }
        defer { ig_xml_free(escaped) }
        return String(cString: escaped)
    }

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
