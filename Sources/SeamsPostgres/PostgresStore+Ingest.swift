package import Foundation
import PostgresNIO
import SeamsCluster
import SeamsParse
package import SeamsStore

extension PostgresStore {
    /// Stores a feed's entries and places each new or changed article in its story cluster, in one transaction that
    /// holds the placement lock — the SQLite store's ingest, with the same rules: an entry already stored under the
    /// same identity is updated in place when anything about it changed and left alone otherwise, and the new
    /// entries' recurring lines are learned as the feed's furniture before the first of them is matched.
    package func ingest(
        feedId: Int64,
        snapshot: FeedSnapshot,
        drafts: [ArticleDraft],
        at now: Date = Date()
    ) async throws(StoreError) -> IngestReport {
        try await transaction(placing: true) { [deduplication, fingerprints] session in
            var deduplicator = Deduplicator(
                storage: PostgresClusterStorage(session: session),
                configuration: deduplication,
                cache: fingerprints,
                now: now
            )
            let report = try Self.ingest(
                feedId: feedId,
                drafts: drafts,
                at: now,
                deduplicator: &deduplicator,
                session: session
            )
            try Self.recordSuccess(of: feedId, snapshot: snapshot, at: now, in: session)
            return report
        }
    }

    /// The articles of one ingest, inside the caller's placement transaction.
    static func ingest(
        feedId: Int64,
        drafts: [ArticleDraft],
        at now: Date,
        deduplicator: inout Deduplicator<PostgresClusterStorage>,
        session: BlockingSession
    ) throws -> IngestReport {
        var report = IngestReport()
        var seen = Set<String>()
        var inserted: [Article] = []
        for draft in drafts where seen.insert(draft.guid).inserted {
            var record = draft.record(feedId: feedId, at: now)
            guard
                let existing = try session.rows(
                    "SELECT \(storedColumns) FROM article WHERE feedId = $1 AND guid = $2",
                    [feedId, draft.guid]
                ).first.map(Self.stored)
            else {
                record.id = try insert(record, in: session)
                inserted.append(record)
                report.new += 1
                continue
            }
            if existing.entryHash == record.entryHash {
                report.unchanged += 1
                continue
            }
            record.id = existing.id
            record.firstSeenAt = existing.firstSeenAt
            record.appearedAt = Appearance.date(published: record.published, firstSeen: existing.firstSeenAt)
            try update(record, in: session)
            let article = existing.with(record)
            if record.text == existing.text && record.canonicalURL == existing.canonicalURL,
                let cluster = existing.clusterId
            {
                try deduplicator.reelect(cluster)  // same story; the dates or length may change the original
            } else {
                try deduplicator.add(
                    article.stored,
                    text: record.text,
                    learnFurniture: false,
                    previousCluster: existing.clusterId
                )
            }
            report.updated += 1
        }
        try deduplicator.learnFurniture(from: inserted.map(\.text), feedId: feedId)
        for article in inserted {
            try deduplicator.add(article.stored, text: article.text, learnFurniture: false, previousCluster: nil)
        }
        return report
    }

    /// What a successful fetch sets on its feed.
    static func recordSuccess(
        of feedId: Int64,
        snapshot: FeedSnapshot,
        at now: Date,
        in session: BlockingSession
    ) throws {
        try session.run(
            """
            UPDATE feed SET title = COALESCE($1, title), siteURL = COALESCE($2, siteURL), format = $3, etag = $4,
            lastModified = $5, bodyHash = $6, lastFetchedAt = $7, lastSuccessAt = $7, lastStatus = $8,
            lastErrorCode = NULL, lastErrorMessage = NULL, consecutiveErrors = 0 WHERE id = $9
            """,
            [
                snapshot.metadata.title, snapshot.metadata.link, snapshot.format.rawValue, snapshot.etag,
                snapshot.lastModified, Int64(bitPattern: snapshot.bodyHash), now, snapshot.status, feedId,
            ]
        )
    }

    // MARK: Article rows

    /// What ingest reads of a stored entry: its identity, text, page and everything placement keeps.
    private static let storedColumns = """
        id, firstSeenAt, entryHash, text, canonicalURL, clusterId, relation, signature, tokenCount, matchKind, \
        matchedArticleId, similarity, isComposite, isRecycled
        """

