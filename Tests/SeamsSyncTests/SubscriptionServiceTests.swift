import Foundation
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsSync
import SeamsTestSupport
import Testing

/// One set of subscription rules for the command line and the API.
struct SubscriptionServiceTests {
    let feed = SampleFeeds.rss("sample", items: 2)

    @Test func theOperatorMaySubscribeFilesAndWebURLsWithoutAFetchButNothingElse() async throws {
        let store = try Store(path: ":memory:")
        let fetcher = FakeFetcher()
        let service = SubscriptionService(store: store, fetcher: fetcher)
        let file = try await service.subscribe("Feeds/demo.opml", by: .operator())
        #expect(file.created && file.feed.url.hasPrefix("file:///") && file.feed.url.hasSuffix("/Feeds/demo.opml"))
        let web = try await service.subscribe("  https://news.example/feed.xml \n", title: "News", by: .operator())
        #expect(
            web.feed.url == "https://news.example/feed.xml" && web.feed.title == "News"
                && !web.feed.allowsPrivateAddresses
        )
        #expect(fetcher.requests.isEmpty, "the next sync fetches an operator's feeds")
        let again = try await service.subscribe("https://news.example/feed.xml", by: .operator())
        #expect(!again.created && again.feed.id == web.feed.id)
        for refused in ["ftp://news.example/feed", "data://text/plain", "", String(repeating: "a", count: 3000)] {
            await #expect(throws: SubscriptionError.self) { try await service.subscribe(refused, by: .operator()) }
        }
        #expect(try await store.feeds().count == 2)
    }

    @Test func aRemoteClientsFeedIsFetchedParsedAndKeptOnPublicAddresses() async throws {
        let store = try Store(path: ":memory:")
        let fetcher = FakeFetcher([
            "https://good.example/feed": .document(feed),
            "https://page.example/": .document("<!doctype html><html><body>not a feed</body></html>"),
            "https://inside.example/feed": .failure(.forbiddenAddress),
            "https://down.example/feed": .failure(.timeout),
        ])
        let service = SubscriptionService(store: store, fetcher: fetcher)
        let remote = SubscriptionService.Requester.remote
        let good = try await service.subscribe("https://good.example/feed", by: remote)
        #expect(good.created && !good.feed.allowsPrivateAddresses)
        #expect(fetcher.requests.map(\.allowsPrivateAddresses) == [false])
        #expect(fetcher.requests.map(\.allowsFiles) == [false])
        func refusal(_ url: String) async -> SubscriptionError.Code? {
            do {
                _ = try await service.subscribe(url, by: remote)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(await refusal("https://page.example/") == .notAFeed)
        #expect(await refusal("https://inside.example/feed") == .forbiddenAddress)
        #expect(await refusal("https://down.example/feed") == .unreachable)
        #expect(await refusal("file:///etc/passwd") == .invalidURL, "a remote client never names a local file")
        #expect(await refusal("/etc/passwd") == .invalidURL)
        #expect(try await store.feeds().map(\.url) == ["https://good.example/feed"], "nothing refused was stored")
    }

    @Test func onlyTheOperatorLetsOneFeedUsePrivateAddresses() async throws {
        let store = try Store(path: ":memory:")
        let service = SubscriptionService(store: store, fetcher: FakeFetcher())
        let plain = try await service.subscribe("http://10.0.0.5/feed", by: .operator())
        #expect(!plain.feed.allowsPrivateAddresses, "an operator's feed is checked like any other by default")
        let lifted = try await service.subscribe("http://10.0.0.5/feed", by: .operator(allowsPrivateAddresses: true))
        #expect(!lifted.created && lifted.feed.allowsPrivateAddresses, "asked again, the operator lifts the check")
        let again = try await service.subscribe("http://10.0.0.5/feed", by: .operator())
        #expect(again.feed.allowsPrivateAddresses, "subscribing again never turns it back on")
    }

    @Test func anOPMLWithOneBadOutlineSubscribesTheRestAndNamesTheRefusedOne() async throws {
        let store = try Store(path: ":memory:")
        let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml")
        defer { try? FileManager.default.removeItem(at: opml) }
        try """
        <opml version="2.0"><body><outline xmlUrl="https://a.example/feed"/><outline xmlUrl="gopher://b.example/feed"/>\
        <outline xmlUrl="https://a.example/feed"/><outline xmlUrl="https://c.example/feed" title="C"/></body></opml>
        """.write(to: opml, atomically: true, encoding: .utf8)
        let service = SubscriptionService(store: store, fetcher: FakeFetcher())
        let (feeds, refused) = try await service.subscribe(sources: [opml.path])
        #expect(feeds.map(\.url) == ["https://a.example/feed", "https://c.example/feed"])
        #expect(feeds.last?.title == "C")
        #expect(
            refused.map(\.code) == [.invalidURL] && refused.first?.message.contains("gopher://b.example/feed") == true
        )
        await #expect(throws: SubscriptionError.self) {
            try await service.subscribe(sources: ["/nonexistent/list.opml"])
        }
    }

    @Test func subscribingADisabledFeedEnablesItAgain() async throws {
        let store = try Store(path: ":memory:")
        let service = SubscriptionService(store: store, fetcher: FakeFetcher())
        let first = try await service.subscribe("https://gone.example/feed", by: .operator())
        let now = Date()
        _ = try await store.apply([
            FeedUpdate(
                feedId: first.feed.id!,
                fetchedAt: now,
                result: .failed(code: FetchError.Code.httpStatus.failureCode, message: "410", status: 410),
                schedule: FeedScheduleChange(
                    nextFetchAt: now,
                    interval: 300,
                    disabledReason: FetchError.Code.gone.failureCode
                )
            )
        ])
        #expect(try await store.feed(url: "https://gone.example/feed")?.disabledAt != nil)
        let again = try await service.subscribe("https://gone.example/feed", by: .operator())
        #expect(again.created && again.feed.disabledAt == nil && again.feed.id == first.feed.id)
    }
}
