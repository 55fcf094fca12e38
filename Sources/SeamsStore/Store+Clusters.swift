package import Foundation
import GRDB
package import SeamsCluster

/// A stored article with the URL of the feed it came from.
package struct StoredArticle: Sendable, Hashable {
    /// The article.
    package var article: Article
    /// The URL of its feed, as subscribed.
    package var feedURL: String
    /// The title of its feed, if known.
    package var feedTitle: String?

    /// An article with its feed's address and title.
    package init(article: Article, feedURL: String, feedTitle: String?) {
        self.article = article
        self.feedURL = feedURL
        self.feedTitle = feedTitle
    }
}

/// A story: the cluster of its copies, with its articles — all of them, or the first of them when read with a member
/// limit (``size`` says how many there are).
package struct StoryCluster: Sendable, Hashable {
    /// The cluster's id; stable while the story grows.
    package var id: Int64
    /// When the cluster was created.
    package var createdAt: Date
    /// When a member last joined, left or changed.
    package var updatedAt: Date
    /// Its articles: the canonical one first, then the others by when they appeared.
    package var articles: [StoredArticle]
    /// How many articles the cluster holds: more than ``articles`` when it was read with a member limit.
    package var size: Int

    /// The canonical article.
    package var canonical: StoredArticle { articles[0] }

    /// The articles other than the canonical one: the other outlets' copies.
    package var copies: ArraySlice<StoredArticle> { articles.dropFirst() }
}

/// Which clusters to list, in which order, from where.
package struct ClusterQuery: Sendable {
    /// How clusters are ordered.
    package enum Order: String, Sendable, CaseIterable {
        /// Newest canonical article first (by publication date, or first-seen when the feed gives none).
        case newest
        /// Most articles first: the most copied stories.
        case biggest
    }

    /// Which clusters of stitched pages to include.
    package enum Composites: String, Sendable, CaseIterable {
        /// Every cluster.
        case include
        /// Only clusters with no stitched article: one entry per real story.
        case exclude
        /// Only clusters that hold a stitched article.
        case only
    }

    /// At most this many clusters.
    package var limit: Int = 50
    /// The order.
    package var order = Order.newest
    /// Where to continue: the ``ClusterPage/next`` of the previous page, for the same order and filters.
    package var cursor: ClusterCursor?
    /// Only clusters whose canonical article appeared at or after this instant.
    package var since: Date?
    /// Only clusters with at least this many articles (2: stories that were copied).
    package var minimumSize = 1
    /// Which clusters of stitched pages to include.
    package var composites = Composites.include
    /// Only clusters with an article from this feed.
    package var feedId: Int64?
    /// Only clusters with an article in this relation to its canonical article (such as ``ArticleRelation/partial``).
    package var relation: ArticleRelation?

    /// At most this many articles per cluster, the canonical one and the earliest others; nil for every member.
    /// Pages, the HTTP API and exported feeds read ``listedMembers``, so that a story copied ten thousand times
    /// costs a listing what any other does; the CLI's JSON reads every member.
    package var memberLimit: Int?
    /// The members per cluster that pages, the HTTP API's lists and exported feeds show.
    package static var listedMembers: Int { 20 }
    /// Only clusters of stitched articles (the same as `composites = .only`).
    package var compositesOnly: Bool {
        get { composites == .only }
        set { composites = newValue ? .only : .include }
    }

    /// Creates a query for the newest clusters.
    package init(limit: Int = 50, since: Date? = nil, minimumSize: Int = 1) {
        self.limit = limit
        self.since = since
        self.minimumSize = minimumSize
    }
}

