import Foundation
import SeamsCore
import SeamsParse
package import SeamsStore

/// The documented JSON of `seams feeds list --json`: each feed with its status.
///
/// `{"feeds": [{"id", "url", "title", "site_url", "format", "articles", "last_fetched", "last_success",
/// "last_status", "last_error": {"code", "message"} | null, "consecutive_errors", "next_fetch", "disabled": {"since",
/// "reason"} | null, "fetches", "not_modified_rate", "entries_per_day", "interval_seconds"}]}`; missing values are
/// `null`.
package struct FeedStatusJSON: Encodable, Sendable {
    struct Feed: Encodable, Sendable {
        var id: Int64
        var url: String
        var title: String?
        var siteURL: String?
        var format: String?
        var articles: Int
        var lastFetched: String?
        var lastSuccess: String?
        var lastStatus: Int?
        var lastError: ErrorInfo?
        var consecutiveErrors: Int
        var nextFetch: String?
        var disabled: Disabled?
        var fetches: Int
        var notModifiedRate: Double?
        var entriesPerDay: Double?
        var intervalSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case id, url, title
            case siteURL = "site_url"
            case format, articles
            case lastFetched = "last_fetched"
            case lastSuccess = "last_success"
            case lastStatus = "last_status"
            case lastError = "last_error"
            case consecutiveErrors = "consecutive_errors"
            case nextFetch = "next_fetch"
            case disabled, fetches
            case notModifiedRate = "not_modified_rate"
            case entriesPerDay = "entries_per_day"
            case intervalSeconds = "interval_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(url, forKey: .url)
            try container.encode(title, forKey: .title)
            try container.encode(siteURL, forKey: .siteURL)
            try container.encode(format, forKey: .format)
            try container.encode(articles, forKey: .articles)
            try container.encode(lastFetched, forKey: .lastFetched)
            try container.encode(lastSuccess, forKey: .lastSuccess)
            try container.encode(lastStatus, forKey: .lastStatus)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(consecutiveErrors, forKey: .consecutiveErrors)
            try container.encode(nextFetch, forKey: .nextFetch)
            try container.encode(disabled, forKey: .disabled)
            try container.encode(fetches, forKey: .fetches)
            try container.encode(notModifiedRate, forKey: .notModifiedRate)
            try container.encode(entriesPerDay, forKey: .entriesPerDay)
            try container.encode(intervalSeconds, forKey: .intervalSeconds)
        }
    }

    struct Disabled: Encodable, Sendable {
        var since: String
        var reason: FailureCode
    }

    struct ErrorInfo: Encodable, Sendable {
        var code: FailureCode
        var message: String
    }

    let feeds: [Feed]

    /// Creates the document from the feeds and each feed's article count (by feed id).
    package init(_ feeds: [Subscription], articleCounts: [Int64: Int]) {
        self.feeds = feeds.map { Feed($0, articles: articleCounts[$0.id!] ?? 0) }
    }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }
}

/// The answer to subscribing over the API: `{"feed": FEED}`, a feed as in ``FeedStatusJSON``.
package struct SubscribedFeedJSON: Encodable, Sendable {
    let feed: FeedStatusJSON.Feed

    /// Creates the document for one feed.
    package init(_ feed: Subscription) { self.feed = FeedStatusJSON.Feed(feed, articles: 0) }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }
}

extension FeedStatusJSON.Feed {
    init(_ feed: Subscription, articles: Int) {
        let rfc3339 = { (date: Date?) in date.map { FeedDate(date: $0, utcOffset: nil).rfc3339 } }
        self.init(
            id: feed.id!,
            url: feed.url,
            title: feed.title,
            siteURL: feed.siteURL,
            format: feed.format,
            articles: articles,
            lastFetched: rfc3339(feed.lastFetchedAt),
            lastSuccess: rfc3339(feed.lastSuccessAt),
            lastStatus: feed.lastStatus,
            lastError: feed.lastErrorCode.map {
                FeedStatusJSON.ErrorInfo(code: $0, message: feed.lastErrorMessage ?? "")
            },
            consecutiveErrors: feed.consecutiveErrors,
            nextFetch: feed.disabledAt == nil ? rfc3339(feed.nextFetchAt) : nil,
            disabled: feed.disabledAt.map {
                FeedStatusJSON.Disabled(
                    since: rfc3339($0)!,
                    reason: feed.disabledReason ?? FailureCode(rawValue: "disabled")
                )
            },
            fetches: feed.fetchCount,
            notModifiedRate: feed.notModifiedRate,
            entriesPerDay: feed.entriesPerDay,
            intervalSeconds: feed.fetchInterval
        )
    }
}
