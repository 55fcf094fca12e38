import Foundation
import Logging
import SeamsCore
import SeamsExport
import SeamsFetch
import SeamsParse
import SeamsStore
import SeamsSync
import SeamsTestSupport
import Testing

struct DemoSyncTests {
    let logger = Logger(label: "test")

    func syncer(_ store: Store) -> FeedSyncer {
        FeedSyncer(fetcher: FeedFetcher(configuration: .loopback), store: store, logger: logger)
    }

    @Test func theDemoFeedsSyncOverFileURLsAndASecondSyncChangesNothing() async throws {
        let store = try Store(path: ":memory:")
        let sources = try SubscriptionSource.feeds(in: Repository.demoOPML.path)
        #expect(sources.count == 7)
        var feeds: [Subscription] = []
        for source in sources { feeds.append(try await store.addFeed(url: source.url, title: source.title)) }
        let first = await syncer(store).sync(feeds)
        #expect(first.allSatisfy { !$0.isFailure }, "\(first.filter(\.isFailure).map(\.summary))")
        let totals = try await store.totals()
        #expect(totals.articles == 90)
        // Seven planted exact copies: two reposts in Báo Quốc Tế, two in Tổng Hợp Tin, three in Daily Globe.
        #expect(totals.clusters == 83)
        let clusters = try await store.clusters(ClusterQuery(limit: 500))
        let shared = clusters.filter { $0.articles.count > 1 }
        #expect(shared.count == 7)
        #expect(shared.allSatisfy { Set($0.articles.map(\.feedURL)).count == 2 }, "each copy comes from another outlet")
        // The same-event reports of ECB+ are different texts and stay apart.
        let lohan = clusters.filter { ($0.canonical.article.title ?? "").contains("Lohan") }
        #expect(lohan.count > 3)

        let second = await syncer(store).sync(try await store.feeds())
        #expect(second.allSatisfy { $0.result == .unchanged })
        #expect(try await store.totals() == totals)
        #expect(try await store.integrityCheck() == "ok", "listing keys agree with the members")
        _ = try await store.rebuild()
        #expect(try await store.integrityCheck() == "ok", "and still after a rebuild")
    }

    @Test func theDemoFeedsSyncOverHTTPAndTheSecondSyncIsAnswered304() async throws {
        var documents: [String: ServedDocument] = [:]
        for file in try Repository.demoFiles() {
            let bytes = Array(try Data(contentsOf: file))
            documents["/" + file.lastPathComponent] = ServedDocument(
                bytes,
                contentType: "application/xml",
                etag: "\"\(bytes.count)\""
            )
        }
        try await FeedServer.run(documents) { server, base in
            let store = try Store(path: ":memory:")
            var feeds: [Subscription] = []
            for path in documents.keys.sorted() { feeds.append(try await store.addFeed(url: base + path)) }
            let first = await syncer(store).sync(feeds)
            #expect(first.allSatisfy { !$0.isFailure }, "\(first.map(\.summary))")
            #expect(try await store.totals().articles == 90)
            let stored = try await store.feeds()
            #expect(stored.allSatisfy { $0.etag != nil && $0.lastStatus == 200 && $0.format != nil })
            let second = await syncer(store).sync(stored)
            #expect(second.allSatisfy { $0.result == .unchanged })
            for path in documents.keys { #expect(server.notModified(path) == 1, "\(path) was not asked conditionally") }
            #expect(try await store.totals().articles == 90)
        }
    }

    @Test func aBrokenFeedIsRecordedOnItAndNeverStopsTheOthersNorLosesWhatItHad() async throws {
        let good = Array(try Data(contentsOf: Repository.demoFolder.appendingPathComponent("tin-the-gioi.xml")))
        let other = Array(try Data(contentsOf: Repository.demoFolder.appendingPathComponent("diem-tin.xml")))
        try await FeedServer.run([
            "/good.xml": ServedDocument(good),
            "/flaky.xml": ServedDocument(other),
            "/error.xml": ServedDocument([], status: 500),
            "/page.html": ServedDocument(text: "<html><body>Not a feed</body></html>", contentType: "text/html"),
        ]) { server, base in
            let store = try Store(path: ":memory:")
            var feeds: [Subscription] = []
            for path in ["/good.xml", "/flaky.xml", "/error.xml", "/page.html", "/missing.xml"] {
                feeds.append(try await store.addFeed(url: base + path))
            }
            feeds.append(try await store.addFeed(url: "file:///nonexistent/feed.xml"))
            let outcomes = await syncer(store).sync(feeds)
            #expect(outcomes.filter(\.isFailure).count == 4)
            let byURL = Dictionary(uniqueKeysWithValues: try await store.feeds().map { ($0.url, $0) })
            #expect(byURL[base + "/error.xml"]?.lastErrorCode == FetchError.Code.httpStatus.failureCode)
            #expect(byURL[base + "/error.xml"]?.lastStatus == 500)
            #expect(byURL[base + "/page.html"]?.lastErrorCode == FailureCode(rawValue: "parse.unknown_format"))
            #expect(byURL[base + "/missing.xml"]?.lastErrorMessage?.contains("404") == true)
            #expect(
                byURL["file:///nonexistent/feed.xml"]?.lastErrorCode == FailureCode(rawValue: "fetch.file_not_found")
            )
            let articles = try await store.totals().articles
            #expect(articles == 41)

            // The flaky feed breaks (a 200 with an error page): its stored articles stay, and the error is recorded.
            server.set(
                "/flaky.xml",
                ServedDocument(text: "<html><body>Database error</body></html>", contentType: "text/html")
            )
            let later = await syncer(store).sync([byURL[base + "/flaky.xml"]!])
            #expect(later.first?.isFailure == true)
            #expect(try await store.totals().articles == articles)
            #expect(try await store.feed(url: base + "/flaky.xml")?.consecutiveErrors == 1)
        }
    }

    @Test func everyDemoFeedParsesToTheDocumentedJSON() throws {
        let expected: [String: FeedFormat] = [
            "bao-quoc-te.atom": .atom10, "bien-dong-today.rdf": .rss10, "daily-globe.xml": .rss20,
            "diem-tin.xml": .rss09x,
            "tin-the-gioi.xml": .rss20, "tong-hop.json": .jsonFeed11, "world-wire.atom": .atom10,
        ]
        for file in try Repository.demoFiles() {
            let feed = try FeedParser().parse(Array(try Data(contentsOf: file)), url: file.absoluteString)
            #expect(feed.format == expected[file.lastPathComponent], "\(file.lastPathComponent)")
            #expect(!feed.entries.isEmpty)
            #expect(feed.entries.allSatisfy { $0.title != nil && $0.link != nil })
            let json = ParsedFeedJSON(feed, texts: feed.entries.map { _ in "t" }).encoded()
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["format", "feed", "entries", "warnings"])
            let entry = try #require((object["entries"] as? [[String: Any]])?.first)
            for key in [
                "id", "link", "title", "authors", "published", "updated", "summary", "content", "text", "enclosures",
                "categories",
            ] {
                #expect(entry.keys.contains(key), "\(file.lastPathComponent) entries lack \(key)")
            }
        }
    }
}
