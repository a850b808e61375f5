import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real file system that fills up: a tmpfs of `bytes` mounted on a fresh temporary directory
/// (needs root, or CAP_SYS_ADMIN; the tests run as root here and in CI). Unmount with ``remove()``.
struct SmallFileSystem {
    let path: String

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// Mounts it, or throws ``Unavailable`` saying why (never skips silently).
    init(bytes: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("graphml-tmpfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: path)
            throw Unavailable(description: "cannot mount a \(bytes)-byte tmpfs on \(path) (\(reason)): this test needs "
                + "root with CAP_SYS_ADMIN (run the tests as root, or the container with --cap-add SYS_ADMIN); "
                + "the RLIMIT_FSIZE variant of the test needs no privilege")
        }
    }

    /// The names in the file system's root, hidden ones included.
    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    /// Bytes free (statvfs).
    func freeBytes() -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return -1 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    func remove() {
        if umount2(path, 0) != 0 { _ = umount2(path, Int32(MNT_DETACH)) }
        try? FileManager.default.removeItem(atPath: path)
    }
}
