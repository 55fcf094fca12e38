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
        }
    }

    /// Keys survive the round trip through their stored forms, the high bit included.
    @Test func postingKeysRoundTrip() {
        let keys = [0, 1, UInt32.max, 0x8000_0000, 0x7FFF_FFFF].map(PostingKey.init(rawValue:))
        #expect(SQLiteClusterStorage.keys(SQLiteClusterStorage.blob(keys)) == keys)
        #expect(keys.map(SQLiteClusterStorage.stored).allSatisfy { Int64(Int32.min)...Int64(Int32.max) ~= $0 })
    }
}
