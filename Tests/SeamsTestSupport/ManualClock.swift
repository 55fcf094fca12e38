package import Foundation
import SeamsSync
import Synchronization

/// A ``SyncClock`` whose time moves only when the test moves it.
///
/// Sleepers wait until ``advance(by:)`` carries the time past their deadline, so a daemon's poll, a held feed's retry
/// and a shutdown deadline happen exactly when the test says, on any machine. ``sleepers`` and ``waitForSleepers(_:)``
/// tell the test when the code under test has reached a wait.
///
/// For example:
///
/// ```swift
/// let clock = ManualClock()
/// let daemon = SyncDaemon(fetcher: fetcher, store: store, logger: logger, clock: clock)
/// await clock.waitForSleepers(1)      // the dispatcher is waiting for the next poll
/// clock.advance(by: .seconds(1))      // and now it polls
/// ```
package final class ManualClock: SyncClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var cancelled: Set<UInt64> = []
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    /// Creates a clock that reads `now` until it is advanced; by default the real time at creation, so that stored
    /// dates look like real ones.
    package init(now: Date = Date()) {
        state = Mutex(State(now: now))
    }

    /// The clock's time.
    package var now: Date { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock now.
    package var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline among the sleepers, if any sleeps.
    package var nextDeadline: Date? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    /// Suspends until `duration` has passed on this clock; throws `CancellationError` when the task is cancelled first.
    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resumeNow, watchers) = state.withLock {
                    state -> (Result<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
                    if state.cancelled.remove(id) != nil { return (.failure(CancellationError()), []) }
                    let deadline = state.now.addingTimeInterval(duration.inSeconds)
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (nil, Self.takeWatchers(&state))
                }
                for watcher in watchers { watcher.resume() }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return sleeper }
                state.cancelled.insert(id)
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }

    /// Moves the time on by `duration` and wakes every sleeper whose deadline it reaches.
    package func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.addingTimeInterval(duration.inSeconds)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the time on to the earliest sleeper's deadline and wakes it (and any sharing that deadline); returns
    /// false, moving nothing, when nobody sleeps or the earliest deadline is further away than `limit`.
    @discardableResult
    package func advanceToNextDeadline(within limit: Duration = .seconds(365 * 86_400)) -> Bool {
        guard let deadline = nextDeadline else { return false }
        let gap = max(0, deadline.timeIntervalSince(now))
        guard gap <= limit.inSeconds else { return false }
        advance(by: .milliseconds(Int((gap * 1000).rounded(.up))))
        return true
    }

    /// Suspends until at least `count` tasks sleep on this clock.
    package func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private static func takeWatchers(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let count = state.sleepers.count
        let ready = state.watchers.filter { $0.count <= count }.map(\.continuation)
        state.watchers.removeAll { $0.count <= count }
        return ready
    }
}
