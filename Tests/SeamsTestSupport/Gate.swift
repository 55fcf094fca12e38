import Synchronization

/// A signal a test gives, once: whatever waits on a closed gate — a held server response, a fake fetch — goes on only
/// when the test opens it.
///
/// Tests use gates instead of delays so that an outcome is decided by what the test does, not by how fast the machine
/// happens to be: a response held on a gate the test never opens stalls for as long as the test needs it to.
package final class Gate: Sendable {
    private struct State {
        var isOpen: Bool
        var nextID: UInt64 = 0
        var waiters: [UInt64: @Sendable (_ opened: Bool) -> Void] = [:]
    }

    private let state: Mutex<State>

    /// Creates a gate, closed unless `open`.
    package init(open: Bool = false) {
        state = Mutex(State(isOpen: open))
    }

    /// True once the gate has been opened.
    package var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Opens the gate and lets everything waiting on it go on; opening an open gate does nothing.
    package func open() {
        let waiters = state.withLock { state -> [@Sendable (Bool) -> Void] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter(true) }
    }

    /// Calls `body` once the gate is open: at once, on the caller's thread, when it already is; otherwise on the
    /// thread that opens it.
    package func whenOpen(_ body: @escaping @Sendable () -> Void) {
        _ = register { opened in if opened { body() } }
    }

    /// Suspends until the gate is open; throws `CancellationError` if the task is cancelled first.
    package func wait() async throws {
        let id = Mutex<UInt64?>(nil)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let registered = register { opened in
                    if opened { continuation.resume() } else { continuation.resume(throwing: CancellationError()) }
                }
                id.withLock { $0 = registered }
                if Task.isCancelled, let registered { cancel(registered) }
            }
        } onCancel: {
            if let registered = id.withLock({ $0 }) { cancel(registered) }
        }
    }

    /// Adds a waiter, or calls it at once when the gate is open; returns its id while it waits.
    private func register(_ waiter: @escaping @Sendable (_ opened: Bool) -> Void) -> UInt64? {
        let id = state.withLock { state -> UInt64? in
            guard !state.isOpen else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = waiter
            return state.nextID
        }
        if id == nil { waiter(true) }
        return id
    }

    /// Ends one wait without the gate opening.
    private func cancel(_ id: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?(false)
    }
}
