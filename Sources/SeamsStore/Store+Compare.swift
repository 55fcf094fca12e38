import Foundation
import GRDB
package import SeamsCluster
import SeamsFingerprint

/// An article to compare: one in the store, by id, or a text from elsewhere (a file).
package enum ComparedArticle: Sendable {
    /// A stored article, fingerprinted with its feed's learned furniture.
    case stored(Int64)
    /// A text that is not in the store (no furniture is left out).
    case text(String)
}

/// Two articles compared by the deduplicator, and what the store decided about them.
package struct ArticleComparison: Sendable {
    /// The engine's comparison: fingerprints, overlap, the classifier's verdict.
    package var comparison: Comparison
    /// Passages of A recorded as coming from B (A is a stitched page with B among its sources).
    package var passagesOfFirstFromSecond: Int
    /// Passages of B recorded as coming from A.
    package var passagesOfSecondFromFirst: Int
}

extension Store {
    /// Compares two articles as placement would, with each stored article's feed furniture, and reads what the store
    /// decided about them (their clusters, relations and passage links).
    ///
    /// - Throws: ``StoreError/Code/notFound`` when an id names no article.
    package func compare(
        _ first: ComparedArticle,
        _ second: ComparedArticle
    ) async throws(StoreError) -> ArticleComparison {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                var deduplicator = readingDeduplicator(db)
                let a = try Self.compared(first, db: db)
                let b = try Self.compared(second, db: db)
                let comparison = try deduplicator.compare(a, b)
                func passages(of page: ClusterArticle?, from source: ClusterArticle?) throws -> Int {
                    guard let page, let source else { return 0 }
                    return try CompositePassageRecord.filter(
                        Column("compositeId") == page.id && Column("sourceId") == source.id
                    )
                    .fetchCount(db)
                }
                return ArticleComparison(
                    comparison: comparison,
                    passagesOfFirstFromSecond: try passages(of: a.article, from: b.article),
                    passagesOfSecondFromFirst: try passages(of: b.article, from: a.article)
                )
            }
        }
    }

    /// The lines of a stored article's text left out as furniture — its feed's learned lines and the known ones — as
    /// the deduplicator matches it now.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when the id names no article.
    package func furniture(ofArticle id: Int64) async throws(StoreError) -> [String] {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                var deduplicator = readingDeduplicator(db)
                let stored = try Self.compared(.stored(id), db: db)
                guard let article = stored.article else { return [] }
                let scalars = Array(stored.text.unicodeScalars)
                let tokens = try deduplicator.fingerprint(text: stored.text, feedId: article.feedId).tokens
                return tokens.furnitureSpans.map {
                    String(String.UnicodeScalarView(scalars[$0.clamped(to: 0..<scalars.count)]))
                }
            }
        }
    }

    /// A deduplicator that only reads (a fresh cache: what it fingerprints is not kept for the writer).
    private func readingDeduplicator(_ db: Database) -> Deduplicator<SQLiteClusterStorage> {
        Deduplicator(
            storage: SQLiteClusterStorage(db: db),
            configuration: deduplication,
            cache: FingerprintCache(),
            now: Date()
        )
    }

    private static func compared(_ article: ComparedArticle, db: Database) throws -> ComparedText {
        switch article {
        case .text(let text):
            return ComparedText(text: text)
        case .stored(let id):
            let storage = SQLiteClusterStorage(db: db)
            guard let stored = try storage.article(id), let text = try storage.text(of: id) else {
                throw StoreError(.notFound, "no article has the id \(id)")
            }
            return ComparedText(text: text, article: stored)
        }
    }
}
