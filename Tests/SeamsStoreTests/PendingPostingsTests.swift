import Foundation
import GRDB
import SeamsCluster
import SeamsParse
import Testing

@testable import SeamsStore

/// A transaction's postings are held back and written at its end in key order; until then lookups see them as if
/// they were written, and re-indexing or removing an article takes its pending postings out.
struct PendingPostingsTests {
    func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO feed (id, url, addedAt) VALUES (1, 'https://1.example/feed', '2026-01-01')"
            )
            for id in 1...6 {
                try db.execute(
                    sql: """
                        INSERT INTO article (id, feedId, guid, authors, text, categories, enclosures, wordCount, entryHash,
                            firstSeenAt, updatedAt, relation) VALUES (?, 1, ?, '[]', 'text', '[]', '[]', 1, 0,
                            '2026-01-01', '2026-01-01', 'canonical')
                        """,
                    arguments: [id, "g\(id)"]
                )
            }
        }
        return queue
    }

    /// A fetch's snapshot, as the pipeline gives it with entries.
    let snapshot = FeedSnapshot(
        metadata: FeedMetadata(),
        format: .rss20,
        status: 200,
        etag: nil,
        lastModified: nil,
        bodyHash: 1
    )

    /// An entry of `words` under `title`, as parsed and extracted.
    func draft(_ guid: String, title: String, text words: [String]) -> ArticleDraft {
        var entry = FeedEntry()
        entry.id = guid
        entry.title = title
        let text = words.joined(separator: " ")
        entry.content = "<p>\(text)</p>"
        return ArticleDraft(entry: entry, text: text, guid: guid)
    }

    let shared = PostingKey(rawValue: 0xFFFF_FFF0)  // negative when stored: key order is the stored order
    let other = PostingKey(rawValue: 7)

    @Test func lookupsSeePendingAndWrittenPostingsAlikeNewestFirstWithinTheLimit() throws {
        let queue = try database()
        try queue.write { db in
            let written = SQLiteClusterStorage(db: db)
            for id: Int64 in 1...3 { try written.index(id, bandKeys: [shared], fingerprints: [shared, other]) }
            try written.writePendingPostings()
            let storage = SQLiteClusterStorage(db: db)
            for id: Int64 in 4...5 { try storage.index(id, bandKeys: [shared], fingerprints: [shared]) }
            #expect(try storage.bandPostings([shared], excluding: 5, limit: 3) == [4, 3, 2])
            #expect(try storage.bandPostings([shared, other], excluding: 0, limit: 16) == [5, 4, 3, 2, 1])
            let prints = try storage.fingerprintPostings([shared, other], excluding: 1, limit: 10)
            #expect(Set(prints[0]) == [2, 3, 4, 5] && prints[0].count == 4)
            #expect(prints[1] == [2, 3])
            #expect(try storage.fingerprintPostings([shared], excluding: 0, limit: 2)[0].count == 2)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bandPostingRecent") == 3, "5 and 4 wait")

            try storage.index(4, bandKeys: [other], fingerprints: [])  // re-indexed: its pending keys go
            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [5, 3, 2, 1])
            try storage.index(2, bandKeys: [other], fingerprints: [])  // written before: its rows go
            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [5, 3, 1])
            #expect(try storage.bandPostings([other], excluding: 0, limit: 16) == [4, 2])

            try storage.writePendingPostings()
            #expect(try storage.bandPostings([shared], excluding: 0, limit: 16) == [5, 3, 1])
            #expect(try storage.bandPostings([other], excluding: 0, limit: 16) == [4, 2])
            let rows = try Row.fetchAll(db, sql: "SELECT key, articleId FROM bandPostingRecent ORDER BY key, articleId")
            #expect(
                rows.map { [$0[0] as Int64, $0[1]] } == [
                    [SQLiteClusterStorage.stored(shared), 1], [SQLiteClusterStorage.stored(shared), 3],
                    [SQLiteClusterStorage.stored(shared), 5], [7, 2], [7, 4],
                ]
            )
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM printPostingRecent") == 2 * 3 - 2 + 1)
        }
    }

    @Test func aStoreWritesEveryPostingItIndexedBeforeItCommits() async throws {
        let store = try Store(path: ":memory:")
        let feed = try await store.addFeed(url: "https://a.example/feed")
        // Ten stories, three copies of each, in one fetch: the copies find each other through the pending postings.
        let drafts = (1...30).map { index in
            draft("g\(index)", title: "Story \(index % 10)", text: (1...80).map { "w\(index % 10)x\($0)" })
        }
        let report = try await store.ingest(feedId: feed.id!, snapshot: snapshot, drafts: drafts)
        #expect(report.new == 30)
        #expect(try await store.totals().clusters == 10)
        #expect(try await store.integrityCheck() == "ok", "every key indexed is a posting row")
        let rows = try await store.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bandPostingRecent")
        }
        #expect((rows ?? 0) > 0)
    }

    @Test func aSavepointRolledBackTakesItsPendingPostingsWithItAndOneReleasedKeepsThem() {
        let pending = PendingPostings()
        pending.add(1, bandKeys: [shared], fingerprints: [other])
        pending.beginSavepoint()
        pending.add(2, bandKeys: [shared], fingerprints: [])
        pending.add(1, bandKeys: [other], fingerprints: [])  // re-indexed inside the savepoint
        _ = pending.remove(1)
        pending.add(1, bandKeys: [other], fingerprints: [shared])
        pending.rollbackSavepoint()
        #expect(pending.bandArticles(shared, excluding: 0) == [1])
        #expect(pending.bandArticles(other, excluding: 0).isEmpty)
        #expect(pending.fingerprintArticles(other, excluding: 0) == [1])
        #expect(pending.fingerprintArticles(shared, excluding: 0).isEmpty)
        #expect(pending.count == 2, "one band key and one fingerprint pending")

        pending.beginSavepoint()
        pending.add(3, bandKeys: [other], fingerprints: [])
        pending.releaseSavepoint()
        pending.beginSavepoint()
        pending.add(4, bandKeys: [other], fingerprints: [])
        pending.rollbackSavepoint()
        #expect(pending.bandArticles(other, excluding: 0) == [3], "a released savepoint's postings stay")
        let drained = pending.drain()
        #expect(drained.bands.map(\.1) == [1, 3] && drained.prints.map(\.1) == [1])
        #expect(pending.isEmpty && pending.count == 0)
    }

    @Test func anUpdateRolledBackAloneInABatchLeavesNoneOfItsPostings() async throws {
        let store = try Store(path: ":memory:")
        var feeds: [Int64] = []
        for index in 1...3 { feeds.append(try await store.addFeed(url: "https://\(index).example/feed").id!) }
        let ids = feeds
        // The second feed's update fails at its last statement, after its articles were indexed.
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER failSecond AFTER UPDATE OF bodyHash ON feed WHEN NEW.id = \(ids[1])
                    BEGIN SELECT RAISE(ABORT, 'the second feed fails'); END
                    """
            )
        }
        let updates = ids.enumerated().map { position, feedId in
            // More articles in the failing update than in the next: SQLite hands the rolled-back ids out again.
            let drafts = (1...(position == 1 ? 8 : 3)).map { index in
                draft("g\(index)", title: "Story \(index)", text: (1...80).map { "s\(index)p\(position)w\($0)" })
            }
            return FeedUpdate(
                feedId: feedId,
                fetchedAt: FetchUpdates.fetchedAt,
                result: .parsed(snapshot, drafts),
                schedule: FeedScheduleChange(nextFetchAt: FetchUpdates.fetchedAt.addingTimeInterval(300), interval: 300)
            )
        }
        let outcomes = try await store.apply(updates)
        #expect(outcomes.map { (try? $0.ingest?.get())?.new } == [3, nil, 3])
        #expect(try await store.totals().articles == 6)
        #expect(try await store.integrityCheck() == "ok", "no posting of the rolled-back articles is written")
    }
}
