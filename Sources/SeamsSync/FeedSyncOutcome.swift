import SeamsStore

/// What syncing one feed came to.
public struct FeedSyncOutcome: Sendable {
    /// How the sync of one feed ended.
    public enum Result: Sendable, Equatable {
        /// The feed was fetched and parsed; some entries were new or changed.
        case changed(IngestReport)
        /// Nothing changed: a 304, an identical body, or entries identical to what was stored.
        case unchanged
        /// The feed could not be fetched, parsed or stored; the error is recorded on the feed.
        case failed(code: String, message: String)
    }

    /// The feed.
    public var feed: FeedRecord
    /// How it ended.
    public var result: Result
    /// Entries in the document (0 when it was not parsed).
    public var entries: Int
    /// Recoverable problems met while parsing.
    public var warnings: [String]

    /// A short human description, as `seams sync` prints it: `new 3, updated 1`, `unchanged`, `error: …`.
    public var summary: String {
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
    public var isFailure: Bool {
        if case .failed = result { return true }
        return false
    }
}
