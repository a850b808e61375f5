import CLibXML2
import InsightGraph

/// Owns the C byte sink an export writes through (`ig_xml_sink`): a 4 MiB buffer handed to
/// `write(2)` when full. The only place its pointer lives.
///
/// The GraphML body is written here as precomputed markup plus escaped values instead of through
/// libxml2's xmlTextWriter element by element: xmlTextWriter allocates an escaped copy of every
/// value and walks its element stack on every call, which held a whole-graph export to ~116 MB/s.
/// ``text(_:)`` produces the bytes xmlTextWriter produced (the tests compare it with libxml2's
/// `xmlEncodeSpecialChars`). libxml2 stays the XML library: it writes the document head into this
/// same sink, escapes the few relationship types once, reads, and validates against the XSD.
/// On a regular file the sink also streams write-back per 32 MiB (see sink.c): a multi-gigabyte
/// export otherwise spends more time in the kernel than in producing its bytes.
///
/// Write errors are sticky: calls after a failed `write(2)` do nothing, and ``checkError(_:)`` (called
/// now and then, and by ``flush()``) turns the saved errno into ``GraphMLError/writeFailed(_:errno:)``.
final class XMLSink {
    let handle: OpaquePointer

    /// - Parameter fd: stays open; the caller closes it.
    init(fileDescriptor fd: Int32) throws(GraphMLError) {
        guard let handle = ig_xml_sink_open_fd(fd) else { throw .outOfMemory("creating the output buffer") }
        self.handle = handle
    }

    deinit { ig_xml_sink_free(handle) }

    var bytesWritten: Int64 { ig_xml_sink_bytes_written(handle) }

    /// Markup known to be well-formed, written as is.
    func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { raw($0) }
    }

    func raw(_ bytes: StaticString) {
        bytes.withUTF8Buffer { raw($0) }
    }

    func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { ig_xml_sink_raw(handle, $0, bytes.count) }
    }

    /// Character data, escaped and sanitized (see ``XMLTextSanitizer``); returns how many
    /// characters were replaced by U+FFFD.
    @discardableResult
    func text(_ value: String) -> Int {
        var value = value
        return value.withUTF8 { text($0) }
    }

    @discardableResult
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return Int(base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            ig_xml_sink_text(handle, $0, bytes.count)
        })
    }

    func byte(_ value: UInt8) {
        withUnsafePointer(to: value) { raw(UnsafeBufferPointer(start: $0, count: 1)) }
    }

    func int(_ value: Int) { ig_xml_sink_int(handle, Int64(value)) }

    /// `value` as a JSON string literal in character data (see ``GraphMLValueFormat/jsonArray(_:)``).
    func jsonString(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { ig_xml_sink_json_string(handle, $0.baseAddress, $0.count) }
        }
    }

    /// ``GraphMLValueFormat/double(_:)``'s text without building a `String`: the standard library
    /// hands `Double`'s shortest round-trip digits to the stream as one ASCII buffer.
    func double(_ value: Double) {
        if value.isNaN { raw("NaN"); return }
        if value == .infinity { raw("Infinity"); return }
        if value == -.infinity { raw("-Infinity"); return }
        var stream = Stream(handle: handle)
        value.write(to: &stream)
    }

    /// ``Timestamp/iso8601``'s text, formatted on the stack.
    func timestamp(_ value: Timestamp) {
        if value == .infinity { raw("infinity"); return }
        if value == .negativeInfinity { raw("-infinity"); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            let count = ISO8601Bytes.write(value.microsecondsSinceEpoch, into: buffer)
            raw(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Throws the first failed write's error, naming `action`.
    func checkError(_ action: @autoclosure () -> String) throws(GraphMLError) {
        let number = ig_xml_sink_errno(handle)
        if number != 0 { throw .writeFailed(action(), errno: number) }
    }

    /// Hands all buffered bytes to the descriptor.
    func flush() throws(GraphMLError) {
        _ = ig_xml_sink_flush(handle)
        try checkError("writing the document")
    }

    /// Holds the C handle, not the sink, so formatting a number costs no reference counting.
    private struct Stream: TextOutputStream {
        let handle: OpaquePointer
        mutating func write(_ string: String) {
            var string = string
            string.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { ig_xml_sink_raw(handle, $0.baseAddress, $0.count) }
            }
        }
        // The standard library's formatted numbers arrive here, as ASCII, without a String.
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            buffer.withMemoryRebound(to: CChar.self) { ig_xml_sink_raw(handle, $0.baseAddress, $0.count) }
        }
    }
}

/// ISO-8601 digits of a finite ``Timestamp``, exactly as ``Timestamp/iso8601`` spells them.
enum ISO8601Bytes {
    /// Writes into `out` (at least 48 bytes) and returns the length.
    static func write(_ micros: Int64, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let (year, month, day, secondOfDay, fraction) = Timestamp(microsecondsSinceEpoch: micros).utcParts
        var at = 0
        func put(_ byte: UInt8) { out[at] = byte; at += 1 }
        // Zero-padded to `width` digits, more when needed, "-" before negative values (years).
        func pad(_ value: Int64, _ width: Int) {
            if value < 0 { put(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits = 0
            var probe = magnitude
            repeat { digits += 1; probe /= 10 } while probe != 0
            let width = max(width, digits)
            for index in stride(from: at + width - 1, through: at, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            at += width
        }
        pad(year, 4); put(UInt8(ascii: "-")); pad(month, 2); put(UInt8(ascii: "-")); pad(day, 2)
        put(UInt8(ascii: "T")); pad(secondOfDay / 3600, 2); put(UInt8(ascii: ":"))
        pad(secondOfDay / 60 % 60, 2); put(UInt8(ascii: ":")); pad(secondOfDay % 60, 2)
        if fraction != 0 { put(UInt8(ascii: ".")); pad(fraction, 6) }
        put(UInt8(ascii: "Z"))
        return at
    }
}
