import Foundation
import PostgresNIO
import SeamsCluster
import SeamsFingerprint

/// The deduplicator's `ClusterStorage` in PostgreSQL, inside the transaction `session` holds. That transaction takes
/// the placement lock first (see ``PostgresStore``), so no other node places an article, creates, merges or deletes
/// a cluster or changes the indexes until it commits: the serialization the engine requires. Candidate lookups take
/// every key of a call in one statement, as round trips cost more here than the lookups themselves.
struct PostgresClusterStorage: ClusterStorage {
    let session: BlockingSession

    /// The columns of an article row, in the order ``article(_:)`` reads them; `signature` in the signature's place.
    private static func columns(signature: String) -> String {
        """
        id, feedId, title, contentKey, canonicalURL, published, firstSeenAt, entryHash, \(signature), tokenCount, \
        relation, clusterId, matchKind, matchedArticleId, similarity, isRecycled, isComposite
        """
    }

    private static let articleColumns = columns(signature: "signature")

    private static func article(_ row: PostgresRow) throws -> ClusterArticle {
        let cells = row.makeRandomAccess()
        let signature = try cells[8].decode(Data?.self)
        return ClusterArticle(
            id: try cells[0].decode(Int64.self),
            feedId: try cells[1].decode(Int64.self),
            title: try cells[2].decode(String?.self),
            contentKey: try cells[3].decode(Int64?.self),
            canonicalURL: try cells[4].decode(String?.self),
            published: try cells[5].decode(Date?.self),
            firstSeen: try cells[6].decode(Date.self),
            entryHash: try cells[7].decode(Int64.self),
            signature: signature.map { MinHashSignature(bytes: Array($0)) },
            tokenCount: Int(try cells[9].decode(Int32.self)),
            relation: ArticleRelation(rawValue: try cells[10].decode(String.self)) ?? .canonical,
            placement: ArticlePlacement(
                clusterId: try cells[11].decode(Int64?.self),
                matchKind: try cells[12].decode(String?.self).flatMap(MatchKind.init(rawValue:)),
                matchedArticleId: try cells[13].decode(Int64?.self),
                similarity: try cells[14].decode(Double?.self),
                isRecycled: try cells[15].decode(Bool.self),
                isComposite: try cells[16].decode(Bool.self)
            )
        )
    }

    private func articles(_ sql: String, _ binds: [any PostgresBind]) throws -> [ClusterArticle] {
        try session.rows(sql, binds).map(Self.article)
    }

    private func identifiers(_ sql: String, _ binds: [any PostgresBind]) throws -> [Int64] {
        try session.rows(sql, binds).map { try $0.makeRandomAccess()[0].decode(Int64.self) }
    }

    // MARK: Articles

    func article(_ id: Int64) throws -> ClusterArticle? {
        try articles("SELECT \(Self.articleColumns) FROM article WHERE id = $1", [id]).first
    }

    func candidateArticles(_ ids: [Int64]) throws -> [ClusterArticle] {
        guard !ids.isEmpty else { return [] }
        return try articles(
            "SELECT \(Self.columns(signature: "NULL::bytea")) FROM article WHERE id = ANY($1) ORDER BY id",
            [ids]
        )
    }

    func text(of id: Int64) throws -> String? {
        try session.value(String.self, "SELECT text FROM article WHERE id = $1", [id])
    }

    func members(of cluster: Int64) throws -> [ClusterArticle] {
        try articles("SELECT \(Self.articleColumns) FROM article WHERE clusterId = $1 ORDER BY id", [cluster])
    }

    func memberCount(of cluster: Int64) throws -> Int {
        Int(try session.value(Int32.self, "SELECT size FROM cluster WHERE id = $1", [cluster]) ?? 0)
    }

    func electorate(of cluster: Int64, limit: Int) throws -> [ClusterArticle] {
        // Each part reads at most `limit` rows through its index (article_cluster_appeared, article_cluster_fullest).
        try articles(
            """
            SELECT \(Self.articleColumns) FROM article WHERE id = (SELECT canonicalArticleId FROM cluster WHERE id = $1)
            UNION (SELECT \(Self.articleColumns) FROM article WHERE clusterId = $1 ORDER BY appearedAt, id LIMIT $2)
            UNION (SELECT \(Self.articleColumns) FROM article WHERE clusterId = $1
                ORDER BY tokenCount DESC, id DESC LIMIT $2)
            ORDER BY id
            """,
            [cluster, limit]
        )
    }

    func recentArticles(feedId: Int64, limit: Int) throws -> [ClusterArticle] {
        try articles(
            """
            SELECT \(Self.articleColumns) FROM article WHERE feedId = $1 AND clusterId IS NOT NULL
            ORDER BY id DESC LIMIT $2
            """,
            [feedId, limit]
        )
    }

