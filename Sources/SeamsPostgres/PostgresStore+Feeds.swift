package import Foundation
import PostgresNIO
import SeamsCluster
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
            let feed = try Self.subscription(row)
            try Self.notifyScheduleChange(feed.id!, in: session)
            return feed
        }
    }

    /// Tells every node, when the transaction commits, that the feed was added, changed or removed.
    static func notifyScheduleChange(_ feedId: Int64, in session: BlockingSession) throws {
        try session.run("SELECT pg_notify($1, $2)", [ScheduleChanges.channel, String(feedId)])
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

extension PostgresStore {
    /// Unsubscribes from a feed and undoes what it caused, as the SQLite store does: its articles, learned furniture
    /// and the passages cited from it go, and every article that shared a cluster with one of its articles — or with
    /// a stitched page citing one — is placed afresh in the order it was stored.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when no feed has this id or URL.
    package func removeFeed(_ idOrURL: String) async throws(StoreError) -> Subscription {
        let (configuration, cache) = (deduplication, fingerprints)
        let removed = try await transaction(placing: true) { session -> Subscription? in
            let byID = Int64(idOrURL)
            guard
                let row = try session.rows(
                    "SELECT \(Self.feedColumns) FROM feed WHERE id = $1 OR url = $2 ORDER BY id = $1 DESC LIMIT 1",
                    [byID ?? -1, idOrURL]
                ).first
            else { return nil }
            let feed = try Self.subscription(row)
            let feedId = feed.id!
            let touched = try session.rows(
                """
                SELECT id FROM article WHERE feedId <> $1 AND clusterId IN (
                    SELECT clusterId FROM article WHERE feedId = $1
                    UNION SELECT page.clusterId FROM compositePassage
                    JOIN article AS page ON page.id = compositePassage.compositeId
                    JOIN article AS source ON source.id = compositePassage.sourceId
                    WHERE source.feedId = $1)
                ORDER BY id
                """,
                [feedId]
            ).map { try $0.decode(Int64.self) }
            let held = try session.rows(
                "SELECT DISTINCT clusterId FROM article WHERE feedId = $1 AND clusterId IS NOT NULL ORDER BY 1",
                [feedId]
            ).map { try $0.decode(Int64.self) }
            for table in ["bandPosting", "printPosting"] {
                let keys = table == "bandPosting" ? "bandKeys" : "printKeys"
                try session.run(
                    """
                    DELETE FROM \(table) AS p USING articlePosting AS ap, article AS a
                    WHERE a.feedId = $1 AND ap.articleId = a.id AND p.articleId = a.id AND p.key = ANY(ap.\(keys))
                    """,
                    [feedId]
                )
            }
            try session.run("DELETE FROM feed WHERE id = $1", [feedId])  // its articles, furniture and passages
            try Self.notifyScheduleChange(feedId, in: session)
            var deduplicator = Deduplicator(
                storage: PostgresClusterStorage(session: session),
                configuration: configuration,
                cache: cache,
                now: Date()
            )
            try deduplicator.replace(touched)
            for cluster in held { try deduplicator.reelect(cluster) }  // deletes those it alone was in
            return feed
        }
        guard let removed else { throw StoreError(.notFound, "no subscribed feed has the id or URL \"\(idOrURL)\"") }
        return removed
    }

    /// Where the store lives, for logs: its address without a password.
    package var path: String { location.description }

    /// Many nodes share the schedule.
    package var isShared: Bool { true }

    /// Nodes hear of new, re-enabled and removed feeds through `LISTEN/NOTIFY`.
    package var notifiesScheduleChanges: Bool { true }

    /// Returns once a node has added, re-enabled or removed a feed since the last call returned.
    package func nextScheduleChange() async { await scheduleChanges.next() }
}

extension PostgresStore: FeedScheduleStore, SubscriptionStore, StoryReader {}
extension PostgresStore: StoryStore {}
