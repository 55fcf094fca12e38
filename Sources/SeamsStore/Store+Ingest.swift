package import Foundation
import GRDB
import SeamsCluster
package import SeamsParse

/// What one ingest did to a feed's articles.
package struct IngestReport: Sendable, Equatable {
    /// Articles stored for the first time.
    package var new = 0
    /// Stored articles whose entry changed and was updated in place.
    package var updated = 0
    /// Entries identical to what was stored.
    package var unchanged = 0

    /// Creates an empty report.
    package init() {}
}

/// What a successful fetch and parse learned about the feed itself.
package struct FeedSnapshot: Sendable {
    /// The parsed feed's metadata.
    package var metadata: FeedMetadata
    /// The format it was written in.
    package var format: FeedFormat
    /// The HTTP status (0 for files).
    package var status: Int
    /// The validators to send next time.
    package var etag: String?
    /// The validators to send next time.
    package var lastModified: String?
    /// XXH3 of the body, to skip parsing an identical body next time.
    package var bodyHash: UInt64

    /// Creates a snapshot.
    package init(
        metadata: FeedMetadata,
        format: FeedFormat,
        status: Int,
        etag: String?,
        lastModified: String?,
        bodyHash: UInt64
    ) {
        self.metadata = metadata
        self.format = format
        self.status = status
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
    }
}

extension Store {
    /// Stores a feed's entries and places each new or changed article in its story cluster, in one transaction.
    ///
    /// An entry already stored under the same identity is updated in place when anything about it changed, and
    /// left alone otherwise; nothing is ever inserted twice. If the transaction fails, nothing of it is kept
    /// and the articles stored before are untouched.
    package func ingest(
        feedId: Int64,
        snapshot: FeedSnapshot,
        drafts: [ArticleDraft],
        at now: Date = Date()
    ) async throws(StoreError) -> IngestReport {
        try await StoreError.wrapping(self) {
            try await writer.write { db in
                try self.withPendingPostings(db) { pending in
                    try self.ingest(
                        feedId: feedId,
                        snapshot: snapshot,
                        drafts: drafts,
                        at: now,
                        pending: pending,
                        in: db
                    )
                }
            }
        }
    }

    /// The body of ``ingest(feedId:snapshot:drafts:at:)``, inside a transaction the caller holds and whose postings
    /// it writes (`pending`; see ``withPendingPostings(_:_:)``).
    func ingest(
        feedId: Int64,
        snapshot: FeedSnapshot,
        drafts: [ArticleDraft],
        at now: Date,
        pending: PendingPostings,
        in db: Database
    ) throws -> IngestReport {
        var report = IngestReport()
        var deduplicator = deduplicator(db, at: now, pending: pending)
        do {
            var seen = Set<String>()
            var inserted: [Article] = []
            for draft in drafts where seen.insert(draft.guid).inserted {
                // A cached statement: building the query for every entry of every fetch was a tenth of ingest.
                let existing = try ArticleRecord.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM article WHERE feedId = ? AND guid = ?"),
                    arguments: [feedId, draft.guid]
                )?.article
                var record = draft.record(feedId: feedId, at: now)
                guard let existing else {
                    var row = ArticleRecord(record)
                    try row.insert(db)
                    inserted.append(row.article)
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
                record.clusterId = existing.clusterId
                record.relation = existing.relation
                record.signature = existing.signature
                record.tokenCount = existing.tokenCount
                record.matchKind = existing.matchKind
                record.matchedArticleId = existing.matchedArticleId
                record.similarity = existing.similarity
                record.isComposite = existing.isComposite
                record.isRecycled = existing.isRecycled
                try ArticleRecord(record).update(db)
                if record.text == existing.text && record.canonicalURL == existing.canonicalURL,
                    let cluster = existing.clusterId
                {
                    try deduplicator.reelect(cluster)  // same story; the dates or length may change the original
                } else {
                    try deduplicator.add(
                        record.stored,
                        text: record.text,
                        learnFurniture: false,
                        previousCluster: existing.clusterId
                    )
                }
                report.updated += 1
            }
            // The new entries' recurring lines are the feed's furniture before the first of them is matched.
            try deduplicator.learnFurniture(from: inserted.map(\.text), feedId: feedId)
            for article in inserted {
                try deduplicator.add(article.stored, text: article.text, learnFurniture: false, previousCluster: nil)
            }
        }
        try db.execute(
            sql: """
                UPDATE feed SET title = COALESCE(?, title), siteURL = COALESCE(?, siteURL), format = ?,
                etag = ?, lastModified = ?, bodyHash = ?, lastFetchedAt = ?, lastSuccessAt = ?, lastStatus = ?,
                lastErrorCode = NULL, lastErrorMessage = NULL, consecutiveErrors = 0 WHERE id = ?
                """,
            arguments: [
                snapshot.metadata.title, snapshot.metadata.link, snapshot.format.rawValue, snapshot.etag,
                snapshot.lastModified, Int64(bitPattern: snapshot.bodyHash), now, now, snapshot.status, feedId,
            ]
        )
        return report
    }
}
