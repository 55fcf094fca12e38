import Foundation
import GRDB
import SeamsCluster
import Testing

@testable import SeamsStore

/// Each posting index is kept in two levels: lookups read them as one table, a posting is taken out of whichever level
/// holds it, and a merge moves the recent level into the main one with nothing lost or found twice.
extension PendingPostingsTests {
    @Test func lookupsReadBothLevelsAsOneTableInOrderWithinTheLimit() throws {
        let queue = try database()
        try queue.write { db in
            let storage = SQLiteClusterStorage(db: db)
            for id: Int64 in 1...3 { try storage.index(id, bandKeys: [shared], fingerprints: [shared, other]) }
            try storage.writePendingPostings()
            for index in PostingIndex.all { try index.merge(in: db) }
            #expect(try PostingIndex.bands.rows(in: db) == (3, 0))
            for id: Int64 in 4...6 { try storage.index(id, bandKeys: [shared], fingerprints: [shared]) }
            try storage.writePendingPostings()
            #expect(try PostingIndex.bands.rows(in: db) == (3, 3) && PostingIndex.prints.rows(in: db) == (6, 3))

            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [6, 5, 4, 3, 2, 1])
            #expect(try storage.bandPostings([shared], excluding: 6, limit: 4) == [5, 4, 3, 2], "newest first")
            #expect(
                try storage.fingerprintPostings([shared], excluding: 1, limit: 4) == [[2, 3, 4, 5]],
                "oldest first"
            )
            #expect(
                try storage.fingerprintPostings([other, shared], excluding: 0, limit: 16) == [
                    [1, 2, 3], [1, 2, 3, 4, 5, 6],
                ]
            )

            // Re-indexed: 2's postings leave the main level, 5's the recent one.
            try storage.index(2, bandKeys: [other], fingerprints: [])
            try storage.index(5, bandKeys: [other], fingerprints: [])
            try storage.writePendingPostings()
            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [6, 4, 3, 1])
            #expect(try storage.bandPostings([other], excluding: 0, limit: 16) == [5, 2])
            #expect(try storage.fingerprintPostings([shared], excluding: 0, limit: 16) == [[1, 3, 4, 6]])
            #expect(try PostingIndex.bands.rows(in: db) == (2, 4) && PostingIndex.prints.rows(in: db) == (4, 2))

            for index in PostingIndex.all { try index.merge(in: db) }
            #expect(try PostingIndex.bands.rows(in: db) == (6, 0) && PostingIndex.prints.rows(in: db) == (6, 0))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bandPosting") == 6)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bandPostingRecent") == 0)
            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [6, 4, 3, 1])
        }
    }

    @Test func aStoreFindsCopiesAcrossLevelsAndAFeedRemovedLeavesNoPostingInEither() async throws {
        let store = try Store(path: ":memory:")
        let first = try await store.addFeed(url: "https://a.example/feed")
        let second = try await store.addFeed(url: "https://b.example/feed")
        func drafts(_ prefix: String) -> [ArticleDraft] {
            (1...10).map { index in
                draft("\(prefix)\(index)", title: "Story \(index)", text: (1...80).map { "s\(index)w\($0)" })
            }
        }
        _ = try await store.ingest(feedId: first.id!, snapshot: snapshot, drafts: drafts("a"))
        try await store.writer.write { db in for index in PostingIndex.all { try index.merge(in: db) } }
        // The second feed's copies are written to the recent level; each finds its original in the main one.
        _ = try await store.ingest(feedId: second.id!, snapshot: snapshot, drafts: drafts("b"))
        #expect(try await store.totals().clusters == 10)
        let levels = try await store.writer.read { db in try PostingIndex.all.map { try $0.rows(in: db) } }
        #expect(levels.allSatisfy { $0.main > 0 && $0.recent > 0 })
        #expect(try await store.integrityCheck() == "ok")

        _ = try await store.removeFeed("https://a.example/feed")
        #expect(try await store.integrityCheck() == "ok", "the removed articles' postings left both levels")
        _ = try await store.removeFeed("https://b.example/feed")
        let left = try await store.writer.read { db in
            try PostingIndex.all.flatMap(\.tables).map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? 0 }
        }
        #expect(left == [0, 0, 0, 0])
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test func theRecentLevelIsMergedAtItsFloorOrAtAFixedShareOfTheMainLevel() {
        let floor = PostingIndex.recentFloor
        let share = PostingIndex.mainRowsPerRecentRow
        #expect(!PostingIndex.mergeIsDue(mainRows: 0, recentRows: floor - 1))
        #expect(PostingIndex.mergeIsDue(mainRows: 0, recentRows: floor))
        #expect(!PostingIndex.mergeIsDue(mainRows: 10 * share * floor, recentRows: 9 * floor))
        #expect(PostingIndex.mergeIsDue(mainRows: 10 * share * floor, recentRows: 10 * floor))
    }
}
