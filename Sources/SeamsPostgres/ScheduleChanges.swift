import Foundation
import Logging
import PostgresNIO

/// What other nodes told this one about the schedule — a feed subscribed, re-enabled or removed — through PostgreSQL's
/// `LISTEN/NOTIFY` on ``channel``: a waiting daemon wakes at once instead of polling.
actor ScheduleChanges {
    /// The channel the store notifies when a feed is added, changed or removed.
    static let channel = "seams_feeds"

    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var changes = 0
    private var consumed = 0

    /// Wakes every waiter: the schedule changed.
    func heard() {
        changes += 1
        for waiter in waiters.values { waiter.resume() }
        waiters = [:]
    }

    /// Returns once a change is heard that the last call did not see (at once if one already was), or when
    /// cancelled.
    func next() async {
        defer { consumed = changes }
        let seen = consumed
        guard changes == seen else { return }
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || changes != seen {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    private func cancel(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }

    /// Listens on a connection of its own until cancelled, reconnecting after a failure; every notification wakes
    /// the waiters (and so does a reconnection, since changes may have been missed meanwhile).
    func listen(_ client: PostgresClient, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        self.heard()
                        for try await _ in notifications { self.heard() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("cannot listen for feed changes; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
