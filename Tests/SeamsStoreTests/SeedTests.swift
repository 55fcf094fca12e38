import Foundation
import SeamsParse
import SeamsStore
import Testing

/// The founding example: one Vietnamese page stitched from four stories, split into its stories across three
/// outlets' feeds, with the stitched page itself in a fourth (an aggregator).
struct SeedTests {
    static let lines: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed-stitched-page.txt")
        return (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }()

    struct Story {
        var feed: String
        var id: String
        var title: String
        var lines: [String]
        var date: String
    }

    /// The seed by line (1-based): A = 1 title, 2–8 and 10 (9 is "Video đang HOT"); B = 11 title, 12–25 then
    /// resumed at 28–30; C (the related-story box) = 26 title, 27; D (the cut-off teaser) = 31.
    static var stories: [Story] {
        let l = lines
        let dTitle = "Bộ Tư lệnh LHQ: Hàn Quốc và Triều Tiên vi phạm hiệp định đình chiến"
        let dText = String(l[30].dropFirst(dTitle.count)).trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "...", with: "")
        return [
            Story(feed: "https://a.example/feed", id: "A", title: l[0], lines: Array(l[1...7]) + [l[9]], date: "2023-03-08T06:00:00+07:00"),
            Story(feed: "https://b.example/feed", id: "B", title: l[10], lines: Array(l[11...24]) + Array(l[27...29]), date: "2023-03-08T07:00:00+07:00"),
            Story(feed: "https://c.example/feed", id: "C", title: l[25], lines: [l[26]], date: "2023-03-07T10:00:00+07:00"),
            Story(feed: "https://c.example/feed", id: "D", title: dTitle, lines: [dText], date: "2023-03-07T09:00:00+07:00"),
            Story(feed: "https://aggregator.example/feed", id: "stitched", title: l[0], lines: l, date: "2023-03-08T14:00:00+07:00"),
        ]
    }

    func ingest(_ order: [String], into store: Store) async throws {
        for id in order {
            let story = Self.stories.first { $0.id == id }!
            let feed = try await store.addFeed(url: story.feed)
            var entry = FeedEntry()
            entry.id = story.id
            entry.title = story.title
            entry.link = "https://\(story.id.lowercased()).example/story"
            entry.published = FeedDateParser.parse(story.date)
            let text = story.lines.joined(separator: "\n")
            entry.content = "<p>" + story.lines.joined(separator: "</p><p>") + "</p>"
            let snapshot = FeedSnapshot(metadata: FeedMetadata(), format: .rss20, status: 200, etag: nil, lastModified: nil, bodyHash: 0)
            _ = try await store.ingest(feedId: feed.id!, snapshot: snapshot, drafts: [ArticleDraft(entry: entry, text: text, guid: story.id)])
        }
    }

    @Test(arguments: [
        ["A", "B", "C", "D", "stitched"], ["stitched", "A", "B", "C", "D"], ["B", "stitched", "D", "A", "C"],
        ["C", "D", "stitched", "B", "A"],
    ])
    func theStitchedPageIsLinkedToItsFourStoriesAndNothingMerges(_ order: [String]) async throws {
        #expect(Self.lines.count == 31)
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
        let guids = try await Dictionary(
            uniqueKeysWithValues: store.clusters(ClusterQuery(limit: 100)).map { ($0.canonical.article.id!, $0.canonical.article.guid) })
        var passagesBySource: [String: [Range<Int>]] = [:]
        for source in composite.sources {
            passagesBySource[guids[source.articleId]!] = source.spans
        }
        #expect(Set(passagesBySource.keys) == ["A", "B", "C", "D"])
        #expect(passagesBySource["B"]?.count == 2, "the US–Japan story is interrupted by the related-story box and resumed")
        // Each passage's text is the source's own text.
        let scalars = Array(text.unicodeScalars)
        func passage(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        #expect(passagesBySource["C"].map { $0.map(passage) }?.first?.hasPrefix("Đại sứ Philippines") == true)
        #expect(passagesBySource["B"]?.first.map(passage)?.contains("Xung đột ở Ukraine đã làm thay đổi") == true)
        #expect(passagesBySource["B"]?.last.map(passage)?.hasPrefix("Đạn dược là một vấn đề khác") == true)
        #expect(passagesBySource["D"]?.first.map(passage)?.hasPrefix("Bộ Tư lệnh Liên Hợp Quốc") == true)
        for source in composite.sources { #expect(source.coverage > 0.8, "each story is almost wholly in the page") }
    }
}
