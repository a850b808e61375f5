/// Lets the refresh loop sleep until someone signals (a write the service made) or a timeout,
/// whichever comes first. A signal sent while nobody waits is kept for the next wait, so a write
/// that lands between two waits is not missed. One waiter at a time.
package final class WakeSignal: Sendable {
    package init() {}

    private struct State {
        var signalled = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        /// A timeout or cancellation that came before its waiter registered.
        var woken: UInt64?
        var lastId: UInt64 = 0
    }
    private let state = Locked(State())

    package func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns when signalled (now or since the last wait), after `timeout`, or when the task is cancelled.
    package func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64? in
            if state.signalled {
                state.signalled = false
                return nil
            }
            state.lastId += 1
            return state.lastId
        }
        guard let id else { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.wake(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.signalled || state.woken == id {
                        state.signalled = false
                        return true
                    }
                    state.waiter = (id, continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            wake(id)
        }
    }

    /// Ends wait `id` (timeout or cancellation), or marks it ended if it has not started waiting.
    private func wake(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                state.woken = id
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