    private static func stored(_ row: PostgresRow) throws -> StoredEntry {
        let cells = row.makeRandomAccess()
        return StoredEntry(
            id: try cells[0].decode(Int64.self),
            firstSeenAt: try cells[1].decode(Date.self),
            entryHash: try cells[2].decode(Int64.self),
            text: try cells[3].decode(String.self),
            canonicalURL: try cells[4].decode(String?.self),
            clusterId: try cells[5].decode(Int64?.self),
            relation: ArticleRelation(rawValue: try cells[6].decode(String.self)) ?? .canonical,
            signature: try cells[7].decode(Data?.self),
            tokenCount: Int(try cells[8].decode(Int32.self)),
            matchKind: try cells[9].decode(String?.self).flatMap(MatchKind.init(rawValue:)),
            matchedArticleId: try cells[10].decode(Int64?.self),
            similarity: try cells[11].decode(Double?.self),
            isComposite: try cells[12].decode(Bool.self),
            isRecycled: try cells[13].decode(Bool.self)
        )
    }

    /// The columns an entry sets, new or updated, and their values in the same order.
    private static func entryValues(_ article: Article) throws -> (columns: [String], values: [any PostgresBind]) {
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        func encoded(_ value: some Encodable) throws -> String {
            String(decoding: try json.encode(value), as: UTF8.self)
        }
        return (
            [
                "url", "canonicalURL", "title", "authors", "published", "publishedOffset", "updated", "updatedOffset",
                "summaryHTML", "contentHTML", "text", "categories", "enclosures", "language", "contentKey",
                "wordCount", "entryHash", "appearedAt", "updatedAt",
            ],
            [
                article.url, article.canonicalURL, article.title, try encoded(article.authors), article.published,
                article.publishedOffset.map(Int32.init(clamping:)), article.updated,
                article.updatedOffset.map(Int32.init(clamping:)), article.summaryHTML, article.contentHTML,
                article.text, try encoded(article.categories), try encoded(article.enclosures), article.language,
                article.contentKey, Int32(clamping: article.wordCount), article.entryHash, article.appearedAt,
                article.updatedAt,
            ]
        )
    }

    /// Inserts a new article, unplaced, and returns its id.
    private static func insert(_ article: Article, in session: BlockingSession) throws -> Int64 {
        let (columns, values) = try entryValues(article)
        let all = ["feedId", "guid", "firstSeenAt", "relation"] + columns
        let binds: [any PostgresBind] =
            [article.feedId, article.guid, article.firstSeenAt, article.relation.rawValue] + values
        let placeholders = (1...all.count).map { "$\($0)" }.joined(separator: ", ")
        guard
            let id = try session.value(
                Int64.self,
                "INSERT INTO article (\(all.joined(separator: ", "))) VALUES (\(placeholders)) RETURNING id",
                binds
            )
        else { throw PostgresStorageFailure("inserting an article returned no id") }
        return id
    }

    /// Rewrites what a changed entry says; its placement and first sighting stay.
    private static func update(_ article: Article, in session: BlockingSession) throws {
        let (columns, values) = try entryValues(article)
        let assignments = columns.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
        try session.run(
            "UPDATE article SET \(assignments) WHERE id = $\(columns.count + 1)",
            values + [article.id]
        )
    }
}

/// What ingest knows of an entry already stored.
private struct StoredEntry {
    var id: Int64
    var firstSeenAt: Date
    var entryHash: Int64
    var text: String
    var canonicalURL: String?
    var clusterId: Int64?
    var relation: ArticleRelation
    var signature: Data?
    var tokenCount: Int
    var matchKind: MatchKind?
    var matchedArticleId: Int64?
    var similarity: Double?
    var isComposite: Bool
    var isRecycled: Bool

    /// The updated entry `record` with this entry's placement.
    func with(_ record: Article) -> Article {
        var article = record
        article.clusterId = clusterId
        article.relation = relation
        article.signature = signature
        article.tokenCount = tokenCount
        article.matchKind = matchKind
        article.matchedArticleId = matchedArticleId
        article.similarity = similarity
        article.isComposite = isComposite
        article.isRecycled = isRecycled
        return article
    }
}
