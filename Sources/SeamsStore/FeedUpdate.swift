package import Foundation
package import SeamsCore

/// What one fetch of a feed came to, ready to be written: the store applies many in one transaction.
///
/// The sync pipeline builds updates off the database (fetching, parsing and extracting text) so that the one
/// writer only writes.
package struct FeedUpdate: Sendable {
    /// What the fetch brought.
    package enum Result: Sendable {
        /// A document was parsed: its metadata and its entries, ready to store and cluster.
        case parsed(FeedSnapshot, [ArticleDraft])
        /// Nothing to parse: a `304 Not Modified`, or the same body as last time.
        case unchanged(status: Int, etag: String?, lastModified: String?)
        /// The feed could not be fetched or parsed.
        case failed(code: FailureCode, message: String, status: Int?)
    }

    /// The feed.
    package var feedId: Int64
    /// When the fetch was made.
    package var fetchedAt: Date
    /// When its new articles count as first seen: the start of the sync they came in (so that copies from one run
    /// are seen together, see `CanonicalElection`), else ``fetchedAt``.
    package var seenAt: Date
    /// What it brought.
    package var result: Result
    /// When to fetch next and what the schedule learned.
    package var schedule: FeedScheduleChange
    /// How long the fetch took, in seconds.
    package var duration: Double
    /// Bytes received.
    package var bytes: Int
    /// True when the fetch was sent without validators.
    package var wasUnconditional: Bool

    /// Creates an update.
    package init(
        feedId: Int64,
        fetchedAt: Date,
        result: Result,
        schedule: FeedScheduleChange,
        duration: Double = 0,
        bytes: Int = 0,
        wasUnconditional: Bool = false,
        seenAt: Date? = nil
    ) {
        self.feedId = feedId
        self.fetchedAt = fetchedAt
        self.seenAt = seenAt ?? fetchedAt
        self.result = result
        self.schedule = schedule
        self.duration = duration
        self.bytes = bytes
        self.wasUnconditional = wasUnconditional
    }
}

/// The schedule's part of a ``FeedUpdate``: the next fetch, and what changes about the feed's subscription.
package struct FeedScheduleChange: Sendable, Equatable {
    /// When the feed is next due.
    package var nextFetchAt: Date
    /// The regular interval in seconds, without error backoff.
    package var interval: Double
    /// The publishing rate estimated from this fetch, nil when it taught nothing (the stored one stays).
    package var entriesPerDay: Double?
    /// Set to disable the feed, with the reason as an error code (`fetch.gone` for a 410).
    package var disabledReason: FailureCode?
    /// The permanent redirect target seen on this fetch, nil when there was none (which resets the count).
    package var redirectURL: String?
    /// How many fetches in a row, this one included, were permanently redirected to ``redirectURL``.
    package var redirectCount: Int
    /// Set when the redirect has been seen often enough: the feed's URL becomes this one, unless another
    /// subscription already has it.
    package var adoptURL: String?

    /// Creates a change.
    package init(
        nextFetchAt: Date,
        interval: Double,
        entriesPerDay: Double? = nil,
        disabledReason: FailureCode? = nil,
        redirectURL: String? = nil,
        redirectCount: Int = 0,
        adoptURL: String? = nil
    ) {
        self.nextFetchAt = nextFetchAt
        self.interval = interval
        self.entriesPerDay = entriesPerDay
        self.disabledReason = disabledReason
        self.redirectURL = redirectURL
        self.redirectCount = redirectCount
        self.adoptURL = adoptURL
    }
}

/// What applying one ``FeedUpdate`` did.
package struct FeedUpdateOutcome: Sendable {
    /// The feed.
    package var feedId: Int64
    /// The articles stored, when the update carried a parsed document; an error when storing it failed (the
    /// failure is then recorded on the feed, and nothing of that document is kept).
    package var ingest: Result<IngestReport, StoreError>?
    /// The URL the feed moved to, when this update adopted a permanent redirect.
    package var adoptedURL: String?
    /// True when the redirect could not be adopted because another subscription has that URL.
    package var redirectConflict: Bool

    /// Creates an outcome.
    package init(
        feedId: Int64,
        ingest: Result<IngestReport, StoreError>? = nil,
        adoptedURL: String? = nil,
        redirectConflict: Bool = false
    ) {
        self.feedId = feedId
        self.ingest = ingest
        self.adoptedURL = adoptedURL
        self.redirectConflict = redirectConflict
    }
}
