package import Foundation

/// Where the sync daemon and pipeline read the time and wait: the system clock in production, a manual clock in tests.
///
/// Every decision that depends on time — which feeds are due, how long the dispatcher sleeps, when a held feed may be
/// retried, when the shutdown deadline has passed — goes through one clock, so a test can move time on by hand and get
/// the same outcome on any machine, however loaded. Measurements (how long a fetch took, for logs and metrics) are
/// not decisions and use the real monotonic clock.
package protocol SyncClock: Sendable {
    /// The wall-clock time now, the kind schedules are stored in.
    var now: Date { get }

    /// Waits for `duration` of this clock's time; throws `CancellationError` when the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// The system's clock: `Date()` for the time and `Task.sleep` for waits.
package struct SystemClock: SyncClock {
    /// Creates the system clock.
    package init() {}

    /// The current date.
    package var now: Date { Date() }

    /// Sleeps for `duration` of real time.
    package func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
