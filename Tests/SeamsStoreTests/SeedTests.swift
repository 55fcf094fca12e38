import Foundation
import SeamsCluster
import SeamsFingerprint
import SeamsParse
import SeamsSeedFixture
import SeamsStore
import Testing

/// The founding example in SQLite, in every arrival order, and the same decisions as the in-memory storage makes.
struct SeedTests {
    let seen = Date(timeIntervalSince1970: 1_700_000_000)

    func ingest(_ order: [String], into store: Store) async throws {
        for id in order {
            let story = try #require(SeedPage.stories.first { $0.id == id })
            let feed = try await store.addFeed(url: story.feed)
            var entry = FeedEntry()
            entry.id = story.id
            entry.title = story.title
            entry.link = story.link
            entry.published = FeedDateParser.parse(story.date)
            entry.content = "<p>" + story.lines.joined(separator: "</p><p>") + "</p>"
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
                drafts: [ArticleDraft(entry: entry, text: story.text, guid: story.id)],
                at: seen
            )
        }
    }

    @Test(arguments: SeedPage.arrivalOrders)
    func theStitchedPageIsLinkedToItsFourStoriesAndNothingMerges(_ order: [String]) async throws {
        try #require(SeedPage.stories.count == 5, "the seed fixture is readable")
        let store = try Store(path: ":memory:")
        try await ingest(order, into: store)
        let clusters = try await store.clusters(ClusterQuery(limit: 100))
        #expect(clusters.count == 5, "four stories and the stitched page, each alone")
        #expect(clusters.allSatisfy { $0.articles.count == 1 })
        #expect(try await store.integrityCheck() == "ok", "listing keys agree with the members")
        let composites = try await store.composites()
        #expect(composites.count == 1)
        var compositesOnly = ClusterQuery()
        compositesOnly.compositesOnly = true
        #expect(try await store.clusters(compositesOnly).map(\.canonical.article.guid) == ["stitched"])
        let composite = try #require(composites.first)
        #expect(composite.article.article.guid == "stitched")
        let text = composite.article.article.text
        let guids = Dictionary(
            uniqueKeysWithValues: clusters.map { ($0.canonical.article.id!, $0.canonical.article.guid) }
        )
        var passagesBySource: [String: [Range<Int>]] = [:]
        for source in composite.sources {
            passagesBySource[guids[source.articleId]!] = source.spans
        }
        #expect(Set(passagesBySource.keys) == ["A", "B", "C", "D"])
        #expect(
            passagesBySource["B"]?.count == 2,
            "the US–Japan story is interrupted by the related-story box and resumed"
        )
        // Each passage's text is the source's own text.
        let scalars = Array(text.unicodeScalars)
        func passage(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        #expect(passagesBySource["C"].map { $0.map(passage) }?.first?.hasPrefix("Đại sứ Philippines") == true)
        #expect(passagesBySource["B"]?.first.map(passage)?.contains("Xung đột ở Ukraine đã làm thay đổi") == true)
        #expect(passagesBySource["B"]?.last.map(passage)?.hasPrefix("Đạn dược là một vấn đề khác") == true)
        #expect(passagesBySource["D"]?.first.map(passage)?.hasPrefix("Bộ Tư lệnh Liên Hợp Quốc") == true)
        for source in composite.sources { #expect(source.coverage > 0.8, "each story is almost wholly in the page") }
    }

    /// SQLite and the in-memory storage are two implementations of one protocol under one engine: the same arrivals
    /// must give the same clusters, relations and passages.
    @Test(arguments: [
        ["A", "B", "C", "D", "stitched"], ["stitched", "D", "C", "B", "A"], ["B", "stitched", "D", "A", "C"],
    ])
    func sqliteAndInMemoryStorageDecideAlike(_ order: [String]) async throws {
        let store = try Store(path: ":memory:")
        try await ingest(order, into: store)
        let memory = InMemoryClusterStorage()
        var feeds: [String: Int64] = [:]
        for id in order {
            let story = try #require(SeedPage.stories.first { $0.id == id })
            let feedId = feeds[story.feed] ?? Int64(feeds.count + 1)
            feeds[story.feed] = feedId
            let article = memory.insert(
                feedId: feedId,
                title: story.title,
                text: story.text,
                contentKey: ContentFingerprint(title: story.title, text: story.text).key.map { Int64(bitPattern: $0) },
                canonicalURL: CanonicalURL.canonical(story.link),
                published: story.published,
                firstSeen: seen,
                entryHash: 0
            )
            var deduplicator = Deduplicator(
                storage: memory,
                configuration: store.deduplication,
                cache: FingerprintCache(),
                now: seen
            )
            try deduplicator.add(article, text: story.text, learnFurniture: true, previousCluster: nil)
        }
        // Both number articles 1, 2, … in arrival order.
        let listed = try await store.clusters(ClusterQuery(limit: 100))
        let sqlite = Set(listed.map { $0.articles.map(\.article.id!).sorted() })
        #expect(sqlite == memory.partition)
        for cluster in listed {
            #expect(memory.clusters.values.contains { $0.canonical == cluster.canonical.article.id })
            for member in cluster.articles {
                #expect(member.article.relation == memory.articles[member.article.id!]?.relation)
            }
        }
        let composites = try await store.composites()
        for composite in composites {
            let spans = composite.sources.flatMap { source in
                source.spans.map { [source.articleId, Int64($0.lowerBound), Int64($0.upperBound)] }
            }
            let expected = (memory.passages[composite.article.article.id!] ?? []).map {
                [$0.sourceId, Int64($0.span.lowerBound), Int64($0.span.upperBound)]
            }
            #expect(Set(spans) == Set(expected))
        }
        #expect(composites.count == memory.passages.count)
    }

    @Test func compareAsksTheSameEngineAndSaysWhatTheStoreDecided() async throws {
        let store = try Store(path: ":memory:")
        try await ingest(["A", "B", "C", "D", "stitched"], into: store)  // ids 1…5 in this order
        let result = try await store.compare(.stored(5), .stored(1))
        let (page, story) = (
            try #require(result.comparison.first.article), try #require(result.comparison.second.article)
        )
        #expect(page.placement.isComposite && !story.placement.isComposite)
        #expect(page.clusterId != story.clusterId, "a stitched page never joins its sources' stories")
        #expect(result.passagesOfFirstFromSecond >= 1 && result.passagesOfSecondFromFirst == 0)
        #expect(result.comparison.overlap.containmentOfSecond > 0.8, "story A is almost wholly inside the page")
        guard case .joinAsFuller = result.comparison.verdict else {
            Issue.record("alone, the page looks like A's fuller text: \(result.comparison.verdict)")
            return
        }
        await #expect(throws: StoreError.self) { try await store.compare(.stored(99), .stored(1)) }
    }
}