    func setFingerprint(of id: Int64, signature: MinHashSignature, tokenCount: Int) throws {
        try session.run(
            "UPDATE article SET signature = $1, tokenCount = $2 WHERE id = $3",
            [Data(signature.bytes), Int32(clamping: tokenCount), id]
        )
    }

    func setPlacement(of id: Int64, _ placement: ArticlePlacement) throws {
        try session.run(
            """
            UPDATE article SET clusterId = $1, matchKind = $2, matchedArticleId = $3, similarity = $4,
            isRecycled = $5, isComposite = $6 WHERE id = $7
            """,
            [
                placement.clusterId, placement.matchKind?.rawValue, placement.matchedArticleId, placement.similarity,
                placement.isRecycled, placement.isComposite, id,
            ]
        )
    }

    func setRelation(of id: Int64, _ relation: ArticleRelation, similarity: Double) throws {
        try session.run(
            "UPDATE article SET relation = $1, similarity = $2 WHERE id = $3",
            [relation.rawValue, similarity, id]
        )
    }

    func address(ofFeed feedId: Int64) throws -> String? {
        try session.value(String.self, "SELECT url FROM feed WHERE id = $1", [feedId])
    }

    func firstPage(ofFeed feedId: Int64) throws -> String? {
        try session.value(
            String.self,
            "SELECT canonicalURL FROM article WHERE feedId = $1 AND canonicalURL IS NOT NULL ORDER BY id LIMIT 1",
            [feedId]
        )
    }

    // MARK: Clusters

    func createCluster(canonical: Int64, at now: Date) throws -> Int64 {
        guard
            let id = try session.value(
                Int64.self,
                "INSERT INTO cluster (canonicalArticleId, createdAt, updatedAt) VALUES ($1, $2, $2) RETURNING id",
                [canonical, now]
            )
        else { throw PostgresStorageFailure("creating a cluster returned no id") }
        return id
    }

    func setCanonical(of cluster: Int64, to article: Int64, at now: Date) throws {
        try session.run(
            "UPDATE cluster SET canonicalArticleId = $1, updatedAt = $2 WHERE id = $3",
            [article, now, cluster]
        )
    }

    func canonical(of cluster: Int64) throws -> Int64? {
        try session.value(Int64.self, "SELECT canonicalArticleId FROM cluster WHERE id = $1", [cluster])
    }

    func mergeCluster(_ source: Int64, into target: Int64) throws {
        try session.run("UPDATE article SET clusterId = $1 WHERE clusterId = $2", [target, source])
        try deleteCluster(source)
    }

    func deleteCluster(_ id: Int64) throws {
        try session.run("DELETE FROM cluster WHERE id = $1", [id])
    }

    // MARK: Candidate indexes

    func index(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) throws {
        try Self.removePostings(of: id, in: session)
        guard !bandKeys.isEmpty || !fingerprints.isEmpty else { return }
        let bands = bandKeys.map(Self.stored)
        let prints = fingerprints.map(Self.stored)
        try session.run(
            "INSERT INTO articlePosting (articleId, bandKeys, printKeys) VALUES ($1, $2, $3)",
            [id, bands, prints]
        )
        try session.run(
            "INSERT INTO bandPosting (key, articleId) SELECT key, $1 FROM unnest($2::integer[]) AS key ON CONFLICT DO NOTHING",
            [id, bands]
        )
        try session.run(
            "INSERT INTO printPosting (key, articleId) SELECT key, $1 FROM unnest($2::integer[]) AS key ON CONFLICT DO NOTHING",
            [id, prints]
        )
    }

    func exactCopies(contentKey: Int64?, canonicalURL: String?, excluding: Int64, limit: Int) throws -> [Int64] {
        try identifiers(
            """
            SELECT id FROM article WHERE id <> $1 AND clusterId IS NOT NULL
            AND (contentKey = $2::bigint OR canonicalURL = $3::text) ORDER BY id DESC LIMIT $4
            """,
            [excluding, contentKey, canonicalURL, limit]
        )
    }

    func bandPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [Int64] {
        try postings(keys, in: "bandPosting", newestFirst: true, excluding: excluding, limit: limit).flatMap { $0 }
    }

    func fingerprintPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [[Int64]] {
        try postings(keys, in: "printPosting", newestFirst: false, excluding: excluding, limit: limit)
    }

