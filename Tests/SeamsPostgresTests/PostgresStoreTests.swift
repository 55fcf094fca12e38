import Foundation
import PostgresNIO
import SeamsCluster
import SeamsCore
import SeamsParse
import SeamsSeedFixture
import SeamsStore
import SeamsTestSupport
import Testing

@testable import SeamsPostgres

/// The PostgreSQL store against a throwaway server: its schema, and the same decisions as the SQLite store.
struct PostgresStoreTests {
    let seen = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func nodesOpeningOneNewDatabaseAtOnceMigrateItOnce() async throws {
        try await PostgresTestDatabase.withFresh { location in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresStore.withStore(at: location) { store in try await store.totals().feeds }
                    }
                }
                for try await feeds in group { #expect(feeds == 0) }
            }
            let connection = try await PostgresTestDatabase.connect(location)
            defer { Task { try? await connection.close() } }
            let names = try await connection.simpleQuery("SELECT name FROM seams_migration ORDER BY name").get()
                .map { try $0.makeRandomAccess()[0].decode(String.self) }
            #expect(names == PostgresSchema.migrations.map(\.name))
        }
    }

    @Test func aDatabaseMigratedByANewerSeamsIsRefusedUntouched() async throws {
        try await PostgresTestDatabase.withFresh { location in
            try await PostgresStore.withStore(at: location) { store in
                _ = try await store.addFeed(url: "https://a.example/feed")
            }
            try await PostgresTestDatabase.administer(
                location,
                "INSERT INTO seams_migration (name) VALUES ('v99-from-the-future')"
            )
            await #expect {
                try await PostgresStore.withStore(at: location) { _ in }
            } throws: { error in
                let message = (error as? StoreError)?.message ?? ""
                return (error as? StoreError)?.code == .cannotOpen && message.contains("v99-from-the-future")
                    && message.contains("newer")
            }
        }
    }

    @Test func anUnreachableServerIsACannotOpenError() async throws {
        let location = try PostgresLocation("postgres://seams@127.0.0.1:1/seams?sslmode=disable&connect_timeout=2")
        await #expect {
            try await PostgresStore.withStore(at: location) { _ in }
        } throws: { error in
            (error as? StoreError)?.code == .cannotOpen
                && (error as? StoreError)?.message.hasPrefix("cannot open the database postgres://seams@127.0.0.1:1/")
                    == true
        }
    }

    @Test func aFeedSubscribedOnOneNodeWakesAnotherThroughNotify() async throws {
        try await PostgresTestDatabase.withFresh { location in
            try await PostgresStore.withStore(at: location) { waiting in
                #expect(waiting.notifiesScheduleChanges)
                await waiting.nextScheduleChange()  // the change a new listener assumes it may have missed
                let woke = try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        await waiting.nextScheduleChange()
                        return true
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(30))
                        return false
                    }
                    try await Task.sleep(for: .milliseconds(300))
                    try await PostgresStore.withStore(at: location) { other in
                        _ = try await other.addFeed(url: "https://new.example/feed")
                    }
                    let first = try await group.next() ?? false
                    group.cancelAll()
                    return first
                }
                #expect(woke, "the waiting node heard of the new feed before its 30 s poll")
            }
        }
    }

    @Test func twoNodesLeaseDifferentFeedsAndTheFleetKeepsThePerHostLimit() async throws {
        try await PostgresTestDatabase.withFresh { location in
            try await PostgresStore.withStore(at: location) { first in
                try await PostgresStore.withStore(at: location) { second in
                    for index in 0..<10 { _ = try await first.addFeed(url: "https://a.example/\(index).xml") }
                    for index in 0..<2 { _ = try await first.addFeed(url: "https://b.example:8443/\(index).xml") }
                    let now = Date()
                    let mine = try await first.leaseDueFeeds(
                        at: now,
                        limit: 10,
                        maximumInterval: .infinity,
                        perHost: 3,
                        excluding: []
                    )
                    #expect(mine.count { $0.url.hasPrefix("https://a.example/") } == 3, "three of a's, its limit")
                    #expect(mine.count { $0.url.hasPrefix("https://b.example") } == 2)
                    let theirs = try await second.leaseDueFeeds(
                        at: now,
                        limit: 10,
                        maximumInterval: .infinity,
                        perHost: 3,
                        excluding: []
                    )
                    #expect(theirs.isEmpty, "a's three places are the first node's, and b's feeds are leased")
                    // Storing one of a's fetches ends its lease: one place for the other node.
                    let stored = try #require(mine.first { $0.url.hasPrefix("https://a.example/") })
                    let update = FeedUpdate(
                        feedId: stored.id!,
                        fetchedAt: now,
                        result: .failed(code: FailureCode(rawValue: "fetch.timeout"), message: "test", status: nil),
                        schedule: FeedScheduleChange(nextFetchAt: now.addingTimeInterval(3600), interval: 3600)
                    )
                    _ = try await first.apply([update])
                    let next = try await second.leaseDueFeeds(
                        at: now,
                        limit: 10,
                        maximumInterval: .infinity,
                        perHost: 3,
                        excluding: []
                    )
                    #expect(next.count == 1 && next[0].url.hasPrefix("https://a.example/"))
                    #expect(Set(next.map(\.id)).isDisjoint(with: mine.map(\.id)), "no feed is leased twice")
                }
            }
        }
    }

    @Test func subscribingTwiceKeepsOneFeedAndFillsInItsTitle() async throws {
        try await PostgresTestDatabase.withFresh { location in
            try await PostgresStore.withStore(at: location) { store in
                let first = try await store.addFeed(
                    url: "https://a.example/feed",
                    title: nil,
                    allowsPrivateAddresses: false,
                    at: seen
                )
                let again = try await store.addFeed(
                    url: "https://a.example/feed",
                    title: "A",
                    allowsPrivateAddresses: true,
                    at: seen
                )
                #expect(first.id == again.id)
                #expect(again.title == "A" && again.allowsPrivateAddresses)
                let kept = try await store.addFeed(
                    url: "https://a.example/feed",
                    title: "B",
                    allowsPrivateAddresses: false,
                    at: seen
                )
                #expect(
                    kept.title == "A" && kept.allowsPrivateAddresses,
                    "a title is never replaced, a consent never withdrawn"
                )
                #expect(try await store.feeds().map(\.url) == ["https://a.example/feed"])
                #expect(try await store.feed(url: "https://a.example/feed")?.addedAt == seen)
            }
        }
    }

    /// The founding example in three arrival orders: PostgreSQL's storage under the same engine places every article
    /// as SQLite's does — the same clusters, relations, match kinds and stitched passages.
    @Test(arguments: [
        ["A", "B", "C", "D", "stitched"], ["stitched", "D", "C", "B", "A"], ["B", "stitched", "D", "A", "C"],
    ])
    func postgresAndSQLiteDecideAlike(_ order: [String]) async throws {
        let sqlite = try Store(path: ":memory:")
        try await PostgresTestDatabase.withFresh { location in
            try await PostgresStore.withStore(at: location) { postgres in
                for id in order {
                    let story = try #require(SeedPage.stories.first { $0.id == id })
                    let draft = Self.draft(of: story)
                    let snapshot = FeedSnapshot(
                        metadata: FeedMetadata(),
                        format: .rss20,
                        status: 200,
                        etag: nil,
                        lastModified: nil,
                        bodyHash: 0
                    )
                    let inSQLite = try await sqlite.addFeed(url: story.feed)
                    let inPostgres = try await postgres.addFeed(url: story.feed)
                    #expect(inSQLite.id == inPostgres.id)
                    let sqliteReport = try await sqlite.ingest(
                        feedId: inSQLite.id!,
                        snapshot: snapshot,
                        drafts: [draft],
                        at: seen
                    )
                    let postgresReport = try await postgres.ingest(
                        feedId: inPostgres.id!,
                        snapshot: snapshot,
                        drafts: [draft],
                        at: seen
                    )
                    #expect(sqliteReport == postgresReport)
                }
                let again = try #require(SeedPage.stories.first { $0.id == order[0] })
                let feed = try #require(try await postgres.feed(url: again.feed))
                let snapshot = FeedSnapshot(
                    metadata: FeedMetadata(),
                    format: .rss20,
                    status: 200,
                    etag: nil,
                    lastModified: nil,
                    bodyHash: 0
                )
                let unchanged = try await postgres.ingest(
                    feedId: feed.id!,
                    snapshot: snapshot,
                    drafts: [Self.draft(of: again)],
                    at: seen
                )
                #expect(unchanged.unchanged == 1 && unchanged.new == 0, "an entry stored before is not stored again")

                let listed = try await sqlite.clusters(ClusterQuery(limit: 100))
                var expected: [Int64: Placement] = [:]
                for cluster in listed {
                    let members = cluster.articles.map(\.article.id!).sorted()
                    for member in cluster.articles {
                        let article = member.article
                        expected[article.id!] = Placement(
                            members: members,
                            canonical: cluster.canonical.article.id!,
                            relation: article.relation.rawValue,
                            matchKind: article.matchKind?.rawValue,
                            isComposite: article.isComposite
                        )
                    }
                }
                let placed = try await Self.placements(in: postgres)
                #expect(placed == expected)
                let sqlitePassages = Set(
                    try await sqlite.composites().flatMap { composite in
                        composite.sources.flatMap { source in
                            source.spans.map {
                                [
                                    composite.article.article.id!, source.articleId, Int64($0.lowerBound),
                                    Int64($0.upperBound),
                                ]
                            }
                        }
                    }
                )
                #expect(try await Self.passages(in: postgres) == sqlitePassages)
                let stale = try await postgres.transaction(placing: false) { session in
                    try session.value(
                        Int64.self,
                        """
                        SELECT COUNT(*) FROM cluster WHERE size <> (SELECT COUNT(*) FROM article WHERE clusterId = cluster.id)
                            OR hasComposite <> EXISTS (SELECT 1 FROM article WHERE clusterId = cluster.id AND isComposite)
                            OR sortKey IS DISTINCT FROM (SELECT appearedAt FROM article WHERE id = cluster.canonicalArticleId)
                        """
                    )
                }
                #expect(stale == 0, "the triggers keep every cluster's listing keys")
                let totals = try await postgres.totals()
                #expect(totals == (try await sqlite.totals()))
            }
        }
    }

    struct Placement: Hashable, Sendable {
        var members: [Int64]
        var canonical: Int64
        var relation: String
        var matchKind: String?
        var isComposite: Bool
    }

    static func draft(of story: SeedPage.Story) -> ArticleDraft {
        var entry = FeedEntry()
        entry.id = story.id
        entry.title = story.title
        entry.link = story.link
        entry.published = FeedDateParser.parse(story.date)
        entry.content = "<p>" + story.lines.joined(separator: "</p><p>") + "</p>"
        return ArticleDraft(entry: entry, text: story.text, guid: story.id)
    }

    /// Each article's cluster (as its members), canonical, relation, match kind and composite flag, as stored.
    static func placements(in store: PostgresStore) async throws -> [Int64: Placement] {
        try await store.transaction(placing: false) { session in
            let rows = try session.rows(
                """
                SELECT a.id, ARRAY(SELECT m.id FROM article m WHERE m.clusterId = a.clusterId ORDER BY m.id),
                    c.canonicalArticleId, a.relation, a.matchKind, a.isComposite
                FROM article a JOIN cluster c ON c.id = a.clusterId
                """
            )
            var placed: [Int64: Placement] = [:]
            for row in rows {
                let (id, members, canonical, relation, matchKind, isComposite) = try row.decode(
                    (Int64, [Int64], Int64, String, String?, Bool).self
                )
                placed[id] = Placement(
                    members: members,
                    canonical: canonical,
                    relation: relation,
                    matchKind: matchKind,
                    isComposite: isComposite
                )
            }
            return placed
        }
    }

    /// Every stitched passage: page, source, start, end.
    static func passages(in store: PostgresStore) async throws -> Set<[Int64]> {
        try await store.transaction(placing: false) { session in
            Set(
                try session.rows("SELECT compositeId, sourceId, spanStart, spanEnd FROM compositePassage").map { row in
                    let (page, source, start, end) = try row.decode((Int64, Int64, Int32, Int32).self)
                    return [page, source, Int64(start), Int64(end)]
                }
            )
        }
    }
}
