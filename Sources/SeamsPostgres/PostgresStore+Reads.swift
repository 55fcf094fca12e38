import Foundation
import PostgresNIO
import SeamsCluster
import SeamsFingerprint
import SeamsParse
package import SeamsStore

/// The read side in PostgreSQL — listings, stories, articles, stitched pages, counts — as the SQLite store answers it;
/// the stories and stitched pages are put together by the same code (`StoryCluster`, `CompositeArticle`).
extension PostgresStore {
    /// Every column of an article row, in the order ``article(_:)`` reads them.
    static let articleColumns = """
        id, feedId, guid, url, canonicalURL, title, authors, published, publishedOffset, updated, updatedOffset, \
        summaryHTML, contentHTML, text, categories, enclosures, language, contentKey, wordCount, entryHash, \
        firstSeenAt, appearedAt, updatedAt, clusterId, relation, signature, tokenCount, matchKind, \
        matchedArticleId, similarity, isComposite, isRecycled
        """

    /// An article from a row of ``articleColumns``.
    static func article(_ row: PostgresRow) throws -> Article {
        let offset = 0
        let cells = row.makeRandomAccess()
        func json<Value: Decodable>(_ index: Int, _ type: Value.Type) throws -> Value {
            try JSONDecoder().decode(type, from: Data(try cells[offset + index].decode(String.self).utf8))
        }
        func optionalInt(_ index: Int) throws -> Int? { try cells[offset + index].decode(Int32?.self).map(Int.init) }
        return Article(
            id: try cells[offset].decode(Int64.self),
            feedId: try cells[offset + 1].decode(Int64.self),
            guid: try cells[offset + 2].decode(String.self),
            url: try cells[offset + 3].decode(String?.self),
            canonicalURL: try cells[offset + 4].decode(String?.self),
            title: try cells[offset + 5].decode(String?.self),
            authors: try json(6, [FeedPerson].self),
            published: try cells[offset + 7].decode(Date?.self),
            publishedOffset: try optionalInt(8),
            updated: try cells[offset + 9].decode(Date?.self),
            updatedOffset: try optionalInt(10),
            summaryHTML: try cells[offset + 11].decode(String?.self),
            contentHTML: try cells[offset + 12].decode(String?.self),
            text: try cells[offset + 13].decode(String.self),
            categories: try json(14, [String].self),
            enclosures: try json(15, [FeedEnclosure].self),
            language: try cells[offset + 16].decode(String?.self),
            contentKey: try cells[offset + 17].decode(Int64?.self),
            wordCount: Int(try cells[offset + 18].decode(Int32.self)),
            entryHash: try cells[offset + 19].decode(Int64.self),
            firstSeenAt: try cells[offset + 20].decode(Date.self),
            appearedAt: try cells[offset + 21].decode(Date.self),
            updatedAt: try cells[offset + 22].decode(Date.self),
            clusterId: try cells[offset + 23].decode(Int64?.self),
            relation: ArticleRelation(rawValue: try cells[offset + 24].decode(String.self)) ?? .canonical,
            signature: try cells[offset + 25].decode(Data?.self),
            tokenCount: Int(try cells[offset + 26].decode(Int32.self)),
            matchKind: try cells[offset + 27].decode(String?.self).flatMap(MatchKind.init(rawValue:)),
            matchedArticleId: try cells[offset + 28].decode(Int64?.self),
            similarity: try cells[offset + 29].decode(Double?.self),
            isComposite: try cells[offset + 30].decode(Bool.self),
            isRecycled: try cells[offset + 31].decode(Bool.self)
        )
    }

    /// The clusters of one page, without the cursor.
    package func clusters(_ query: ClusterQuery = ClusterQuery()) async throws(StoreError) -> [StoryCluster] {
        try await clusterPage(query).clusters
    }

    /// One page of clusters with their articles, cut by keyset (the last cluster's sort key and id) as in SQLite.
    package func clusterPage(_ query: ClusterQuery) async throws(StoreError) -> ClusterPage {
        try await transaction(placing: false) { session in
            let listing = PostgresClusterListing(query)
            let rows = try session.rows(listing.sql, listing.binds)
            var ids: [Int64] = []
            var last: (key: Int64, size: Int32)?
            for row in rows {
                let (id, key, size) = try row.decode((Int64, Int64, Int32).self)
                ids.append(id)
                last = (key, size)
            }
            var next: ClusterCursor?
            if rows.count == query.limit, let last, let id = ids.last {
                let key = query.order == .biggest ? String(last.size) : String(last.key)
                next = ClusterCursor(order: query.order, key: key, id: id)
            }
            return ClusterPage(
                clusters: try Self.loadClusters(ids, memberLimit: query.memberLimit, in: session),
                next: next
            )
        }
    }

