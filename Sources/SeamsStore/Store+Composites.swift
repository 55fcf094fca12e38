import Foundation
import GRDB

/// A stitched article and the stories its passages came from.
package struct CompositeArticle: Sendable, Hashable {
    /// One story the article borrows from.
    package struct Source: Sendable, Hashable {
        /// The source article.
        package var articleId: Int64
        /// The source article's cluster now.
        package var clusterId: Int64?
        /// The passages, as ranges of Unicode scalars in the stitched article's text, in order.
        package var spans: [Range<Int>]
        /// How much of the source article the passages cover (0…1).
        package var coverage: Double
    }

    /// The stitched article.
    package var article: StoredArticle
    /// Its sources, in the order their first passage appears.
    package var sources: [Source]
}

extension Store {
    /// The stitched articles, newest first, with their passages and sources.
    package func composites(limit: Int = 100) async throws(StoreError) -> [CompositeArticle] {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                let ids = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM article WHERE isComposite = 1
                        ORDER BY appearedAt DESC, id DESC LIMIT ?
                        """,
                    arguments: [limit]
                )
                return try ids.compactMap { try Self.loadComposite($0, db: db) }
            }
        }
    }

    /// The passages and sources of one article; nil when it is not stitched.
    package func composite(articleId: Int64) async throws(StoreError) -> CompositeArticle? {
        try await StoreError.wrapping(self) {
            try await writer.read { db in try Self.loadComposite(articleId, db: db) }
        }
    }

    static func loadComposite(_ id: Int64, db: Database) throws -> CompositeArticle? {
        guard let article = try ArticleRecord.fetchOne(db, key: id)?.article, article.isComposite else { return nil }
        let feed = try FeedRecord.fetchOne(db, key: article.feedId)?.subscription
        let passages = try CompositePassageRecord.filter(Column("compositeId") == id).order(Column("start")).fetchAll(
            db
        )
        var order: [Int64] = []
        var bySource: [Int64: CompositeArticle.Source] = [:]
        for passage in passages {
            if bySource[passage.sourceId] == nil {
                order.append(passage.sourceId)
                let cluster = try Int64.fetchOne(
                    db,
                    sql: "SELECT clusterId FROM article WHERE id = ?",
                    arguments: [passage.sourceId]
                )
                bySource[passage.sourceId] = CompositeArticle.Source(
                    articleId: passage.sourceId,
                    clusterId: cluster,
                    spans: [],
                    coverage: passage.coverage
                )
            }
            bySource[passage.sourceId]!.spans.append(passage.start..<passage.end)
        }
        return CompositeArticle(
            article: StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title),
            sources: order.compactMap { bySource[$0] }
        )
    }
}
