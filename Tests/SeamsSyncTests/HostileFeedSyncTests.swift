import Foundation
import Logging
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Synchronization
import Testing

@testable import SeamsSync

/// Hostile documents and servers in one sync beside good feeds: each hostile feed ends with its own recorded error or
/// a correct parse, the good feeds are stored in full, and nothing is fetched that the feeds merely name.
struct HostileFeedSyncTests {
    let logger = Logger(label: "test")

    /// The stored articles of one feed, through the cluster listing.
    func articles(_ store: Store, feedURL: String) async throws -> [Article] {
        let feed = try #require(try await store.feed(url: feedURL))
        var query = ClusterQuery()
        query.feedId = feed.id
        query.limit = 5_000
        return try await store.clusters(query).flatMap(\.articles).map(\.article).filter { $0.feedId == feed.id }
    }

    static func rss(_ items: String, doctype: String = "") -> String {
        "<?xml version=\"1.0\"?>\(doctype)<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>"
    }

    static func words(_ count: Int, seed: Int) -> String {
        let vocabulary = [
            "harbour", "council", "budget", "river", "school", "market", "railway", "festival", "hospital",
            "library", "mayor", "storm", "bridge", "farmers", "election", "museum", "court", "police",
        ]
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return vocabulary[Int(state % UInt64(vocabulary.count))]
        }.joined(separator: " ")
    }

    @Test func aSlowHostWithManyFeedsDoesNotHoldUpTheOthers() async throws {
        // More slow feeds than the pipeline fetches at once, all listed first: the fast host's feeds must not wait
        // for the slow host's backlog, neither in the fetcher nor for a place in the pipeline.
        // The slow host answers nothing until the fast feeds are stored (or a minute has passed, so that a regression
        // fails instead of hanging).
        let slowHost = Gate()
        var slow: [String: ServedDocument] = [:]
        for index in 0..<40 {
            slow["/s\(index).xml"] = ServedDocument(Array(SampleFeeds.rss("s\(index)", items: 2).utf8), gate: slowHost)
        }
        var fast: [String: ServedDocument] = [:]
        for index in 0..<6 {
            fast["/f\(index).xml"] = ServedDocument(Array(SampleFeeds.rss("f\(index)", items: 2).utf8))
        }
        let store = try Store(path: ":memory:")
        try await FeedServer.run(slow, host: "127.0.0.1") { _, slowBase in
            try await FeedServer.run(fast, host: "127.0.0.2") { _, fastBase in
                var feeds: [Subscription] = []
                for index in 0..<40 { feeds.append(try await store.addFeed(url: "\(slowBase)/s\(index).xml")) }
                for index in 0..<6 { feeds.append(try await store.addFeed(url: "\(fastBase)/f\(index).xml")) }
                var configuration = SyncConfiguration()
                configuration.maximumConcurrentFeeds = 16
                let order = Mutex<[String]>([])
                let syncer = FeedSyncer(
                    configuration: configuration,
                    fetcher: FeedFetcher(configuration: .loopback),
                    store: store,
                    logger: logger
                )
                await withTaskGroup(of: Void.self) { fallback in
                    fallback.addTask {
                        try? await Task.sleep(for: .seconds(60))
                        slowHost.open()
                    }
                    _ = await syncer.sync(
                        feeds,
                        progress: { outcome, _, _ in
                            let fastDone = order.withLock { order in
                                order.append(outcome.feed.url.hasPrefix(fastBase) ? "fast" : "slow")
                                return order.count { $0 == "fast" }
                            }
                            if fastDone == 6 { slowHost.open() }
                        }
                    )
                    fallback.cancelAll()
                }
                let finished = order.withLock { $0 }
                #expect(finished.count == 46)
                #expect(Array(finished.prefix(6)) == Array(repeating: "fast", count: 6), "\(finished.prefix(20))")
            }
        }
    }

    @Test(.timeLimit(.minutes(15))) func hostileFeedsFailAloneAndGoodFeedsSyncInFull() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run { server, base in
            server.set("/secret", ServedDocument(text: "TOP-SECRET"))
            let xxe = Self.rss(
                "<item><guid>x</guid><title>a &remote; &local;</title><description>ok</description></item>",
                doctype:
                    "<!DOCTYPE rss [<!ENTITY remote SYSTEM \"\(base)/secret\"><!ENTITY local SYSTEM \"file:///etc/passwd\">]>"
            )
            var laughs = "<!ENTITY l0 \"lollollollol\">"
            for level in 1...9 {
                laughs += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
            }
            let sameGuid = (0..<1_000).map {
                "<item><guid>same</guid><title>story \($0)</title><link>\(base)/s/\($0)</link><description>\(Self.words(30, seed: $0))</description></item>"
            }
            let oneWord = String(repeating: "tin ", count: 1_300_000)  // 5.2 MB of one word
            let hostile: [String: ServedDocument] = [
                "/xxe.xml": ServedDocument(text: xxe),
                "/laughs.xml": ServedDocument(
                    text: Self.rss(
                        "<item><guid>l</guid><title>&l9;</title></item>",
                        doctype: "<!DOCTYPE rss [\(laughs)]>"
                    )
                ),
                "/html.xml": ServedDocument(
                    text: "<!DOCTYPE html><html><body><h1>Oops, something went wrong</h1></body></html>",
                    contentType: "text/html"
                ),
                "/empty.xml": ServedDocument([]),
                "/truncated.xml": ServedDocument(
                    text: String(
                        Self.rss("<item><guid>t1</guid><title>kept</title></item><item><guid>t2</guid><title>cut")
                            .dropLast(3)
                    )
                ),
                "/json-types.json": ServedDocument(
                    text:
                        #"{"version":1,"items":[7,{"id":{"x":1},"title":5},{"id":"ok","title":"fine","content_text":"body text"}]}"#,
                    contentType: "application/feed+json"
                ),
                "/dates.xml": ServedDocument(
                    text: Self.rss(
                        "<item><guid>d</guid><title>dated</title><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item><item><guid>f</guid><title>future</title><pubDate>Tue, 01 Jan 2175 00:00:00 GMT</pubDate></item>"
                    )
                ),
                "/same-guid.xml": ServedDocument(text: Self.rss(sameGuid.joined())),
                "/one-word.xml": ServedDocument(
                    text: Self.rss(
                        "<item><guid>w</guid><title>one word</title><description>\(oneWord)</description></item>"
                    )
                ),
                "/nul.xml": ServedDocument(Array(Self.rss("<item><guid>n</guid><title>a\u{0}b</title></item>").utf8)),
                "/100mb.xml": ServedDocument(
                    Array(Self.rss(String(repeating: "<item><title>x</title></item>", count: 3_700_000)).utf8)
                ),
                "/error-page": ServedDocument(
                    Array("<html><body>502</body></html>".utf8),
                    contentType: "text/html",
                    status: 502
                ),
            ]
            for (path, document) in hostile { server.set(path, document) }
            for index in 0..<3 {
                server.set("/good\(index).xml", ServedDocument(text: SampleFeeds.rss("good\(index)", items: 5)))
            }
            var feeds: [Subscription] = []
            for path in hostile.keys.sorted() + (0..<3).map({ "/good\($0).xml" }) {
                feeds.append(try await store.addFeed(url: base + path))
            }

            let syncer = FeedSyncer(
                configuration: SyncConfiguration(),
                fetcher: FeedFetcher(configuration: .loopback),
                store: store,
                logger: logger
            )
            let outcomes = await syncer.sync(feeds)
            let byPath = Dictionary(
                uniqueKeysWithValues: outcomes.map { (String($0.feed.url.dropFirst(base.count)), $0) }
            )
            func failure(_ path: String) -> String? {
                if case .failed(let code, _) = byPath[path]?.result { return code.rawValue }
                return nil
            }
            #expect(failure("/html.xml") == "parse.unknown_format")
            #expect(failure("/empty.xml") == "parse.empty")
            #expect(failure("/error-page") == "fetch.http_status")
            #expect(failure("/100mb.xml") == "fetch.body_too_large")
            #expect(server.requests("/secret") == 0, "an external entity was fetched")
            for path in [
                "/xxe.xml", "/laughs.xml", "/truncated.xml", "/json-types.json", "/dates.xml", "/same-guid.xml",
                "/one-word.xml", "/nul.xml",
            ] {
                #expect(failure(path) == nil, "\(path): \(String(describing: byPath[path]?.result))")
            }
            for index in 0..<3 {
                #expect(
                    byPath["/good\(index).xml"]?.result
                        == .changed(
                            {
                                var r = IngestReport()
                                r.new = 5
                                return r
                            }()
                        )
                )
            }

            // Every failure is recorded on its own feed, with a message a person can act on.
            for path in ["/html.xml", "/empty.xml", "/error-page", "/100mb.xml"] {
                let stored = try #require(try await store.feed(url: base + path))
                #expect(stored.lastErrorCode != nil && !(stored.lastErrorMessage ?? "").isEmpty)
            }
            let xxeArticles = try await articles(store, feedURL: base + "/xxe.xml")
            #expect(
                xxeArticles.count == 1 && !(xxeArticles.first?.title ?? "").contains("TOP-SECRET")
                    && !(xxeArticles.first?.title ?? "").contains("root:")
            )
            #expect(
                try await articles(store, feedURL: base + "/same-guid.xml").count == 1_000,
                "a shared guid does not merge different stories"
            )
            let dated = try await articles(store, feedURL: base + "/dates.xml")
            #expect(
                dated.count == 2 && dated.allSatisfy { $0.published == nil },
                "absurd and far-future dates are not trusted"
            )
            let oneWordArticle = try #require(try await articles(store, feedURL: base + "/one-word.xml").first)
            #expect(oneWordArticle.wordCount == 1_300_000)

            // A second sync of the same documents stores nothing twice.
            let stored = try await store.totals().articles
            let again = await syncer.sync(try await store.feeds())
            #expect(try await store.totals().articles == stored)
            #expect(again.allSatisfy { if case .changed = $0.result { return false } else { return true } })
        }
    }
}
