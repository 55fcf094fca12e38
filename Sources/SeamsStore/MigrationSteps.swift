import GRDB
import SeamsCluster

/// v13's rebuild of the article table with the columns the deduplicator reads before the bodies.
enum ArticleColumnOrder {
    /// Every column, in the new order: small fixed ones, the headline and page, the signature, then the bodies.
    static let columns = [
        "id", "feedId", "clusterId", "relation", "tokenCount", "isComposite", "isRecycled", "matchKind",
        "matchedArticleId", "similarity", "contentKey", "entryHash", "wordCount", "appearedAt", "published",
        "publishedOffset", "firstSeenAt", "updated", "updatedOffset", "updatedAt", "title", "canonicalURL",
        "signature", "guid", "url", "language", "authors", "categories", "enclosures", "summaryHTML",
        "contentHTML", "text",
    ]

    static func rebuild(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'article'")
        // The article table's indexes and triggers, and the other tables' triggers that read it, as the schema holds
        // them: they go while the table is replaced and are created again from the same SQL after.
        let schema = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
                    AND (tbl_name = 'article' OR (type = 'trigger' AND sql LIKE '%article%'))
                """
        )
        for row in schema where row["type"] as String == "trigger" {
            try db.execute(sql: "DROP TRIGGER \((row["name"] as String).quotedDatabaseIdentifier)")
        }
        try db.execute(
            sql: """
                CREATE TABLE newArticle (
                    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
                    "feedId" INTEGER NOT NULL REFERENCES "feed"("id") ON DELETE CASCADE,
                    "clusterId" INTEGER REFERENCES "cluster"("id"),
                    "relation" TEXT NOT NULL,
                    "tokenCount" INTEGER NOT NULL DEFAULT 0,
                    "isComposite" BOOLEAN NOT NULL DEFAULT 0,
                    "isRecycled" BOOLEAN NOT NULL DEFAULT 0,
                    "matchKind" TEXT,
                    "matchedArticleId" INTEGER,
                    "similarity" DOUBLE,
                    "contentKey" INTEGER,
                    "entryHash" INTEGER NOT NULL,
                    "wordCount" INTEGER NOT NULL,
                    "appearedAt" DATETIME,
                    "published" DATETIME,
                    "publishedOffset" INTEGER,
                    "firstSeenAt" DATETIME NOT NULL,
                    "updated" DATETIME,
                    "updatedOffset" INTEGER,
                    "updatedAt" DATETIME NOT NULL,
                    "title" TEXT,
                    "canonicalURL" TEXT,
                    "signature" BLOB,
                    "guid" TEXT NOT NULL,
                    "url" TEXT,
                    "language" TEXT,
                    "authors" TEXT NOT NULL,
                    "categories" TEXT NOT NULL,
                    "enclosures" TEXT NOT NULL,
                    "summaryHTML" TEXT,
                    "contentHTML" TEXT,
                    "text" TEXT NOT NULL,
                    UNIQUE ("feedId", "guid"))
                """
        )
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try db.execute(sql: "INSERT INTO newArticle (\(list)) SELECT \(list) FROM article ORDER BY id")
        try db.execute(sql: "DROP TABLE article")
        try db.execute(sql: "ALTER TABLE newArticle RENAME TO article")
        if let sequence {
            try db.execute(
                sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'article'",
                arguments: [sequence]
            )
            try db.execute(
                sql: "INSERT INTO sqlite_sequence (name, seq) SELECT 'article', ? WHERE changes() = 0",
                arguments: [sequence]
            )
        }
        for row in schema { try db.execute(sql: row["sql"] as String) }
    }
}

/// v12's copy of the old 64-bit postings into the compact tables, folded as the engine now folds them.
enum PostingMigration {
    static func copy(from db: Database) throws {
        let storage = SQLiteClusterStorage(db: db)
        var bands: [Int64: [PostingKey]] = [:]
        var prints: [Int64: [PostingKey]] = [:]
        let bandRows = try Row.fetchCursor(db, sql: "SELECT articleId, key FROM lshBand ORDER BY articleId, key")
        while let row = try bandRows.next() {
            bands[row[0], default: []].append(PostingKey(folding: UInt64(bitPattern: row[1])))
        }
        let printRows = try Row.fetchCursor(
            db,
            sql: "SELECT articleId, MIN(position), hash FROM fingerprint GROUP BY articleId, hash ORDER BY 1, 2"
        )
        while let row = try printRows.next() {
            prints[row[0], default: []].append(PostingKey(folding: UInt64(bitPattern: row[2])))
        }
        do {
            for id in Set(bands.keys).union(prints.keys).sorted() {
                try storage.index(id, bandKeys: unique(bands[id] ?? []), fingerprints: unique(prints[id] ?? []))
            }
            try storage.writePendingPostings(intoMainLevel: true)
        } catch {
            storage.pending.discard()
            throw error
        }
    }

    private static func unique(_ keys: [PostingKey]) -> [PostingKey] {
        var seen = Set<PostingKey>()
        return keys.filter { seen.insert($0).inserted }
    }
}
