#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an export's bytes go: a temporary file next to the target, renamed over it only when the
/// whole document was written (so a failure never leaves a truncated file under the target name),
/// or an already open descriptor such as standard output.
final class GraphMLOutputFile {
    let fileDescriptor: Int32
    private let temporaryPath: String?
    private let targetPath: String?
    private var finished = false

    /// Creates `.<name>.XXXXXX.tmp` in the target's directory (same file system, so rename is atomic).
    init(path: String) throws(GraphMLError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw .cannotOpen(path, errno: EISDIR) }
        var template = Array((directory + "." + name + ".XXXXXX.tmp").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard fd >= 0 else { throw .cannotOpen(path, errno: errno) }
        // mkstemp creates 0600; an export is an ordinary file.
        _ = fchmod(fd, 0o644)
        self.fileDescriptor = fd
        self.temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.targetPath = path
    }

    /// Writes to `fd` (not closed here).
    init(fileDescriptor fd: Int32) {
        self.fileDescriptor = fd
        self.temporaryPath = nil
        self.targetPath = nil
    }

    /// Makes the written document durable and visible under the target name.
    func commit() throws(GraphMLError) {
        guard let temporaryPath, let targetPath else { finished = true; return }
        if fsync(fileDescriptor) != 0 { throw .writeFailed("syncing \(targetPath)", errno: errno) }
        let closed = close(fileDescriptor)
        finished = true
        if closed != 0 {
            let number = errno
            unlink(temporaryPath)
            throw .writeFailed("closing \(targetPath)", errno: number)
        }
        if rename(temporaryPath, targetPath) != 0 {
            let number = errno
            unlink(temporaryPath)
            throw .writeFailed("renaming the finished export to \(targetPath)", errno: number)
        }
    }

    deinit {
        guard !finished, let temporaryPath else { return }
        close(fileDescriptor)
        unlink(temporaryPath)
    }
}
