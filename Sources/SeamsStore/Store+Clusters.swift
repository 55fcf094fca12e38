import Foundation
import GRDB

/// A stored article with the URL of the feed it came from.
public struct StoredArticle: Sendable, Hashable {
    /// The article.
    public var article: ArticleRecord
    /// The URL of its feed, as subscribed.
    public var feedURL: String
    /// The title of its feed, if known.
    public var feedTitle: String?
}

/// A story cluster with all its articles.
public struct StoryCluster: Sendable, Hashable {
    /// The cluster.
    public var cluster: ClusterRecord
    /// Its articles: the canonical one first, then the others by when they appeared.
    public var articles: [StoredArticle]

    /// The cluster's id.
    public var id: Int64 { cluster.id! }

    /// The canonical article.
    public var canonical: StoredArticle { articles[0] }

    /// The articles other than the canonical one: the other outlets' copies.
    public var copies: ArraySlice<StoredArticle> { articles.dropFirst() }
}

/// Which clusters to list.
public struct ClusterQuery: Sendable {
    /// At most this many clusters.
    public var limit: Int = 50
    /// Only clusters whose canonical article appeared at or after this instant.
    public var since: Date?
    /// Only clusters with at least this many articles (2: stories that were copied).
    public var minimumSize = 1
    /// Only clusters of stitched articles.
    public var compositesOnly = false

    /// Creates a query for the newest clusters.
    public init(limit: Int = 50, since: Date? = nil, minimumSize: Int = 1) {
        self.limit = limit
        self.since = since
        self.minimumSize = minimumSize
    }
}

extension Store {
    /// The clusters whose canonical article appeared most recently, newest first, with their articles.
    public func clusters(_ query: ClusterQuery = ClusterQuery()) async throws(StoreError) -> [StoryCluster] {
        try await StoreError.wrapping {
            try await writer.read { db in
                var sql = """
                    SELECT cluster.id FROM cluster JOIN article ON article.id = cluster.canonicalArticleId
                    """
                var arguments: StatementArguments = []
                var conditions: [String] = []
                if let since = query.since {
                    conditions.append("COALESCE(article.published, article.firstSeenAt) >= ?")
                    arguments += [since]
                }
                if query.compositesOnly { conditions.append("article.isComposite = 1") }
                if query.minimumSize > 1 {
                    conditions.append("(SELECT COUNT(*) FROM article AS member WHERE member.clusterId = cluster.id) >= ?")
                    arguments += [query.minimumSize]
                }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY COALESCE(article.published, article.firstSeenAt) DESC, cluster.id DESC LIMIT ?"
                arguments += [max(0, query.limit)]
                let ids = try Int64.fetchAll(db, sql: sql, arguments: arguments)
                return try Self.loadClusters(ids, db: db)
            }
        }
    }

    /// One cluster with its articles.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such cluster.
    public func cluster(id: Int64) async throws(StoreError) -> StoryCluster {
        try await StoreError.wrapping {
            try await writer.read { db in
                guard let cluster = try Self.loadClusters([id], db: db).first else {
                    throw StoreError(.notFound, "there is no cluster \(id)")
                }
                return cluster
            }
        }
    }

    /// One article with its feed's URL.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such article.
    public func article(id: Int64) async throws(StoreError) -> StoredArticle {
        try await StoreError.wrapping {
            try await writer.read { db in
                guard let article = try ArticleRecord.fetchOne(db, key: id) else {
                    throw StoreError(.notFound, "there is no article \(id)")
                }
                let feed = try FeedRecord.fetchOne(db, key: article.feedId)
                return StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title)
            }
        }
    }

    private static func loadClusters(_ ids: [Int64], db: Database) throws -> [StoryCluster] {
        guard !ids.isEmpty else { return [] }
        let clusters = try ClusterRecord.filter(keys: ids).fetchAll(db)
        let articles = try ArticleRecord.filter(ids.contains(Column("clusterId"))).fetchAll(db)
        let feeds = Dictionary(uniqueKeysWithValues: try FeedRecord.fetchAll(db).map { ($0.id!, $0) })
        let byCluster = Dictionary(grouping: articles, by: { $0.clusterId! })
        let clustersByID = Dictionary(uniqueKeysWithValues: clusters.map { ($0.id!, $0) })
        return ids.compactMap { id -> StoryCluster? in
            guard let cluster = clustersByID[id], let members = byCluster[id], !members.isEmpty else { return nil }
            let sorted = members.sorted { lhs, rhs in
                if (lhs.id == cluster.canonicalArticleId) != (rhs.id == cluster.canonicalArticleId) {
                    return lhs.id == cluster.canonicalArticleId
                }
                let left = lhs.published ?? lhs.firstSeenAt
                let right = rhs.published ?? rhs.firstSeenAt
                return left != right ? left < right : lhs.id! < rhs.id!
            }
            let stored = sorted.map { article in
                StoredArticle(article: article, feedURL: feeds[article.feedId]?.url ?? "", feedTitle: feeds[article.feedId]?.title)
            }
            return StoryCluster(cluster: cluster, articles: stored)
        }
    }
}
