import Foundation
import GRDB
import SeamsCluster
import Testing

@testable import SeamsStore

/// SQLite keeps each feed's furniture clock and forgets stale lines as the in-memory storage does; a feed's lines
/// and clock go with it.
struct FurnitureMemoryStoreTests {
    func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            for id in 1...2 {
                try db.execute(
                    sql: "INSERT INTO feed (id, url, addedAt) VALUES (?, ?, '2026-01-01')",
                    arguments: [id, "https://\(id).example/feed"]
                )
            }
        }
        return queue
    }

    @Test func eachFeedsClockCountsItsTextsAndForgettingKeepsFurnitureAndRecentLines() throws {
        let queue = try database()
        try queue.write { db in
            let storage = SQLiteClusterStorage(db: db)
            #expect(try storage.countLines([1, 2], feedId: 1, body: 10) == 1)
            #expect(try storage.countLines([1, 3], feedId: 1, body: 11) == 2)
            #expect(try storage.countLines([9], feedId: 2, body: 10) == 1, "a clock per feed")
            #expect(try storage.countLines([1, 4], feedId: 1, body: 12) == 3)
            #expect(try storage.furnitureLines(feedId: 1, minimumCount: 3) == [1])
            try storage.forgetLines(feedId: 1, countedFewerThan: 3, lastCountedBefore: 3)
            let kept = try Int64.fetchSet(db, sql: "SELECT hash FROM boilerplateLine WHERE feedId = 1")
            #expect(kept == [1, 4], "furniture and the line counted at 3 stay; 2 and 3 go")
            #expect(try Int64.fetchSet(db, sql: "SELECT hash FROM boilerplateLine WHERE feedId = 2") == [9])
            try db.execute(sql: "DELETE FROM feed WHERE id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM furnitureClock WHERE feedId = 1") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM boilerplateLine WHERE feedId = 1") == 0)
        }
    }

    @Test func linesLearnedBeforeTheClockExistedAreKeptUntilTheyGoStale() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v13-article-hot-columns-first")
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO feed (id, url, addedAt) VALUES (1, 'https://1.example/feed', '2026-01-01')"
            )
            try db.execute(
                sql: "INSERT INTO boilerplateLine (feedId, hash, count, lastBody) VALUES (1, 7, 5, 1), (1, 8, 1, 2)"
            )
        }
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            let storage = SQLiteClusterStorage(db: db)
            #expect(try storage.furnitureLines(feedId: 1, minimumCount: 3) == [7])
            #expect(try storage.countLines([9], feedId: 1, body: 3) == 1, "the clock starts at the first text counted")
            try storage.forgetLines(feedId: 1, countedFewerThan: 3, lastCountedBefore: 1)
            #expect(try Int64.fetchSet(db, sql: "SELECT hash FROM boilerplateLine") == [7, 9])
        }
    }
}
