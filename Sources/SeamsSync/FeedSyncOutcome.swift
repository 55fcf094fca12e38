package import Foundation
package import SeamsCore
package import SeamsStore

/// What syncing one feed came to.
package struct FeedSyncOutcome: Sendable {
    /// How the sync of one feed ended.
    package enum Result: Sendable, Equatable {
        /// The feed was fetched and parsed; some entries were new or changed.
        case changed(IngestReport)
        /// Nothing changed: a 304, an identical body, or entries identical to what was stored.
        case unchanged
        /// The feed could not be fetched, parsed or stored; the error is recorded on the feed.
        case failed(code: FailureCode, message: String)
    }

    /// The feed.
    package var feed: Subscription
    /// How it ended.
    package var result: Result
    /// Entries in the document (0 when it was not parsed).
    package var entries: Int
    /// Recoverable problems met while parsing.
    package var warnings: [String]
    /// The HTTP status, when a response arrived (0 for files).
    package var status: Int? = nil
    /// Bytes received.
    package var bytes = 0
    /// How long the fetch took.
    package var duration: Duration = .zero
    /// When the feed is due again (nil when the fetch was abandoned or could not be stored).
    package var nextFetchAt: Date? = nil
    /// The URL the feed moved to, when this fetch adopted a permanent redirect.
    package var movedTo: String? = nil
    /// True when this fetch disabled the feed (a `410 Gone`).
    package var disabled = false

    /// Creates an outcome.
    package init(feed: Subscription, result: Result, entries: Int, warnings: [String]) {
        self.feed = feed
        self.result = result
        self.entries = entries
        self.warnings = warnings
    }

    /// A short human description, as `seams sync` prints it: `new 3, updated 1`, `unchanged`, `error: …`.
    package var summary: String {
        switch result {
        case .changed(let report):
            var parts: [String] = []
            if report.new > 0 { parts.append("new \(report.new)") }
            if report.updated > 0 { parts.append("updated \(report.updated)") }
            if report.unchanged > 0 { parts.append("unchanged \(report.unchanged)") }
            return parts.joined(separator: ", ")
        case .unchanged: return "unchanged"
        case .failed(let code, let message): return "error: \(message) [\(code)]"
        }
    }

    /// True when the feed could not be synced.
    package var isFailure: Bool {
        if case .failed = result { return true }
        return false
    }
}