    /// Each key's articles, in the keys' order, at most `limit` per key: one statement for all of them.
    private func postings(
        _ keys: [PostingKey],
        in table: String,
        newestFirst: Bool,
        excluding: Int64,
        limit: Int
    ) throws -> [[Int64]] {
        guard !keys.isEmpty else { return [] }
        let order = newestFirst ? "DESC" : "ASC"
        var found = Array(repeating: [Int64](), count: keys.count)
        for row in try session.rows(
            """
            SELECT k.ordinal, p.articleId FROM unnest($1::integer[]) WITH ORDINALITY AS k (key, ordinal)
            CROSS JOIN LATERAL (SELECT articleId FROM \(table) WHERE key = k.key AND articleId <> $2
                ORDER BY articleId \(order) LIMIT $3) AS p
            ORDER BY k.ordinal, p.articleId \(order)
            """,
            [keys.map(Self.stored), excluding, limit]
        ) {
            let cells = row.makeRandomAccess()
            found[Int(try cells[0].decode(Int64.self)) - 1].append(try cells[1].decode(Int64.self))
        }
        return found
    }

    /// Takes the article's keys out of the candidate indexes.
    static func removePostings(of id: Int64, in session: BlockingSession) throws {
        try session.run(
            """
            WITH gone AS (DELETE FROM articlePosting WHERE articleId = $1 RETURNING bandKeys, printKeys),
            bands AS (DELETE FROM bandPosting WHERE articleId = $1 AND key IN (SELECT unnest(bandKeys) FROM gone))
            DELETE FROM printPosting WHERE articleId = $1 AND key IN (SELECT unnest(printKeys) FROM gone)
            """,
            [id]
        )
    }

    /// The key as stored: a signed 32-bit integer.
    static func stored(_ key: PostingKey) -> Int32 {
        Int32(bitPattern: key.rawValue)
    }

    // MARK: Page furniture and composites

    func furnitureLines(feedId: Int64, minimumCount: Int) throws -> Set<UInt64> {
        let hashes = try identifiers(
            "SELECT hash FROM boilerplateLine WHERE feedId = $1 AND count >= $2",
            [feedId, minimumCount]
        )
        return Set(hashes.map { UInt64(bitPattern: $0) })
    }

    func countLines(_ lines: Set<UInt64>, feedId: Int64, body: UInt64) throws -> Int {
        guard
            let clock = try session.value(
                Int32.self,
                """
                INSERT INTO furnitureClock (feedId, texts) VALUES ($1, 1)
                ON CONFLICT (feedId) DO UPDATE SET texts = furnitureClock.texts + 1 RETURNING texts
                """,
                [feedId]
            )
        else { throw PostgresStorageFailure("the furniture clock returned no row") }
        guard !lines.isEmpty else { return Int(clock) }
        try session.run(
            """
            INSERT INTO boilerplateLine (feedId, hash, count, lastBody, lastCounted)
            SELECT $1, hash, 1, $2, $3 FROM unnest($4::bigint[]) AS hash
            ON CONFLICT (feedId, hash) DO UPDATE
            SET count = boilerplateLine.count
                    + CASE WHEN boilerplateLine.lastBody IS DISTINCT FROM excluded.lastBody THEN 1 ELSE 0 END,
                lastBody = excluded.lastBody, lastCounted = excluded.lastCounted
            """,
            [feedId, Int64(bitPattern: body), clock, lines.map { Int64(bitPattern: $0) }]
        )
        return Int(clock)
    }

    func forgetLines(feedId: Int64, countedFewerThan minimumCount: Int, lastCountedBefore clock: Int) throws {
        try session.run(
            "DELETE FROM boilerplateLine WHERE feedId = $1 AND count < $2 AND lastCounted < $3",
            [feedId, minimumCount, clock]
        )
    }

    func replacePassages(of composite: Int64, with passages: [StitchedPassage]) throws {
        try session.run("DELETE FROM compositePassage WHERE compositeId = $1", [composite])
        guard !passages.isEmpty else { return }
        try session.run(
            """
            INSERT INTO compositePassage (compositeId, sourceId, spanStart, spanEnd, coverage)
            SELECT $1, * FROM unnest($2::bigint[], $3::integer[], $4::integer[], $5::double precision[])
            """,
            [
                composite, passages.map(\.sourceId), passages.map { Int32($0.span.lowerBound) },
                passages.map { Int32($0.span.upperBound) }, passages.map(\.coverage),
            ]
        )
    }

    func composites(citing source: Int64) throws -> [Int64] {
        try identifiers(
            "SELECT DISTINCT compositeId FROM compositePassage WHERE sourceId = $1 ORDER BY compositeId",
            [source]
        )
    }
}

/// A PostgreSQL answer the store cannot use (a statement that should return a row returned none).
struct PostgresStorageFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
