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

extension CompositeArticle {
    /// One stored passage: its source, the source's cluster now, where it lies in the page and the source's coverage.
    package struct Passage: Sendable {
        /// The source article.
        package var sourceId: Int64
        /// The source article's cluster.
        package var sourceCluster: Int64?
        /// Where the passage lies in the page's text, in Unicode scalars.
        package var span: Range<Int>
        /// How much of the source the page's passages from it cover.
        package var coverage: Double

        /// Creates a passage.
        package init(sourceId: Int64, sourceCluster: Int64?, span: Range<Int>, coverage: Double) {
            self.sourceId = sourceId
            self.sourceCluster = sourceCluster
            self.span = span
            self.coverage = coverage
        }
    }

    /// A stitched article from its stored passages, in any order: its sources in the order their first passage
    /// appears, each with its passages in order.
    package init(article: StoredArticle, passages: [Passage]) {
        var order: [Int64] = []
        var bySource: [Int64: Source] = [:]
        for passage in passages.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) {
            if bySource[passage.sourceId] == nil {
                order.append(passage.sourceId)
                bySource[passage.sourceId] = Source(
                    articleId: passage.sourceId,
                    clusterId: passage.sourceCluster,
                    spans: [],
                    coverage: passage.coverage
                )
            }
            bySource[passage.sourceId]!.spans.append(passage.span)
        }
        self.article = article
        self.sources = order.compactMap { bySource[$0] }
    }
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
        let sources = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(
                db,
                sql: """
                    SELECT id, clusterId FROM article
                    WHERE id IN (SELECT sourceId FROM compositePassage WHERE compositeId = ?)
                    """,
                arguments: [id]
            ).map { ($0[0] as Int64, $0[1] as Int64?) }
        )
        return CompositeArticle(
            article: StoredArticle(article: article, feedURL: feed?.url ?? "", feedTitle: feed?.title),
            passages: passages.map { passage in
                CompositeArticle.Passage(
                    sourceId: passage.sourceId,
                    sourceCluster: sources[passage.sourceId] ?? nil,
                    span: passage.start..<passage.end,
                    coverage: passage.coverage
                )
            }
        )
    }
}
