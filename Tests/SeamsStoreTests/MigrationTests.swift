import Foundation
import GRDB
import SeamsCluster
import Testing

@testable import SeamsStore

/// A store written by an older release reaches the current schema with nothing lost.
struct MigrationTests {
    /// v12 folds the 64-bit LSH and fingerprint postings of v2 into the compact tables, keeps each article's keys
    /// for removal, and drops the old tables.
    @Test func postingsMoveToTheCompactTables() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v11-redundant-indexes")
        let bands: [UInt64] = [0xDEAD_BEEF_0000_0001, 0x0123_4567_89AB_CDEF, 7]
        let prints: [(UInt64, Int)] = [(0xFFFF_FFFF_FFFF_FFFF, 3), (42, 0), (42, 9)]  // 42 at two positions
        try queue.write { db in
            try db.execute(sql: "INSERT INTO feed (id, url, addedAt) VALUES (1, 'file:///feed.xml', '2026-01-01')")
            try db.execute(
                sql: """
                    INSERT INTO article (id, feedId, guid, authors, text, categories, enclosures, wordCount, entryHash,
                        firstSeenAt, updatedAt, relation) VALUES (5, 1, 'a', '[]', 'text', '[]', '[]', 1, 0,
                        '2026-01-01', '2026-01-01', 'canonical')
                    """
            )
            for key in bands {
                try db.execute(sql: "INSERT INTO lshBand VALUES (?, 5)", arguments: [Int64(bitPattern: key)])
            }
            for (hash, position) in prints {
                try db.execute(
                    sql: "INSERT INTO fingerprint VALUES (?, 5, ?)",
                    arguments: [Int64(bitPattern: hash), position]
                )
            }
        }
        try Migrations.migrator.migrate(queue)
        try queue.read { db in
            let storedBands = try Int64.fetchSet(db, sql: "SELECT key FROM bandPosting WHERE articleId = 5")
            #expect(storedBands == Set(bands.map { SQLiteClusterStorage.stored(PostingKey(folding: $0)) }))
            let storedPrints = try Int64.fetchAll(db, sql: "SELECT key FROM printPosting WHERE articleId = 5")
            #expect(
                Set(storedPrints) == Set([42, UInt64.max].map { SQLiteClusterStorage.stored(PostingKey(folding: $0)) })
            )
            #expect(storedPrints.count == 2, "one posting per distinct fingerprint")
            let row = try #require(try Row.fetchOne(db, sql: "SELECT bandKeys, printKeys FROM articlePosting"))
            #expect(Set(SQLiteClusterStorage.keys(row[0])) == Set(bands.map(PostingKey.init(folding:))))
            #expect(SQLiteClusterStorage.keys(row[1]).count == 2)
            #expect(try !db.tableExists("lshBand") && !db.tableExists("fingerprint"))
            // v15 finds the copied postings in the main level and counts them there.
            #expect(try PostingIndex.bands.rows(in: db) == (3, 0) && PostingIndex.prints.rows(in: db) == (2, 0))
            #expect(try db.tableExists("bandPostingRecent") && db.tableExists("printPostingRecent"))
        }
    }

    /// Keys survive the round trip through their stored forms, the high bit included.
    @Test func postingKeysRoundTrip() {
        let keys = [0, 1, UInt32.max, 0x8000_0000, 0x7FFF_FFFF].map(PostingKey.init(rawValue:))
        #expect(SQLiteClusterStorage.keys(SQLiteClusterStorage.blob(keys)) == keys)
        #expect(keys.map(SQLiteClusterStorage.stored).allSatisfy { Int64(Int32.min)...Int64(Int32.max) ~= $0 })
    }
}

extension MigrationTests {
    /// v13 rebuilds the article table with the deduplicator's columns first: every value, id, index, trigger and
    /// reference (a stitched page's passages) stays, and ids are never reused after it.
    @Test func articlesKeepEverythingWhenTheirColumnsAreReordered() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v12-compact-postings")
        func snapshot(_ db: Database) throws -> [[String: String]] {
            try Row.fetchAll(db, sql: "SELECT * FROM article ORDER BY id").map { row in
                Dictionary(
                    uniqueKeysWithValues: row.columnNames.map { ($0, String(describing: row[$0] as DatabaseValue)) }
                )
            }
        }
        let before = try queue.write { db in
            try db.execute(sql: "INSERT INTO feed (id, url, addedAt) VALUES (1, 'file:///feed.xml', '2026-01-01')")
            try db.execute(sql: "INSERT INTO cluster (id, createdAt, updatedAt) VALUES (1, '2026-01-01', '2026-01-01')")
            for id in [3, 9] {
                try db.execute(
                    sql: """
                        INSERT INTO article (id, feedId, guid, title, authors, text, contentHTML, categories, enclosures,
                            wordCount, entryHash, firstSeenAt, appearedAt, updatedAt, relation, clusterId, signature,
                            tokenCount, isComposite) VALUES (?, 1, ?, 'A headline', '[]', 'the text', '<p>the text</p>',
                            '[]', '[]', 2, 77, '2026-01-01', '2026-01-01', '2026-01-01', 'canonical', 1, x'0102', 40, ?)
                        """,
                    arguments: [id, "guid-\(id)", id == 9]
                )
            }
            try db.execute(sql: "UPDATE cluster SET canonicalArticleId = 3")
            try db.execute(
                sql: "INSERT INTO compositePassage (compositeId, sourceId, start, end, coverage) VALUES (9, 3, 0, 8, 1)"
            )
            return try snapshot(db)
        }
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            #expect(try snapshot(db) == before)
            let columns = try db.columns(in: "article").map(\.name)
            #expect(Array(columns.prefix(4)) == ["id", "feedId", "clusterId", "relation"])
            #expect(columns.last == "text")
            let position = { (name: String) in columns.firstIndex(of: name) ?? .max }
            #expect(position("title") < position("signature") && position("canonicalURL") < position("signature"))

            let storage = SQLiteClusterStorage(db: db)
            let candidates = try storage.candidateArticles([9, 404, 3])
            #expect(candidates.map(\.id) == [3, 9], "in id order, an id not stored left out")
            #expect(candidates.allSatisfy { $0.signature == nil && $0.title == "A headline" && $0.tokenCount == 40 })
            #expect(candidates.map(\.placement.isComposite) == [false, true])
            #expect(try storage.article(3)?.signature != nil, "a whole article is read with its signature")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM compositePassage") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let size = try Int.fetchOne(db, sql: "SELECT size FROM cluster WHERE id = 1")
            #expect(size == 2, "the listing keys were counted before and are still kept by the triggers")
            try db.execute(sql: "DELETE FROM article WHERE id = 9")
            #expect(try Int.fetchOne(db, sql: "SELECT size FROM cluster WHERE id = 1") == 1, "the triggers are back")
            try db.execute(
                sql: """
                    INSERT INTO article (feedId, guid, authors, text, categories, enclosures, wordCount, entryHash,
                        firstSeenAt, updatedAt, relation) VALUES (1, 'new', '[]', 't', '[]', '[]', 1, 0, '2026-01-02',
                        '2026-01-02', 'canonical')
                    """
            )
            #expect(db.lastInsertedRowID == 10, "ids are not reused")
            let indexes = try db.indexes(on: "article").map(\.name)
            #expect(
                Set(indexes).isSuperset(of: [
                    "article_cluster_appeared", "article_cluster_fullest", "article_feed_recent",
                ])
            )
        }
    }
}
