import Foundation
import Logging
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Testing

@testable import SeamsSync

/// Every http(s) feed, however subscribed, is held to public addresses unless the operator lifts the check — for
/// every feed, or for one. 127.0.0.2 stands in for a public host (an operator-permitted address).
struct PrivateAddressSyncTests {
    let logger = Logger(label: "test")

    func failure(_ outcome: FeedSyncOutcome?) -> String? {
        if case .failed(let code, _) = outcome?.result { return code.rawValue }
        return nil
    }

    @Test func anOperatorsFeedMayNotRedirectToLoopbackOrTheMetadataAddressUnlessAllowed() async throws {
        try await FeedServer.run(["/feed.xml": ServedDocument(text: SampleFeeds.rss("Inside", items: 2))]) {
            _,
            loopback in
            let documents: [String: ServedDocument] = [
                "/feed.xml": ServedDocument(text: SampleFeeds.rss("Outside", items: 2)),
                "/to-loopback": .redirect(to: "\(loopback)/feed.xml", status: 302),
                "/to-metadata": .redirect(to: "http://169.254.169.254/latest/meta-data/", status: 302),
            ]
            try await FeedServer.run(documents, host: "127.0.0.2") { _, outside in
                let store = try Store(path: ":memory:")
                let service = SubscriptionService(store: store, fetcher: FakeFetcher())
                var feeds: [Subscription] = []
                for url in [
                    "\(outside)/feed.xml", "\(outside)/to-loopback", "\(outside)/to-metadata", "\(loopback)/feed.xml",
                ] {
                    feeds.append(try await service.subscribe(url, by: .operator()).feed)
                }
                var checked = FetchConfiguration()
                checked.permittedPrivateAddresses = ["127.0.0.2"]
                let outcomes = await FeedSyncer(
                    fetcher: FeedFetcher(configuration: checked),
                    store: store,
                    logger: logger
                )
                .sync(feeds)
                let byURL = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.feed.url, $0) })
                #expect(failure(byURL["\(outside)/feed.xml"]) == nil, "a public feed is fetched")
                for url in ["\(outside)/to-loopback", "\(outside)/to-metadata", "\(loopback)/feed.xml"] {
                    #expect(failure(byURL[url]) == "fetch.forbidden_address", "\(url)")
                }
                #expect(try await store.articleCounts().values.reduce(0, +) == 2, "only the public feed's items")

                // The operator's --allow-private-feeds lifts it for every feed.
                let lifted = await FeedSyncer(
                    fetcher: FeedFetcher(configuration: .loopback),
                    store: store,
                    logger: logger
                )
                .sync([feeds[1], feeds[3]])
                #expect(lifted.allSatisfy { failure($0) == nil }, "\(lifted.map(\.summary))")
            }
        }
    }

    @Test func oneFeedAllowedPrivateAddressesLendsItsConnectionToNoOther() async throws {
        try await FeedServer.run([
            "/intranet.xml": ServedDocument(text: SampleFeeds.rss("Intranet", items: 2)),
            "/other.xml": ServedDocument(text: SampleFeeds.rss("Other", items: 2)),
        ]) { server, base in
            let store = try Store(path: ":memory:")
            let service = SubscriptionService(store: store, fetcher: FakeFetcher())
            let intranet = try await service.subscribe(
                "\(base)/intranet.xml",
                by: .operator(allowsPrivateAddresses: true)
            ).feed
            let other = try await service.subscribe("\(base)/other.xml", by: .operator()).feed
            // One fetcher, as one daemon has: the allowed feed's connection to 127.0.0.1 must not carry the other.
            let syncer = FeedSyncer(fetcher: FeedFetcher(), store: store, logger: logger)
            #expect(failure(await syncer.sync([intranet]).first) == nil)
            #expect(failure(await syncer.sync([other]).first) == "fetch.forbidden_address")
            #expect(server.requests("/other.xml") == 0)
            #expect(failure(await syncer.sync([intranet]).first) == nil, "and the allowed feed is still fetched")
        }
    }
}
