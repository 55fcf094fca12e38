import Foundation
import SeamsCluster
import SeamsCore
import SeamsFingerprint
import SeamsParse
import SeamsStore
import SeamsTestSupport
import Testing

struct StoreTests {
    let body = (1...40).map { "chữ\($0)" }.joined(separator: " ")

    func entry(_ id: String?, title: String, text: String, link: String? = nil, published: String? = nil) -> FeedEntry {
        var entry = FeedEntry()
        entry.id = id
        entry.title = title
        entry.content = "<p>\(text)</p>"
        entry.link = link
        entry.published = published.flatMap(FeedDateParser.parse)
        return entry
    }

    func drafts(_ entries: [FeedEntry]) -> [ArticleDraft] {
        zip(entries, EntryIdentity.assign(entries)).map { entry, guid in
            ArticleDraft(
                entry: entry,
                text: entry.content!.replacingOccurrences(of: "<p>", with: "").replacingOccurrences(
                    of: "</p>",
                    with: ""
                ),
                guid: guid
            )
        }
    }

    func snapshot() -> FeedSnapshot {
        FeedSnapshot(metadata: FeedMetadata(), format: .rss20, status: 200, etag: nil, lastModified: nil, bodyHash: 1)
    }

    @Test(arguments: StoreBackend.allCases)
    func reingestingTheSameEntriesInsertsNothingAndAChangedEntryIsUpdatedInPlace(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let feed = try await store.addFeed(url: "https://a.example/feed")
            let first = [entry("1", title: "One", text: body), entry("2", title: "Two", text: "short text")]
            let report = try await store.ingest(feedId: feed.id!, snapshot: snapshot(), drafts: drafts(first))
            #expect(report.new == 2)
            let again = try await store.ingest(feedId: feed.id!, snapshot: snapshot(), drafts: drafts(first))
            #expect(
                again
                    == {
                        var r = IngestReport()
                        r.unchanged = 2
                        return r
                    }()
            )
            let changed = [entry("1", title: "One (updated)", text: body), first[1]]
            let update = try await store.ingest(feedId: feed.id!, snapshot: snapshot(), drafts: drafts(changed))
            #expect(update.updated == 1 && update.unchanged == 1 && update.new == 0)
            #expect(try await store.totals().articles == 2)
            let clusters = try await store.clusters()
            #expect(clusters.contains { $0.canonical.article.title == "One (updated)" })
        }
    }

    @Test(arguments: StoreBackend.allCases) func exactCopiesAcrossFeedsShareOneClusterWithTheEarliestAsCanonical(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            let wire = try await store.addFeed(url: "https://wire.example/feed")
            let paper = try await store.addFeed(url: "https://paper.example/feed")
            _ = try await store.ingest(
                feedId: paper.id!,
                snapshot: snapshot(),
                drafts: drafts([
                    entry("p1", title: "Repost headline", text: body.uppercased(), published: "2023-03-07T12:00:00Z")
                ])
            )
            _ = try await store.ingest(
                feedId: wire.id!,
                snapshot: snapshot(),
                drafts: drafts([
                    entry("w1", title: "Original", text: body, published: "2023-03-07T09:00:00Z"),
                    entry("w2", title: "Other story", text: (1...40).map { "khác\($0)" }.joined(separator: " ")),
                ])
            )
            let clusters = try await store.clusters()
            #expect(clusters.count == 2)
            let story = try #require(clusters.first { $0.articles.count == 2 })
            #expect(story.canonical.article.title == "Original", "re-elected when an earlier copy arrived")
            #expect(story.articles.map(\.article.relation) == [.canonical, .duplicate])
            #expect(Set(story.articles.map(\.feedURL)) == ["https://wire.example/feed", "https://paper.example/feed"])
        }
    }

    @Test(arguments: StoreBackend.allCases) func theSamePageUnderTwoURLsFormsIsOneStory(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            // An aggregator's snippet under the story's link (in another form), and the story itself.
            let aggregator = try await store.addFeed(url: "https://aggregator.example/feed")
            let feed = try await store.addFeed(url: "https://a.example/feed")
            _ = try await store.ingest(
                feedId: aggregator.id!,
                snapshot: snapshot(),
                drafts: drafts([
                    entry("1", title: "Teaser", text: "a teaser", link: "https://www.site.example/story?utm_source=rss")
                ])
            )
            _ = try await store.ingest(
                feedId: feed.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("2", title: "Full", text: body, link: "http://site.example/story")])
            )
            let clusters = try await store.clusters()
            #expect(clusters.count == 1)
            #expect(
                clusters.first?.canonical.article.title == "Full",
                "a snippet under the link is a copy, not the record"
            )
        }
    }

    @Test(arguments: StoreBackend.allCases) func oneStorysTextUnderAnothersPageJoinsTheTextsStoryAndMergesNothing(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            let feed = try await store.addFeed(url: "https://a.example/feed")
            let other = (1...40).map { "khác\($0)" }.joined(separator: " ")
            _ = try await store.ingest(
                feedId: feed.id!,
                snapshot: snapshot(),
                drafts: drafts([
                    entry("1", title: "A", text: body, link: "https://x.example/1"),
                    entry("2", title: "B", text: other, link: "https://x.example/2"),
                ])
            )
            let before = try await store.clusters().map(\.id).sorted()
            // Same text as 1 and same page as 2, from another feed: a page is evidence only with its text.
            let attacker = try await store.addFeed(url: "https://attacker.example/feed")
            _ = try await store.ingest(
                feedId: attacker.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("3", title: "C", text: body, link: "https://x.example/2")])
            )
            let after = try await store.clusters()
            #expect(after.map(\.id).sorted() == before)
            #expect(
                after.first { $0.articles.count == 2 }?.articles.compactMap(\.article.title).sorted() == ["A", "C"]
            )
            #expect(try await store.integrityCheck() == "ok", "the listing keys count what the clusters hold")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aStoryIsListedByWhenItAppearedWhichAPublicationDateInTheFutureDoesNotMove(_ backend: StoreBackend) async throws
    {
        // A future date (within the day's tolerance) counts as the first sighting, for listings as for election.
        try await backend.withStore { store in
            let feed = try await store.addFeed(url: "https://a.example/feed")
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let ahead = FeedDate(date: now.addingTimeInterval(7200), utcOffset: 0).rfc3339
            _ = try await store.ingest(
                feedId: feed.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("early", title: "A", text: body, published: ahead)]),
                at: now
            )
            let other = (1...40).map { "khác\($0)" }.joined(separator: " ")
            _ = try await store.ingest(
                feedId: feed.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("later", title: "B", text: other)]),
                at: now.addingTimeInterval(3600)
            )
            #expect(
                try await store.clusters().map(\.canonical.article.guid) == ["later", "early"],
                "newest first, by appearance"
            )
            var since = ClusterQuery()
            since.since = now.addingTimeInterval(1800)
            #expect(try await store.clusters(since).map(\.canonical.article.guid) == ["later"])
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test func compareLeavesOutTheFurnitureTheFeedHasTaughtTheStore() async throws {
        let store = try Store(path: ":memory:")
        let feed = try await store.addFeed(url: "https://a.example/feed")
        let furniture = "Đăng ký nhận bản tin mỗi sáng để không bỏ lỡ tin tức quan trọng nhất trong ngày hôm nay"
        let stories = (1...4).map { index in
            (1...40).map { "tin\(index)x\($0)" }.joined(separator: " ") + "\n" + furniture
        }
        _ = try await store.ingest(
            feedId: feed.id!,
            snapshot: snapshot(),
            drafts: stories.enumerated().map { index, text in
                var entry = FeedEntry()
                entry.id = "\(index)"
                entry.title = "Story \(index)"
                return ArticleDraft(entry: entry, text: text, guid: "\(index)")
            }
        )
        let stored = try await store.compare(.stored(4), .stored(3))
        #expect(
            stored.comparison.first.fingerprint.tokens.droppedTokens > 0,
            "the learned line is furniture of this feed"
        )
        let loose = try await store.compare(.text(stories[3]), .text(stories[2]))
        #expect(
            loose.comparison.first.fingerprint.tokens.droppedTokens == 0,
            "a text from a file has no feed to learn from"
        )
        #expect(stored.comparison.overlap.passages.isEmpty && !loose.comparison.overlap.passages.isEmpty)
        #expect(try await store.furniture(ofArticle: 1) == [furniture], "learned before the first entry was placed")
        #expect(
            stored.comparison.first.fingerprint.tokens.furnitureSpans.count == 1,
            "the line left out is shown, not only counted"
        )
    }

    @Test func feedsWithoutGuidsOrWithRepeatedGuidsGetDistinctStableIdentities() {
        let noIDs = [entry(nil, title: "A", text: "a", link: "https://x.example/a"), entry(nil, title: "B", text: "b")]
        let identities = EntryIdentity.assign(noIDs)
        #expect(identities[0] == "https://x.example/a")
        #expect(identities[1].hasPrefix("sha:"))
        #expect(EntryIdentity.assign(noIDs) == identities, "stable across fetches")
        let repeated = [
            entry("same", title: "A", text: "a", link: "https://x.example/a"),
            entry("same", title: "B", text: "b", link: "https://x.example/b"),
            entry("same", title: "A", text: "a", link: "https://x.example/a"),
        ]
        let assigned = EntryIdentity.assign(repeated)
        #expect(
            assigned == ["same", "https://x.example/b", "same"],
            "an exact repeat keeps the identity; a different entry falls back"
        )
    }

    @Test(arguments: StoreBackend.allCases) func removingAFeedReelectsTheClustersItWasCanonicalIn(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            let first = try await store.addFeed(url: "https://first.example/feed")
            let second = try await store.addFeed(url: "https://second.example/feed")
            _ = try await store.ingest(
                feedId: first.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("1", title: "First", text: body, published: "2023-01-01")])
            )
            _ = try await store.ingest(
                feedId: second.id!,
                snapshot: snapshot(),
                drafts: drafts([entry("1", title: "Second", text: body, published: "2023-02-01")])
            )
            _ = try await store.removeFeed(first.url)
            let clusters = try await store.clusters()
            #expect(clusters.count == 1)
            #expect(clusters[0].canonical.article.title == "Second")
            #expect(clusters[0].articles.count == 1)
            #expect(try await store.integrityCheck() == "ok", "listing keys follow the removal and the new canonical")
            await #expect(throws: StoreError.self) { try await store.removeFeed("https://nobody.example/feed") }
        }
    }

    /// Titles per cluster: a partition two stores can be compared by.
    func partition(of store: any StoryStore) async throws -> Set<[String]> {
        Set(
            try await store.clusters(ClusterQuery(limit: 1_000)).map {
                $0.articles.compactMap(\.article.title).sorted()
            }
        )
    }

    @Test(arguments: StoreBackend.allCases) func removingAFeedLeavesTheStoreAsIfItHadNeverBeenSubscribed(
        _ backend: StoreBackend
    ) async throws {
        func words(_ range: ClosedRange<Int>) -> String { range.map { "tin\($0)" }.joined(separator: " ") }
        let story = words(1...120)
        let teaser = words(1...30)
        let wire = (1...90).map { "điện\($0)" }.joined(separator: " ")
        let honest: [(url: String, entries: [FeedEntry])] = [
            (
                "https://teasers.example/feed",
                [entry("t", title: "Teaser", text: teaser, link: "https://teasers.example/t")]
            ),
            (
                "https://wire.example/feed",
                [
                    entry(
                        "w",
                        title: "Wire",
                        text: wire,
                        link: "https://wire.example/w",
                        published: "2023-01-02T08:00:00Z"
                    )
                ]
            ),
        ]
        // Its opening and its ending, which share a third of their words: one story only through the full text.
        let later = [
            (
                "https://later.example/feed",
                [
                    entry("o", title: "Opening", text: words(1...80), link: "https://later.example/o"),
                    entry("e", title: "Ending", text: words(41...120), link: "https://later.example/e"),
                ]
            )
        ]
        // The feed to remove: the full story (which the teaser, the opening and the ending are parts of), a copy of the wire story dated a
        // year before it (seen with it, so believed: the wire story's canonical record), and a story of its own.
        let removed = [
            entry("1", title: "X story", text: story, link: "https://x.example/1"),
            entry("2", title: "X wire", text: wire, link: "https://x.example/2", published: "2022-01-02T08:00:00Z"),
            entry("3", title: "X own", text: body, link: "https://x.example/3"),
        ]
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        func sync(_ store: any StoryStore, _ feeds: [(url: String, entries: [FeedEntry])]) async throws {
            for feed in feeds {
                let id = try await store.addFeed(url: feed.url).id!
                _ = try await store.ingest(feedId: id, snapshot: snapshot(), drafts: drafts(feed.entries), at: now)
            }
        }
        let control = try Store(path: ":memory:")
        try await sync(control, honest + later)
        try await backend.withStore { store in
            try await sync(store, honest + [("https://x.example/feed", removed)] + later)
            let merged = try await partition(of: store)
            #expect(merged.contains(["Ending", "Opening", "Teaser", "X story"]))
            #expect(try await partition(of: control) == Set([["Opening", "Teaser"], ["Ending"], ["Wire"]]))
            #expect(merged.contains(["Wire", "X wire"]))
            #expect(try await store.clusters().contains { $0.canonical.article.title == "X wire" })

            _ = try await store.removeFeed("https://x.example/feed")
            #expect(try await partition(of: store) == partition(of: control))
            let canonicals = { (store: any StoryStore) in
                try await store.clusters().map { $0.canonical.article.title ?? "" }.sorted()
            }
            #expect(try await canonicals(store) == canonicals(control))
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aListingReadsABoundedNumberOfMembersPerClusterAndGivesTheSize(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            for index in 0..<30 {
                let feed = try await store.addFeed(url: "https://outlet\(index).example/feed")
                let published = String(format: "2023-01-01T%02d:00:00Z", index % 24)
                _ = try await store.ingest(
                    feedId: feed.id!,
                    snapshot: snapshot(),
                    drafts: drafts([entry("1", title: "Copy \(index)", text: body, published: published)])
                )
            }
            var query = ClusterQuery(limit: 10)
            let complete = try #require(try await store.clusters(query).first)
            #expect(complete.articles.count == 30 && complete.size == 30)
            query.memberLimit = 5
            let bounded = try #require(try await store.clusters(query).first)
            #expect(bounded.size == 30)
            #expect(bounded.articles.count == 5)
            #expect(bounded.canonical == complete.canonical, "the canonical article first")
            #expect(bounded.articles.map(\.article.id) == complete.articles.prefix(5).map(\.article.id))
            let one = try await store.cluster(id: bounded.id, memberLimit: 3)
            #expect(one.articles.count == 3 && one.size == 30)
        }
    }

    @Test(arguments: StoreBackend.allCases) func failuresAreRecordedOnTheFeedAndClearedBySuccess(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            let feed = try await store.addFeed(url: "https://a.example/feed")
            let timeout = FetchUpdates.failed(
                feed.id!,
                code: FailureCode(rawValue: "fetch.timeout"),
                message: "timed out"
            )
            _ = try await store.apply([timeout])
            _ = try await store.apply([timeout])
            var stored = try #require(try await store.feed(url: feed.url))
            #expect(stored.lastErrorCode == FailureCode(rawValue: "fetch.timeout"))
            #expect(stored.lastErrorMessage == "timed out")
            #expect(stored.consecutiveErrors == 2)
            _ = try await store.apply([FetchUpdates.unchanged(feed.id!, status: 304, etag: "\"e\"")])
            stored = try #require(try await store.feed(url: feed.url))
            #expect(stored.lastErrorCode == nil && stored.consecutiveErrors == 0 && stored.etag == "\"e\"")
            #expect(stored.fetchCount == 3 && stored.notModifiedCount == 1)
        }
    }

    @Test func aFileDatabaseUsesWALAndReopensWithItsData() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let store = try Store(path: path)
            try await store.addFeed(url: "https://a.example/feed", title: "A")
        }
        let reopened = try Store(path: path)
        #expect(try await reopened.feeds().map(\.title) == ["A"])
        #expect(try await reopened.integrityCheck() == "ok")
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aDatabaseThatCannotBeOpenedIsAClearError() {
        let error = #expect(throws: StoreError.self) { try Store(path: "/nonexistent-dir/seams.sqlite") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("/nonexistent-dir") == true)
    }
}