    /// One story and its copies: every one, or at most `memberLimit`.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such cluster.
    package func cluster(id: Int64, memberLimit: Int? = nil) async throws(StoreError) -> StoryCluster {
        let found = try await transaction(placing: false) { session in
            try Self.loadClusters([id], memberLimit: memberLimit, in: session).first
        }
        guard let found else { throw StoreError(.notFound, "there is no cluster \(id)") }
        return found
    }

    /// One article with its feed's URL.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when there is no such article.
    package func article(id: Int64) async throws(StoreError) -> StoredArticle {
        let found = try await transaction(placing: false) { session -> StoredArticle? in
            guard let row = try session.rows("SELECT \(Self.articleColumns) FROM article WHERE id = $1", [id]).first
            else { return nil }
            let article = try Self.article(row)
            let feed = try Self.feedsByID([article.feedId], in: session)[article.feedId]
            return StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title)
        }
        guard let found else { throw StoreError(.notFound, "there is no article \(id)") }
        return found
    }

    private static func loadClusters(
        _ ids: [Int64],
        memberLimit: Int?,
        in session: BlockingSession
    ) throws
        -> [StoryCluster]
    {
        guard !ids.isEmpty else { return [] }
        var clusters: [Int64: (canonical: Int64?, createdAt: Date, updatedAt: Date, size: Int)] = [:]
        for row in try session.rows(
            "SELECT id, canonicalArticleId, createdAt, updatedAt, size FROM cluster WHERE id = ANY($1)",
            [ids]
        ) {
            let (id, canonical, createdAt, updatedAt, size) = try row.decode((Int64, Int64?, Date, Date, Int32).self)
            clusters[id] = (canonical, createdAt, updatedAt, Int(size))
        }
        let prefixed = articleColumns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ", ")
        let articles: [Article]
        if let memberLimit {
            // Through article_cluster_appeared: at most the limit's rows per cluster, however big it is.
            articles = try session.rows(
                """
                SELECT \(prefixed) FROM unnest($1::bigint[]) AS listed (id) CROSS JOIN LATERAL (
                    SELECT \(articleColumns) FROM article
                    WHERE id = (SELECT canonicalArticleId FROM cluster WHERE cluster.id = listed.id)
                    UNION (SELECT \(articleColumns) FROM article WHERE clusterId = listed.id
                        ORDER BY appearedAt, id LIMIT $2)) AS a
                """,
                [ids, max(1, memberLimit)]
            ).map { try Self.article($0) }
        } else {
            articles = try session.rows(
                "SELECT \(articleColumns) FROM article WHERE clusterId = ANY($1)",
                [ids]
            ).map { try Self.article($0) }
        }
        let feeds = try feedsByID(Set(articles.map(\.feedId)), in: session)
        let byCluster = Dictionary(grouping: articles, by: { $0.clusterId ?? 0 })
        return ids.compactMap { id in
            guard let cluster = clusters[id] else { return nil }
            return StoryCluster(
                id: id,
                createdAt: cluster.createdAt,
                updatedAt: cluster.updatedAt,
                canonicalArticleId: cluster.canonical,
                members: byCluster[id] ?? [],
                size: cluster.size,
                memberLimit: memberLimit,
                feeds: feeds
            )
        }
    }

    static func feedsByID(_ ids: Set<Int64>, in session: BlockingSession) throws -> [Int64: Subscription] {
        guard !ids.isEmpty else { return [:] }
        let feeds = try session.rows("SELECT \(feedColumns) FROM feed WHERE id = ANY($1)", [Array(ids)])
            .map(Self.subscription)
        return Dictionary(uniqueKeysWithValues: feeds.map { ($0.id!, $0) })
    }

    /// Stitched pages, newest first.
    package func composites(limit: Int = 100) async throws(StoreError) -> [CompositeArticle] {
        try await transaction(placing: false) { session in
            let ids = try session.rows(
                "SELECT id FROM article WHERE isComposite ORDER BY appearedAt DESC, id DESC LIMIT $1",
                [limit]
            ).map { try $0.decode(Int64.self) }
            return try ids.compactMap { try Self.loadComposite($0, in: session) }
        }
    }

    /// A stitched page's passages and sources; nil when the article is not stitched.
    package func composite(articleId: Int64) async throws(StoreError) -> CompositeArticle? {
        try await transaction(placing: false) { session in try Self.loadComposite(articleId, in: session) }
    }

    private static func loadComposite(_ id: Int64, in session: BlockingSession) throws -> CompositeArticle? {
        guard let row = try session.rows("SELECT \(articleColumns) FROM article WHERE id = $1", [id]).first else {
            return nil
        }
        let article = try Self.article(row)
        guard article.isComposite else { return nil }
        let feed = try feedsByID([article.feedId], in: session)[article.feedId]
        let passages = try session.rows(
            """
            SELECT p.sourceId, source.clusterId, p.spanStart, p.spanEnd, p.coverage FROM compositePassage p
            JOIN article source ON source.id = p.sourceId WHERE p.compositeId = $1 ORDER BY p.spanStart
            """,
            [id]
        ).map { row in
            let (source, cluster, start, end, coverage) = try row.decode((Int64, Int64?, Int32, Int32, Double).self)
            return CompositeArticle.Passage(
                sourceId: source,
                sourceCluster: cluster,
                span: Int(start)..<Int(end),
                coverage: coverage
            )
        }
        return CompositeArticle(
            article: StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title),
            passages: passages
        )
    }

    /// The lines of an article's text left out as furniture, as the deduplicator matches it now.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when the id names no article.
    package func furniture(ofArticle id: Int64) async throws(StoreError) -> [String] {
        let configuration = deduplication
        let found = try await transaction(placing: false) { session -> [String]? in
            let storage = PostgresClusterStorage(session: session)
            guard let article = try storage.article(id), let text = try storage.text(of: id) else { return nil }
            var deduplicator = Deduplicator(
                storage: storage,
                configuration: configuration,
                cache: FingerprintCache(),
                now: Date()
            )
            let scalars = Array(text.unicodeScalars)
            return try deduplicator.fingerprint(text: text, feedId: article.feedId).tokens.furnitureSpans.map {
                String(String.UnicodeScalarView(scalars[$0.clamped(to: 0..<scalars.count)]))
            }
        }
        guard let found else { throw StoreError(.notFound, "no article has the id \(id)") }
        return found
    }

    /// Stored articles per feed id.
    package func articleCounts() async throws(StoreError) -> [Int64: Int] {
        try await transaction(placing: false) { session in
            var counts: [Int64: Int] = [:]
            for row in try session.rows("SELECT feedId, COUNT(*) FROM article GROUP BY feedId") {
                let (feed, count) = try row.decode((Int64, Int64).self)
                counts[feed] = Int(count)
            }
            return counts
        }
    }

    /// The ids of every stored article, in ascending order.
    package func articleIdentifiers() async throws(StoreError) -> [Int64] {
        try await transaction(placing: false) { session in
            try session.rows("SELECT id FROM article ORDER BY id").map { try $0.decode(Int64.self) }
        }
    }

    /// Counts for metrics: feeds, articles, clusters, clusters of stitched pages, fetches and 304s.
    package func census() async throws(StoreError) -> Store.Census {
        try await transaction(placing: false) { session in
            guard
                let row = try session.rows(
                    """
                    SELECT (SELECT COUNT(*) FROM feed), (SELECT COUNT(*) FROM article), (SELECT COUNT(*) FROM cluster),
                        (SELECT COUNT(*) FROM cluster WHERE hasComposite),
                        (SELECT COALESCE(SUM(fetchCount), 0) FROM feed)::bigint,
                        (SELECT COALESCE(SUM(notModifiedCount), 0) FROM feed)::bigint
                    """
                ).first
            else { throw PostgresStorageFailure("counting returned no row") }
            let (feeds, articles, clusters, composites, fetches, notModified) = try row.decode(
                (Int64, Int64, Int64, Int64, Int64, Int64).self
            )
            return Store.Census(
                totals: Store.Totals(feeds: Int(feeds), articles: Int(articles), clusters: Int(clusters)),
                compositeClusters: Int(composites),
                fetches: Int(fetches),
                notModified: Int(notModified)
            )
        }
    }

    /// Checks that every cluster's listing keys agree with its members and that the candidate indexes hold only
    /// stored articles' postings; "ok" when they do (PostgreSQL checks its own files).
    package func integrityCheck() async throws(StoreError) -> String {
        try await transaction(placing: false) { session in
            let stale =
                try session.value(
                    Int64.self,
                    """
                    SELECT COUNT(*) FROM cluster WHERE
                        size <> (SELECT COUNT(*) FROM article WHERE article.clusterId = cluster.id)
                        OR hasComposite <> EXISTS (SELECT 1 FROM article WHERE clusterId = cluster.id AND isComposite)
                        OR sortKey IS DISTINCT FROM (SELECT appearedAt FROM article WHERE id = cluster.canonicalArticleId)
                    """
                ) ?? 0
            guard stale == 0 else { return "\(stale) clusters have listing keys that disagree with their members" }
            let orphans =
                try session.value(
                    Int64.self,
                    """
                    SELECT (SELECT COUNT(*) FROM bandPosting p
                            WHERE NOT EXISTS (SELECT 1 FROM articlePosting a WHERE a.articleId = p.articleId))
                        + (SELECT COUNT(*) FROM printPosting p
                            WHERE NOT EXISTS (SELECT 1 FROM articlePosting a WHERE a.articleId = p.articleId))
                    """
                ) ?? 0
            guard orphans == 0 else { return "\(orphans) postings are of articles that are no longer stored" }
            return "ok"
        }
    }
}
