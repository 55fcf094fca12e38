package import Foundation
import PostgresNIO
import SeamsCore
package import SeamsStore

extension PostgresStore {
    /// The feed columns ``subscription(_:)`` reads, in its order.
    static let feedColumns = """
        id, url, title, siteURL, format, etag, lastModified, bodyHash, addedAt, lastFetchedAt, lastSuccessAt, \
        lastStatus, lastErrorCode, lastErrorMessage, consecutiveErrors, nextFetchAt, fetchInterval, entriesPerDay, \
        disabledAt, disabledReason, fetchCount, notModifiedCount, redirectURL, redirectCount, lastUnconditionalAt, \
        lastDuration, lastBytes, allowsPrivateAddresses
        """

    /// A subscription from a row of ``feedColumns``.
    static func subscription(_ row: PostgresRow) throws -> Subscription {
        let cells = row.makeRandomAccess()
        var feed = Subscription(url: try cells[1].decode(String.self), addedAt: try cells[8].decode(Date.self))
        feed.id = try cells[0].decode(Int64.self)
        feed.title = try cells[2].decode(String?.self)
        feed.siteURL = try cells[3].decode(String?.self)
        feed.format = try cells[4].decode(String?.self)
        feed.etag = try cells[5].decode(String?.self)
        feed.lastModified = try cells[6].decode(String?.self)
        feed.bodyHash = try cells[7].decode(Int64?.self)
        feed.lastFetchedAt = try cells[9].decode(Date?.self)
        feed.lastSuccessAt = try cells[10].decode(Date?.self)
        feed.lastStatus = try cells[11].decode(Int32?.self).map(Int.init)
        feed.lastErrorCode = try cells[12].decode(String?.self).map(FailureCode.init(rawValue:))
        feed.lastErrorMessage = try cells[13].decode(String?.self)
        feed.consecutiveErrors = Int(try cells[14].decode(Int32.self))
        feed.nextFetchAt = try cells[15].decode(Date?.self)
        feed.fetchInterval = try cells[16].decode(Double?.self)
        feed.entriesPerDay = try cells[17].decode(Double?.self)
        feed.disabledAt = try cells[18].decode(Date?.self)
        feed.disabledReason = try cells[19].decode(String?.self).map(FailureCode.init(rawValue:))
        feed.fetchCount = Int(try cells[20].decode(Int32.self))
        feed.notModifiedCount = Int(try cells[21].decode(Int32.self))
        feed.redirectURL = try cells[22].decode(String?.self)
        feed.redirectCount = Int(try cells[23].decode(Int32.self))
        feed.lastUnconditionalAt = try cells[24].decode(Date?.self)
        feed.lastDuration = try cells[25].decode(Double?.self)
        feed.lastBytes = try cells[26].decode(Int64?.self).map(Int.init)
        feed.allowsPrivateAddresses = try cells[27].decode(Bool.self)
        return feed
    }

    /// Subscribes to a feed, or returns the existing subscription for the same URL, as the SQLite store does: a title
    /// fills in a missing one, `allowsPrivateAddresses` only ever lifts the check, and a disabled feed is enabled
    /// again and due at once.
    @discardableResult
    package func addFeed(
        url: String,
        title: String? = nil,
        allowsPrivateAddresses: Bool = false,
        at now: Date = Date()
    ) async throws(StoreError) -> Subscription {
        try await transaction(placing: false) { session in
            let select = "SELECT \(Self.feedColumns) FROM feed WHERE url = $1"
            if try session.rows(select, [url]).isEmpty {
                // Two nodes subscribing one URL at once: the second's insert does nothing and it updates the first's
                // row below. (An upsert would spend an id on every existing URL it is given.)
                try session.run(
                    """
                    INSERT INTO feed (url, title, addedAt, allowsPrivateAddresses) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (url) DO NOTHING
                    """,
                    [url, title, now, allowsPrivateAddresses]
                )
            }
            try session.run(
                """
                UPDATE feed SET title = COALESCE(title, $2),
                    allowsPrivateAddresses = allowsPrivateAddresses OR $3,
                    nextFetchAt = CASE WHEN disabledAt IS NULL THEN nextFetchAt END,
                    disabledReason = NULL, disabledAt = NULL
                WHERE url = $1 AND (title IS NULL AND $2::text IS NOT NULL OR ($3 AND NOT allowsPrivateAddresses)
                    OR disabledAt IS NOT NULL)
                """,
                [url, title, allowsPrivateAddresses]
            )
            guard let row = try session.rows(select, [url]).first else {
                throw PostgresStorageFailure("the feed \(url) was not stored")
            }
            return try Self.subscription(row)
        }
    }

    /// Every subscribed feed, in the order they were added.
    package func feeds() async throws(StoreError) -> [Subscription] {
        try await subscriptions("SELECT \(Self.feedColumns) FROM feed ORDER BY id", [])
    }

    /// The feed with this id, if any.
    package func feed(id: Int64) async throws(StoreError) -> Subscription? {
        try await subscriptions("SELECT \(Self.feedColumns) FROM feed WHERE id = $1", [id]).first
    }

    /// The feed subscribed under this URL, if any.
    package func feed(url: String) async throws(StoreError) -> Subscription? {
        try await subscriptions("SELECT \(Self.feedColumns) FROM feed WHERE url = $1", [url]).first
    }

    func subscriptions(_ sql: String, _ binds: [any PostgresBind]) async throws(StoreError) -> [Subscription] {
        try await transaction(placing: false) { session in try session.rows(sql, binds).map(Self.subscription) }
    }

    /// How many feeds, articles and clusters the store holds.
    package func totals() async throws(StoreError) -> Store.Totals {
        try await transaction(placing: false) { session in
            guard
                let row = try session.rows(
                    "SELECT (SELECT COUNT(*) FROM feed), (SELECT COUNT(*) FROM article), (SELECT COUNT(*) FROM cluster)"
                ).first
            else { throw PostgresStorageFailure("counting returned no row") }
            let (feeds, articles, clusters) = try row.decode((Int64, Int64, Int64).self)
            return Store.Totals(feeds: Int(feeds), articles: Int(articles), clusters: Int(clusters))
        }
    }
}
