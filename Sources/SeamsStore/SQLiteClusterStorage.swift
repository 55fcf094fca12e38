import Foundation
import GRDB
package import SeamsCluster
import SeamsFingerprint

/// The deduplicator's ``ClusterStorage`` in the store's SQLite database, inside the write transaction `db` belongs to
/// (SQLite's single writer is the serialization the engine needs). Every statement is prepared once per connection.
struct SQLiteClusterStorage: ClusterStorage {
    let db: Database
    /// The postings indexed in this transaction and not yet written.
    let pending: PendingPostings

    /// The storage inside the transaction `db` belongs to, holding back its postings in `pending` (by default a set
    /// of its own, which whoever indexes through this storage writes with ``writePendingPostings(intoMainLevel:)``).
    init(db: Database, pending: PendingPostings = PendingPostings()) {
        self.db = db
        self.pending = pending
    }

    private static let articleColumns = articleColumns(signature: "signature")

    /// The columns of ``article(_:)``'s rows, with `signature` in the signature's place.
    private static func articleColumns(signature: String) -> String {
        """
        id, feedId, title, contentKey, canonicalURL, published, firstSeenAt, entryHash, \(signature), tokenCount, \
        relation, clusterId, matchKind, matchedArticleId, similarity, isRecycled, isComposite
        """
    }

    /// An article from a row of ``articleColumns``, read by position: name lookups (case-insensitive in GRDB) were a
    /// measurable share of ingest, every candidate being read this way.
    private static func article(_ row: Row) -> ClusterArticle {
        let signature: Data? = row[8]
        return ClusterArticle(
            id: row[0],
            feedId: row[1],
            title: row[2],
            contentKey: row[3],
            canonicalURL: row[4],
            published: row[5],
            firstSeen: row[6],
            entryHash: row[7],
            signature: signature.map { MinHashSignature(bytes: Array($0)) },
            tokenCount: row[9],
            relation: ArticleRelation(rawValue: row[10]) ?? .canonical,
            placement: ArticlePlacement(
                clusterId: row[11],
                matchKind: (row[12] as String?).flatMap(MatchKind.init(rawValue:)),
                matchedArticleId: row[13],
                similarity: row[14],
                isRecycled: row[15],
                isComposite: row[16]
            )
        )
    }

