#if canImport(Glibc)
import Glibc
#endif

/// Reads a file (or standard input for `-`) line by line with `getline`, one reused buffer.
/// Owns the `FILE*` and closes it (never stdin) in `deinit`.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    init(path: String) throws(IngestError) {
        if path == "-" {
            guard let input = fdopen(STDIN_FILENO, "rb") else {
                throw .unreadableInput(path: "standard input", message: String(cString: strerror(errno)))
            }
            file = input
            ownsFile = false  // closing it would close descriptor 0
        } else {
            guard let opened = fopen(path, "rb") else {
                throw .unreadableInput(path: path, message: String(cString: strerror(errno)))
            }
            file = opened
            ownsFile = true
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line without its `\n` (and `\r`), or nil at the end of the input.
    func next() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var count = length
        if count > 0, buffer[count - 1] == 0x0A { count -= 1 }
        if count > 0, buffer[count - 1] == 0x0D { count -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Whether reading stopped on an error rather than at the end.
    var failed: Bool { ferror(file) != 0 }
}
