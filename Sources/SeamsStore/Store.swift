import Foundation
import GRDB
import SeamsCluster
package import SeamsFingerprint

/// The SQLite database that holds feeds, articles and story clusters.
///
/// A file database runs in WAL mode, so readers (the CLI inspecting clusters) never block the writer (a sync)
/// and a crash or kill loses nothing that was committed. Every method is one transaction. Writes from many
/// tasks are serialized by GRDB; `Store` is safe to share.
///
/// For example:
///
/// ```swift
/// let store = try Store(path: "seams.sqlite")
/// let feed = try await store.addFeed(url: "https://example.org/feed.xml")
/// ```
package final class Store: Sendable {
    let writer: any DatabaseWriter
    /// The database file's path, or `:memory:`.
    package let path: String
    /// The deduplicator's settings.
    package let deduplication: DedupConfiguration
    let fingerprints = FingerprintCache()

    /// The most bytes the database file may grow to, or nil for no limit but the disk's.
    package let maximumSize: Int?

    /// Opens (creating if needed) the database at `path` and brings its schema up to date; `:memory:` opens a
    /// private in-memory database, for tests.
    ///
    /// With a `maximumSize`, a write that would grow the file past it fails with ``StoreError/Code/full``, exactly as
    /// when the disk is full: the transaction is rolled back, everything committed before stays, and writes succeed
    /// again once there is room.
    ///
    /// - Throws: ``StoreError`` with ``StoreError/Code/cannotOpen`` when the file cannot be opened or is not a
    ///   Seams database.
    package init(
        path: String,
        deduplication: DedupConfiguration = DedupConfiguration(),
        maximumSize: Int? = nil
    ) throws(StoreError) {
        self.path = path
        self.deduplication = deduplication
        self.maximumSize = maximumSize
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL never corrupts the database and loses nothing when the process crashes or is killed
            // (only a power loss can roll back the last commits), and it is much faster than FULL. The writer's 64 MB
            // page cache keeps the deduplicator's index lookups out of system calls; readers keep SQLite's 8 MB, so a
            // long-running daemon's memory stays bounded whatever the database's size.
            let cacheKilobytes = db.configuration.readonly ? 8192 : 65536
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheKilobytes)")
            if let maximumSize, !db.configuration.readonly {
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maximumSize / pageSize))")
            }
        }
        configuration.maximumReaderCount = 2
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                guard FileManager.default.fileExists(atPath: directory) else {
                    throw StoreError(
                        .cannotOpen,
                        "cannot open the database \(path): the folder \(directory) does not exist"
                    )
                }
                writer = try DatabasePool(path: path, configuration: configuration)
            }
            try Migrations.migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.full(path: path, maximumSize: maximumSize, cause: error)
        } catch let error as DatabaseError {
            throw StoreError(
                .cannotOpen,
                "cannot open the database \(path): \(error.message ?? error.description)",
                cause: error
            )
        } catch {
            throw StoreError(.cannotOpen, "cannot open the database \(path): \(error)", cause: error)
        }
    }

    /// Counts of what the store holds.
    package struct Totals: Sendable, Equatable, Codable {
        /// Subscribed feeds.
        package var feeds: Int
        /// Stored articles.
        package var articles: Int
        /// Story clusters.
        package var clusters: Int

        /// Creates totals.
        package init(feeds: Int, articles: Int, clusters: Int) {
            self.feeds = feeds
            self.articles = articles
            self.clusters = clusters
        }
    }

    /// How many feeds, articles and clusters the store holds.
    package func totals() async throws(StoreError) -> Totals {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                Totals(
                    feeds: try FeedRecord.fetchCount(db),
                    articles: try ArticleRecord.fetchCount(db),
                    clusters: try ClusterRecord.fetchCount(db)
                )
            }
        }
    }

    /// What the store holds and how its feeds have been fetched, for metrics.
    package struct Census: Sendable, Equatable {
        /// Feeds, articles and clusters.
        package var totals: Totals
        /// Clusters that hold a stitched article.
        package var compositeClusters: Int
        /// Fetches tried over all feeds' lifetimes.
        package var fetches: Int
        /// Of those, how many were answered `304 Not Modified`.
        package var notModified: Int

        /// Creates a census.
        package init(totals: Totals, compositeClusters: Int, fetches: Int, notModified: Int) {
            self.totals = totals
            self.compositeClusters = compositeClusters
            self.fetches = fetches
            self.notModified = notModified
        }
    }

    /// Counts for metrics: feeds, articles, clusters, clusters of stitched pages, fetches and 304s.
    package func census() async throws(StoreError) -> Census {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                let totals = Totals(
                    feeds: try FeedRecord.fetchCount(db),
                    articles: try ArticleRecord.fetchCount(db),
                    clusters: try ClusterRecord.fetchCount(db)
                )
                let composites =
                    try Int.fetchOne(
                        db,
                        sql: "SELECT COUNT(*) FROM cluster WHERE hasComposite = 1"
                    ) ?? 0  // an index range
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT COALESCE(SUM(fetchCount), 0), COALESCE(SUM(notModifiedCount), 0) FROM feed"
                )
                return Census(
                    totals: totals,
                    compositeClusters: composites,
                    fetches: row?[0] ?? 0,
                    notModified: row?[1] ?? 0
                )
            }
        }
    }

    /// Runs SQLite's own consistency check, then checks that every cluster's listing keys (size, composite flag,
    /// sort date) agree with its members and that the candidate indexes hold only stored articles; "ok" means the
    /// file is sound, the listings are true and the indexes clean.
    package func integrityCheck() async throws(StoreError) -> String {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                let sqlite = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
                guard sqlite == "ok" else { return sqlite }
                let stale =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT COUNT(*) FROM cluster WHERE
                                size != (SELECT COUNT(*) FROM article WHERE article.clusterId = cluster.id)
                                OR hasComposite != EXISTS (SELECT 1 FROM article WHERE article.clusterId = cluster.id AND isComposite = 1)
                                OR sortKey IS NOT (SELECT appearedAt FROM article WHERE id = cluster.canonicalArticleId)
                            """
                    ) ?? 0
                guard stale == 0 else { return "\(stale) clusters have listing keys that disagree with their members" }
                let postingTables = PostingIndex.all.flatMap(\.tables)
                let orphans =
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT (SELECT COUNT(*) FROM articlePosting WHERE articleId NOT IN (SELECT id FROM article))"
                            + postingTables.map {
                                " + (SELECT COUNT(*) FROM \($0) WHERE articleId NOT IN (SELECT articleId FROM articlePosting))"
                            }
                            .joined()
                    ) ?? 0
                guard orphans == 0 else { return "\(orphans) postings are of articles that are no longer stored" }
                // Each article's keys are distinct, so each is one row of one level of its index once written.
                let unwritten =
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT (SELECT COALESCE(SUM(length(bandKeys) / 4 + length(printKeys) / 4), 0) FROM articlePosting)"
                            + postingTables.map { " - (SELECT COUNT(*) FROM \($0))" }.joined()
                    ) ?? 0
                guard unwritten == 0 else { return "\(unwritten) postings indexed were never written" }
                for index in PostingIndex.all {
                    let kept = try index.rows(in: db)
                    let counted = try index.tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? 0 }
                    guard [kept.main, kept.recent] == counted else {
                        return
                            "\(index.main) keeps counts \(kept.main) and \(kept.recent) of its levels' \(counted) rows"
                    }
                }
                return "ok"
            }
        }
    }
}
