import Foundation

/// A value behind a lock, for state shared between request tasks and the refresh task.
/// (`Synchronization.Mutex` needs macOS 15; this package supports macOS 14.)
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    package var current: Value { withLock { $0 } }
}
