package import Foundation
import GRDB
import SeamsCluster

extension Store {
    /// Subscribes to a feed, or returns the existing subscription for the same URL.
    ///
    /// A title given here fills in a missing one but never replaces a title already stored. Subscribing again
    /// to a disabled feed (one that answered `410 Gone`) enables it and makes it due at once. `allowsPrivateAddresses`
    /// lets the feed use private addresses (see ``Subscription/allowsPrivateAddresses``); given for an existing
    /// subscription it lifts the check there too, and never turns it back on.
    @discardableResult
    package func addFeed(
        url: String,
        title: String? = nil,
        allowsPrivateAddresses: Bool = false,
        at now: Date = Date()
    ) async throws(StoreError) -> Subscription {
        try await StoreError.wrapping(self) {
            try await writer.write { db in
                if var existing = try FeedRecord.filter(Column("url") == url).fetchOne(db)?.subscription {
                    let before = existing
                    if existing.title == nil, let title { existing.title = title }
                    if allowsPrivateAddresses { existing.allowsPrivateAddresses = true }
                    if existing.disabledAt != nil {
                        existing.disabledAt = nil
                        existing.disabledReason = nil
                        existing.nextFetchAt = nil
                    }
                    if existing != before { try FeedRecord(existing).update(db) }
                    return existing
                }
                var feed = Subscription(url: url, title: title, addedAt: now)
                feed.allowsPrivateAddresses = allowsPrivateAddresses
                var record = FeedRecord(feed)
                try record.insert(db)
                return record.subscription
            }
        }
    }

    /// Every subscribed feed, in the order they were added.
    package func feeds() async throws(StoreError) -> [Subscription] {
        try await StoreError.wrapping(self) {
            try await writer.read { db in try FeedRecord.order(Column("id")).fetchAll(db).map(\.subscription) }
        }
    }

    /// The feed with this id, if subscribed.
    package func feed(id: Int64) async throws(StoreError) -> Subscription? {
        try await StoreError.wrapping(self) {
            try await writer.read { db in try FeedRecord.fetchOne(db, key: id)?.subscription }
        }
    }

    /// The feed with this URL, if subscribed.
    package func feed(url: String) async throws(StoreError) -> Subscription? {
        try await StoreError.wrapping(self) {
            try await writer.read { db in try FeedRecord.filter(Column("url") == url).fetchOne(db)?.subscription }
        }
    }

    /// The ids of every stored article, in ascending order: what a check after a crash compares.
    package func articleIdentifiers() async throws(StoreError) -> [Int64] {
        try await StoreError.wrapping(self) {
            try await writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM article ORDER BY id") }
        }
    }

    /// How many articles each feed has stored, by feed id.
    package func articleCounts() async throws(StoreError) -> [Int64: Int] {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT feedId, COUNT(*) FROM article GROUP BY feedId")
                return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as Int64, $0[1] as Int) })
            }
        }
    }

    /// Unsubscribes from a feed and undoes what it caused: its articles, its learned furniture and the passages
    /// cited from it are deleted, and every article that shared a cluster with one of its articles — or with a
    /// stitched page citing one — is placed afresh in the order it was stored, so clusters the feed merged split
    /// again and canonical records are elected without it: the store ends as one that never had the feed would.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when no feed has this id or URL.
    package func removeFeed(_ idOrURL: String) async throws(StoreError) -> Subscription {
        try await StoreError.wrapping(self) {
            try await writer.write { db in
                let request =
                    Int64(idOrURL).map { FeedRecord.filter(Column("id") == $0) }
                    ?? FeedRecord.filter(Column("url") == idOrURL)
                guard let feed = try request.fetchOne(db)?.subscription, let feedId = feed.id else {
                    throw StoreError(.notFound, "no subscribed feed has the id or URL \"\(idOrURL)\"")
                }
                let touched = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM article WHERE feedId != ?1 AND clusterId IN (
                            SELECT clusterId FROM article WHERE feedId = ?1
                            UNION SELECT page.clusterId FROM compositePassage
                            JOIN article AS page ON page.id = compositePassage.compositeId
                            JOIN article AS source ON source.id = compositePassage.sourceId
                            WHERE source.feedId = ?1)
                        """,
                    arguments: [feedId]
                )
                let held = try Int64.fetchSet(
                    db,
                    sql: "SELECT DISTINCT clusterId FROM article WHERE feedId = ? AND clusterId IS NOT NULL",
                    arguments: [feedId]
                )
                try SQLiteClusterStorage(db: db).removePostings(ofFeed: feedId)
                _ = try FeedRecord.deleteOne(db, key: feedId)  // its articles, furniture and passages go with it
                try withPendingPostings(db) { pending in
                    var deduplicator = deduplicator(db, at: Date(), pending: pending)
                    try deduplicator.replace(touched)
                    for cluster in held { try deduplicator.reelect(cluster) }  // deletes those it alone was in
                }
                return feed
            }
        }
    }
}
