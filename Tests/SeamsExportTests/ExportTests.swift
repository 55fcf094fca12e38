import Foundation
import SeamsCore
import SeamsExport
import SeamsFetch
import SeamsParse
import SeamsStore
import Testing

struct ExportTests {
    let body = (1...40).map { "word\($0)" }.joined(separator: " ")

    /// A store with one story copied by a second outlet, and one story whose title tries to break out of markup.
    func populatedStore() async throws -> Store {
        let store = try Store(path: ":memory:")
        let wire = try await store.addFeed(url: "https://wire.example/feed", title: "Wire")
        let paper = try await store.addFeed(url: "https://paper.example/feed", title: "Paper & Co")
        func draft(_ id: String, _ title: String, _ text: String, _ link: String, _ date: String) -> ArticleDraft {
            var entry = FeedEntry()
            entry.id = id
            entry.title = title
            entry.link = link
            entry.content = "<p>\(text)</p>"
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
            feedId: wire.id!,
            snapshot: snapshot,
            drafts: [
                draft("w1", "Original story", body, "https://wire.example/1", "2023-03-07T09:00:00+07:00"),
                draft(
                    "w2",
                    "</title><script>alert(1)</script>",
                    (1...40).map { "other\($0)" }.joined(separator: " "),
                    "https://wire.example/2?a=1&b=2",
                    "2023-03-06T09:00:00Z"
                ),
            ]
        )
        _ = try await store.ingest(
            feedId: paper.id!,
            snapshot: snapshot,
            drafts: [draft("p1", "Copied story", body, "https://paper.example/copy", "2023-03-07T11:00:00+07:00")]
        )
        return store
    }

    @Test(arguments: ExportFormat.allCases)
    func exportsOneEntryPerClusterThatParsesBack(_ format: ExportFormat) async throws {
        let store = try await populatedStore()
        let clusters = try await store.clusters()
        #expect(clusters.count == 2)
        let document = FeedExporter(format: format).write(clusters)
        let parsed = try FeedParser().parse(Array(document.utf8))
        #expect(parsed.entries.count == 2)
        let newest = parsed.entries[0]
        #expect(newest.title == "Original story")
        #expect(newest.link == "https://wire.example/1")
        #expect(newest.published?.rfc3339 == "2023-03-07T09:00:00+07:00")
        #expect(document.contains("https://paper.example/copy"), "the entry links to the other outlet's copy")
        let hostile = parsed.entries[1].title ?? ""
        switch format {
        case .atom, .json:
            // Atom (type="text") and JSON Feed titles are plain text by definition: the title survives as text.
            #expect(hostile == "</title><script>alert(1)</script>")
        case .rss:
            // RSS titles are read as HTML by readers; what survives must not be a script.
            #expect(!hostile.contains("<script"))
        }
        if format != .json { #expect(!document.contains("<script>"), "never live markup in an XML feed") }
    }

    @Test func atomListsCopiesAsRelatedLinks() async throws {
        let document = FeedExporter(format: .atom).write(try await populatedStore().clusters())
        #expect(
            document.contains("<link rel=\"related\" href=\"https://paper.example/copy\" title=\"Paper &amp; Co\"/>")
        )
        #expect(document.contains("href=\"https://wire.example/2?a=1&amp;b=2\""))
    }

    @Test func jsonFeedCarriesCopiesInItsExtension() async throws {
        let document = FeedExporter(format: .json).write(try await populatedStore().clusters())
        let object = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any]
        let items = try #require(object?["items"] as? [[String: Any]])
        let seams = try #require(items[0]["_seams"] as? [String: Any])
        let copies = try #require(seams["copies"] as? [[String: Any]])
        #expect(copies.map { $0["url"] as? String } == ["https://paper.example/copy"])
        #expect(object?["version"] as? String == "https://jsonfeed.org/version/1.1")
    }

    @Test func clusterJSONFollowsTheDocumentedContract() async throws {
        let clusters = try await populatedStore().clusters()
        let text = ClusterListJSON(clusters).encoded()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let list = try #require(object?["clusters"] as? [[String: Any]])
        let story = try #require(list.first)
        let articles = try #require(story["articles"] as? [[String: Any]])
        #expect(story["canonical"] as? Int64 == articles[0]["id"] as? Int64)
        for key in ["id", "feed", "guid", "url", "title", "published", "relation"] {
            #expect(articles.allSatisfy { $0.keys.contains(key) }, "every article has \(key)")
        }
        #expect(articles.map { $0["relation"] as? String } == ["canonical", "duplicate"])
        #expect(articles.map { $0["similarity"] as? Double } == [1, 1])
        #expect((object?["composites"] as? [Any])?.isEmpty == true)
        #expect(articles[0]["published"] as? String == "2023-03-07T09:00:00+07:00")
    }

    @Test func opmlRoundTripsThroughTheParser() async throws {
        let feeds = try await populatedStore().feeds()
        let opml = OPMLWriter().write(feeds)
        let document = try OPMLDocument.parse(Array(opml.utf8), url: nil)
        #expect(document.outlines.map(\.feedURL) == ["https://wire.example/feed", "https://paper.example/feed"])
        #expect(document.outlines.map(\.title) == ["Wire", "Paper & Co"])
    }

    @Test func feedStatusJSONCarriesErrorsAndNulls() async throws {
        let store = try await populatedStore()
        let feeds = try await store.feeds()
        let now = Date()
        _ = try await store.apply([
            FeedUpdate(
                feedId: feeds[1].id!,
                fetchedAt: now,
                result: .failed(code: FetchError.Code.timeout.failureCode, message: "timed out", status: nil),
                schedule: FeedScheduleChange(nextFetchAt: now.addingTimeInterval(300), interval: 300)
            )
        ])
        let text = FeedStatusJSON(try await store.feeds(), articleCounts: try await store.articleCounts()).encoded()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let list = try #require(object?["feeds"] as? [[String: Any]])
        #expect(list.map { $0["articles"] as? Int } == [2, 1])
        #expect(list[0]["last_error"] is NSNull)
        #expect((list[1]["last_error"] as? [String: String]) == ["code": "fetch.timeout", "message": "timed out"])
        #expect(list[1]["consecutive_errors"] as? Int == 1)
        #expect(list.allSatisfy { $0.keys.contains("site_url") && $0.keys.contains("last_status") })
    }
}