/// Where a listing of clusters continues: an opaque token for keyset pagination, stable while clusters are added.
package struct ClusterCursor: Sendable, Hashable, RawRepresentable {
    /// The token as it travels in URLs.
    package var rawValue: String

    /// Reads a token; nil when it was not made by Seams for a listing.
    package init?(rawValue: String) {
        guard Self.decode(rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    /// The cursor after the cluster `id`, whose sort key (a date as the backend writes it, or a size) is `key`.
    package init(order: ClusterQuery.Order, key: String, id: Int64) {
        let plain = "\(order.rawValue)|\(key)|\(id)"
        rawValue = Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The order, the sort key and the cluster id of the last cluster listed.
    package var position: (order: ClusterQuery.Order, key: String, id: Int64)? { Self.decode(rawValue) }

    private static func decode(_ token: String) -> (order: ClusterQuery.Order, key: String, id: Int64)? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.count <= 200, let data = Data(base64Encoded: base64),
            let plain = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3, let order = ClusterQuery.Order(rawValue: String(parts[0])), let id = Int64(parts[2])
        else {
            return nil
        }
        if order == .biggest, Int(parts[1]) == nil { return nil }
        return (order, String(parts[1]), id)
    }
}

/// One page of a cluster listing.
package struct ClusterPage: Sendable {
    /// The clusters, in the query's order.
    package var clusters: [StoryCluster]
    /// Where the next page starts; nil on the last page.
    package var next: ClusterCursor?

    /// A page of clusters and where the next one starts.
    package init(clusters: [StoryCluster], next: ClusterCursor?) {
        self.clusters = clusters
        self.next = next
    }
}

extension Store {
    /// The clusters whose canonical article appeared most recently (or, by the query's order, the biggest), with
    /// their articles.
    package func clusters(_ query: ClusterQuery = ClusterQuery()) async throws(StoreError) -> [StoryCluster] {
        try await clusterPage(query).clusters
    }

    /// One page of clusters with their articles, and the cursor of the next page.
    ///
    /// Pages are cut by keyset (the last cluster's sort key and id), so clusters added while a client pages
    /// through do not shift or repeat later pages.
    package func clusterPage(_ query: ClusterQuery) async throws(StoreError) -> ClusterPage {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                let listing = ClusterListing(query)
                let rows = try Row.fetchAll(db, sql: listing.sql, arguments: listing.arguments)
                let ids = rows.map { $0["id"] as Int64 }
                var next: ClusterCursor?
                if rows.count == query.limit, let last = rows.last {
                    let key: String = query.order == .biggest ? String(last["size"] as Int) : last["sortKey"]
                    next = ClusterCursor(order: query.order, key: key, id: last["id"])
                }
                let clusters = try Self.loadClusters(ids, memberLimit: query.memberLimit, db: db)
                return ClusterPage(clusters: clusters, next: next)
            }
        }
    }

    /// One cluster with its articles: every one, or at most `memberLimit` (the canonical and the earliest others).
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such cluster.
    package func cluster(id: Int64, memberLimit: Int? = nil) async throws(StoreError) -> StoryCluster {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                guard let cluster = try Self.loadClusters([id], memberLimit: memberLimit, db: db).first else {
                    throw StoreError(.notFound, "there is no cluster \(id)")
                }
                return cluster
            }
        }
    }

    /// One article with its feed's URL.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such article.
    package func article(id: Int64) async throws(StoreError) -> StoredArticle {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                guard let article = try ArticleRecord.fetchOne(db, key: id)?.article else {
                    throw StoreError(.notFound, "there is no article \(id)")
                }
                let feed = try FeedRecord.fetchOne(db, key: article.feedId)?.subscription
                return StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title)
            }
        }
    }

    private static func loadClusters(_ ids: [Int64], memberLimit: Int?, db: Database) throws -> [StoryCluster] {
        guard !ids.isEmpty else { return [] }
        let clusters = try ClusterRecord.filter(keys: ids).fetchAll(db)
        let sizes = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db,
                sql: "SELECT id, size FROM cluster WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(ids)
            ).map { ($0[0] as Int64, $0[1] as Int) }
        )
        var articles: [Article] = []
        if let memberLimit {
            // Through article_cluster_appeared: at most the limit's rows per cluster, however big it is.
            let first = try db.cachedStatement(
                sql: """
                    SELECT * FROM article WHERE id = (SELECT canonicalArticleId FROM cluster WHERE id = ?1)
                    UNION SELECT * FROM (SELECT * FROM article WHERE clusterId = ?1 ORDER BY appearedAt, id LIMIT ?2)
                    """
            )
            for cluster in clusters {
                articles += try ArticleRecord.fetchAll(first, arguments: [cluster.id, max(1, memberLimit)]).map(
                    \.article
                )
            }
        } else {
            articles = try ArticleRecord.filter(ids.contains(Column("clusterId"))).fetchAll(db).map(\.article)
        }
        let feeds = Dictionary(
            uniqueKeysWithValues: try FeedRecord.fetchAll(db, keys: Set(articles.map(\.feedId))).map {
                ($0.subscription.id!, $0.subscription)
            }
        )
        let byCluster = Dictionary(grouping: articles, by: { $0.clusterId! })
        let clustersByID = Dictionary(uniqueKeysWithValues: clusters.map { ($0.id!, $0) })
        return ids.compactMap { id -> StoryCluster? in
            guard let cluster = clustersByID[id] else { return nil }
            return StoryCluster(
                id: id,
                createdAt: cluster.createdAt,
                updatedAt: cluster.updatedAt,
                canonicalArticleId: cluster.canonicalArticleId,
                members: byCluster[id] ?? [],
                size: sizes[id],
                memberLimit: memberLimit,
                feeds: feeds
            )
        }
    }
}

extension StoryCluster {
    /// A story from its row and the members read for it — every one, or the canonical and the earliest others when
    /// read with `memberLimit` — in the order stories show them: the canonical first, then by when they appeared.
    /// Nil when no member was read (a cluster emptied since it was listed). `size` is how many it holds, needed only
    /// with a member limit.
    package init?(
        id: Int64,
        createdAt: Date,
        updatedAt: Date,
        canonicalArticleId: Int64?,
        members: [Article],
        size: Int?,
        memberLimit: Int?,
        feeds: [Int64: Subscription]
    ) {
        guard !members.isEmpty else { return nil }
        let sorted = members.sorted { lhs, rhs in
            if (lhs.id == canonicalArticleId) != (rhs.id == canonicalArticleId) { return lhs.id == canonicalArticleId }
            return lhs.appearedAt != rhs.appearedAt ? lhs.appearedAt < rhs.appearedAt : lhs.id! < rhs.id!
        }
        let shown = memberLimit.map { Array(sorted.prefix(max(1, $0))) } ?? sorted
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.articles = shown.map { article in
            StoredArticle(
                article: article,
                feedURL: feeds[article.feedId]?.url ?? "",
                feedTitle: feeds[article.feedId]?.title
            )
        }
        self.size = memberLimit == nil ? members.count : size ?? members.count
    }
}
