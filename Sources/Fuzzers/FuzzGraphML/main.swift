#if canImport(Glibc)
import Glibc
#endif
import GraphML

// libFuzzer entry point: the input is a GraphML document, read from memory through the real
// reader (libxml2's xmlTextReader behind CLibXML2, then GraphMLDocumentParser and the row
// collector). A graph that imports is written back out as GraphML (to /dev/null), so whatever the
// reader accepts the writer must handle too. Errors are fine; traps and sanitizer reports are not.

/// Tight bounds keep one input cheap; hitting them is a clean `limitExceeded`.
let importer = GraphMLImporter(limits: GraphMLReadLimits(maxDepth: 32, maxValueBytes: 64 << 10))
let devNull = open("/dev/null", O_WRONLY)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGraphML(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes: [UInt8] = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let imported: GraphMLImport
    do {
        imported = try importer.read(bytes: bytes)
    } catch {
        _ = error.description
        return 0
    }
    do {
        _ = try GraphMLExporter(snapshot: imported.snapshot).write(toFileDescriptor: devNull)
    } catch {
        _ = error.description
    }
    return 0
}