    func article(_ id: Int64) throws -> ClusterArticle? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.articleColumns) FROM article WHERE id = ?"),
            arguments: [id]
        )
        .map(Self.article)
    }

    func candidateArticles(_ ids: [Int64]) throws -> [ClusterArticle] {
        guard !ids.isEmpty else { return [] }
        // One cached statement for any number of ids: the list goes in as one JSON array, each id a primary-key seek.
        // The columns read lie before the signature in the row (v13), within its first page.
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.articleColumns(signature: "NULL")) FROM article
                    WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id
                    """
            ),
            arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"]
        )
        .map(Self.article)
    }

    func text(of id: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT text FROM article WHERE id = ?"), arguments: [id])
    }

    func members(of cluster: Int64) throws -> [ClusterArticle] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(Self.articleColumns) FROM article WHERE clusterId = ? ORDER BY id"),
            arguments: [cluster]
        ).map(Self.article)
    }

    func memberCount(of cluster: Int64) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT size FROM cluster WHERE id = ?"), arguments: [cluster]) ?? 0
    }

    func electorate(of cluster: Int64, limit: Int) throws -> [ClusterArticle] {
        // Each part reads at most `limit` rows through its index (article_cluster_appeared, article_cluster_fullest).
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.articleColumns) FROM article
                    WHERE id = (SELECT canonicalArticleId FROM cluster WHERE id = ?1)
                    UNION SELECT * FROM (SELECT \(Self.articleColumns) FROM article WHERE clusterId = ?1
                        ORDER BY appearedAt, id LIMIT ?2)
                    UNION SELECT * FROM (SELECT \(Self.articleColumns) FROM article WHERE clusterId = ?1
                        ORDER BY tokenCount DESC, id DESC LIMIT ?2)
                    """
            ),
            arguments: [cluster, limit]
        ).map(Self.article)
    }

    func canonical(of cluster: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT canonicalArticleId FROM cluster WHERE id = ?"),
            arguments: [cluster]
        )
    }

    func recentArticles(feedId: Int64, limit: Int) throws -> [ClusterArticle] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(Self.articleColumns) FROM article WHERE feedId = ? AND clusterId IS NOT NULL
                    ORDER BY id DESC LIMIT ?
                    """
            ),
            arguments: [feedId, limit]
        ).map(Self.article)
    }

    func setFingerprint(of id: Int64, signature: MinHashSignature, tokenCount: Int) throws {
        try db.run(
            "UPDATE article SET signature = ?, tokenCount = ? WHERE id = ?",
            [Data(signature.bytes), tokenCount, id]
        )
    }

    func setPlacement(of id: Int64, _ placement: ArticlePlacement) throws {
        try db.run(
            """
            UPDATE article SET clusterId = ?, matchKind = ?, matchedArticleId = ?, similarity = ?, isRecycled = ?,
            isComposite = ? WHERE id = ?
            """,
            [
                placement.clusterId, placement.matchKind?.rawValue, placement.matchedArticleId, placement.similarity,
                placement.isRecycled, placement.isComposite, id,
            ]
        )
    }

    func setRelation(of id: Int64, _ relation: ArticleRelation, similarity: Double) throws {
        try db.run("UPDATE article SET relation = ?, similarity = ? WHERE id = ?", [relation.rawValue, similarity, id])
    }

    func address(ofFeed feedId: Int64) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT url FROM feed WHERE id = ?"), arguments: [feedId])
    }

    func firstPage(ofFeed feedId: Int64) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT canonicalURL FROM article WHERE feedId = ? AND canonicalURL IS NOT NULL ORDER BY id LIMIT 1"
            ),
            arguments: [feedId]
        )
    }

    func createCluster(canonical: Int64, at now: Date) throws -> Int64 {
        var cluster = ClusterRecord(id: nil, canonicalArticleId: canonical, createdAt: now, updatedAt: now)
        try cluster.insert(db)
        return cluster.id!
    }

    func setCanonical(of cluster: Int64, to article: Int64, at now: Date) throws {
        try db.run("UPDATE cluster SET canonicalArticleId = ?, updatedAt = ? WHERE id = ?", [article, now, cluster])
    }

    func mergeCluster(_ source: Int64, into target: Int64) throws {
        try db.run("UPDATE article SET clusterId = ? WHERE clusterId = ?", [target, source])
        try deleteCluster(source)
    }

    func deleteCluster(_ id: Int64) throws {
        try db.run("DELETE FROM cluster WHERE id = ?", [id])
    }

    func exactCopies(contentKey: Int64?, canonicalURL: String?, excluding: Int64, limit: Int) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id FROM article WHERE id != ? AND clusterId IS NOT NULL
                    AND (contentKey = ? OR canonicalURL = ?) ORDER BY id DESC LIMIT ?
                    """
            ),
            arguments: [excluding, contentKey, canonicalURL, limit]
        )
    }

    func furnitureLines(feedId: Int64, minimumCount: Int) throws -> Set<UInt64> {
        let hashes = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT hash FROM boilerplateLine WHERE feedId = ? AND count >= ?"),
            arguments: [feedId, minimumCount]
        )
        return Set(hashes.map { UInt64(bitPattern: $0) })
    }

    func countLines(_ lines: Set<UInt64>, feedId: Int64, body: UInt64) throws -> Int {
        let clock = try Int.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO furnitureClock (feedId, texts) VALUES (?, 1)
                    ON CONFLICT (feedId) DO UPDATE SET texts = texts + 1 RETURNING texts
                    """
            ),
            arguments: [feedId]
        )
        guard let clock else { throw DatabaseError(message: "furnitureClock returned no row") }
        for line in lines {
            try db.run(
                """
                INSERT INTO boilerplateLine (feedId, hash, count, lastBody, lastCounted) VALUES (?, ?, 1, ?, ?)
                ON CONFLICT (feedId, hash) DO UPDATE
                SET count = count + (lastBody IS NOT excluded.lastBody), lastBody = excluded.lastBody,
                    lastCounted = excluded.lastCounted
                """,
                [feedId, Int64(bitPattern: line), Int64(bitPattern: body), clock]
            )
        }
        return clock
    }

    func forgetLines(feedId: Int64, countedFewerThan minimumCount: Int, lastCountedBefore clock: Int) throws {
        try db.run(
            "DELETE FROM boilerplateLine WHERE feedId = ? AND count < ? AND lastCounted < ?",
            [feedId, minimumCount, clock]
        )
    }

    func replacePassages(of composite: Int64, with passages: [StitchedPassage]) throws {
        try db.run("DELETE FROM compositePassage WHERE compositeId = ?", [composite])
        for passage in passages {
            var record = CompositePassageRecord(
                id: nil,
                compositeId: composite,
                sourceId: passage.sourceId,
                start: passage.span.lowerBound,
                end: passage.span.upperBound,
                coverage: passage.coverage
            )
            try record.insert(db)
        }
    }

    func composites(citing source: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: "SELECT DISTINCT compositeId FROM compositePassage WHERE sourceId = ? ORDER BY compositeId",
            arguments: [source]
        )
    }
}

extension Store {
    /// The deduplicator over this store, inside the write transaction `db` belongs to, its postings held in `pending`
    /// (see ``withPendingPostings(_:_:)``).
    func deduplicator(_ db: Database, at now: Date, pending: PendingPostings) -> Deduplicator<SQLiteClusterStorage> {
        Deduplicator(
            storage: SQLiteClusterStorage(db: db, pending: pending),
            configuration: deduplication,
            cache: fingerprints,
            now: now
        )
    }

    /// Runs `body`, the work of one write transaction, with the postings it indexes held back, then writes them in
    /// key order before the transaction commits; when `body` throws they are discarded with the transaction.
    func withPendingPostings<Result>(_ db: Database, _ body: (PendingPostings) throws -> Result) throws -> Result {
        let pending = PendingPostings()
        do {
            let result = try body(pending)
            try SQLiteClusterStorage(db: db, pending: pending).writePendingPostings()
            return result
        } catch {
            pending.discard()
            throw error
        }
    }
}

extension Article {
    /// The article as the deduplicator sees it.
    package var stored: ClusterArticle {
        ClusterArticle(
            id: id!,
            feedId: feedId,
            title: title,
            contentKey: contentKey,
            canonicalURL: canonicalURL,
            published: published,
            firstSeen: firstSeenAt,
            entryHash: entryHash,
            signature: signature.map { MinHashSignature(bytes: Array($0)) },
            tokenCount: tokenCount,
            relation: relation,
            placement: ArticlePlacement(
                clusterId: clusterId,
                matchKind: matchKind,
                matchedArticleId: matchedArticleId,
                similarity: similarity,
                isRecycled: isRecycled,
                isComposite: isComposite
            )
        )
    }
}
