package import Foundation
import GRDB
import SeamsCluster

extension Store {
    /// Re-fingerprints every article and rebuilds every cluster from scratch with the current settings.
    ///
    /// Use it after changing the deduplicator's settings. Articles are replayed in the order they appeared, so the
    /// result is what a fresh sync in that order would give; learned boilerplate is learned again along the way.
    /// Cluster ids are renumbered. One transaction: if it fails, nothing changes.
    package func rebuild(at now: Date = Date()) async throws(StoreError) -> Totals {
        try await StoreError.wrapping(self) {
            fingerprints.removeAll()
            return try await writer.write { db in
                let postings = PostingIndex.all.flatMap(\.tables)
                for table in postings + ["articlePosting", "boilerplateLine", "furnitureClock", "compositePassage"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                try db.execute(sql: "UPDATE postingLevel SET mainRows = 0, recentRows = 0")
                try db.execute(
                    sql: """
                        UPDATE article SET clusterId = NULL, matchKind = NULL, matchedArticleId = NULL, similarity = NULL,
                        isComposite = 0, isRecycled = 0
                        """
                )
                try db.execute(sql: "DELETE FROM cluster")
                let articles = try ArticleRecord.order(Column("appearedAt"), Column("id")).fetchAll(db).map(\.article)
                try withPendingPostings(db) { pending in
                    var deduplicator = deduplicator(db, at: now, pending: pending)
                    for article in articles {
                        try deduplicator.add(
                            article.stored,
                            text: article.text,
                            learnFurniture: true,
                            previousCluster: nil
                        )
                    }
                }
                return Totals(
                    feeds: try FeedRecord.fetchCount(db),
                    articles: articles.count,
                    clusters: try ClusterRecord.fetchCount(db)
                )
            }
        }
    }
}