struct ClusterQueryTests {
    @Test(arguments: StoreBackend.allCases) func listsOnlyCopiedStoriesWhenAskedAndHonoursSince(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withStore { store in
            let feed = try await store.addFeed(url: "https://a.example/feed")
            let body = (1...40).map { "w\($0)" }.joined(separator: " ")
            func draft(_ id: String, _ text: String, _ date: String) -> ArticleDraft {
                var entry = FeedEntry()
                entry.id = id
                entry.title = id
                entry.published = FeedDateParser.parse(date)
                return ArticleDraft(entry: entry, text: text, guid: id)
            }
            let snapshot = FeedSnapshot(
                metadata: FeedMetadata(),
                format: .rss20,
                status: 200,
                etag: nil,
                lastModified: nil,
                bodyHash: 0
            )
            _ = try await store.ingest(
                feedId: feed.id!,
                snapshot: snapshot,
                drafts: [
                    draft("a", body, "2023-01-01"), draft("b", body, "2023-01-02"),
                    draft("c", "alone here", "2023-02-01"),
                ]
            )
            #expect(try await store.clusters().map(\.canonical.article.guid) == ["c", "a"], "newest first")
            #expect(try await store.clusters(ClusterQuery(minimumSize: 2)).map(\.canonical.article.guid) == ["a"])
            let since = try #require(FeedDateParser.parse("2023-01-15")).date
            #expect(try await store.clusters(ClusterQuery(since: since)).map(\.canonical.article.guid) == ["c"])
            #expect(try await store.clusters(ClusterQuery(limit: 1)).count == 1)
            var composites = ClusterQuery()
            composites.compositesOnly = true
            #expect(try await store.clusters(composites).isEmpty)
        }
    }
}

/// Updates as the sync pipeline builds them, for writing through ``Store/apply(_:)`` as production does.
enum FetchUpdates {
    static let fetchedAt = Date(timeIntervalSince1970: 1_700_000_000)

    static func failed(_ feedId: Int64, code: FailureCode, message: String) -> FeedUpdate {
        FeedUpdate(
            feedId: feedId,
            fetchedAt: fetchedAt,
            result: .failed(code: code, message: message, status: nil),
            schedule: FeedScheduleChange(nextFetchAt: fetchedAt.addingTimeInterval(300), interval: 300)
        )
    }

    static func unchanged(_ feedId: Int64, status: Int, etag: String?) -> FeedUpdate {
        FeedUpdate(
            feedId: feedId,
            fetchedAt: fetchedAt,
            result: .unchanged(status: status, etag: etag, lastModified: nil),
            schedule: FeedScheduleChange(nextFetchAt: fetchedAt.addingTimeInterval(300), interval: 300)
        )
    }
}
