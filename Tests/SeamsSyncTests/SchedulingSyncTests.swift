import Foundation
import Logging
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import ServiceLifecycle
import Testing

@testable import SeamsSync

/// Syncs against a loopback server: conditional GETs, redirects, errors, limits and the daemon's pick-up.
struct SchedulingSyncTests {
    let logger = Logger(label: "test")

    func syncer(_ store: Store, fetch: FetchConfiguration = FetchConfiguration(), sync: SyncConfiguration = SyncConfiguration()) -> FeedSyncer {
        FeedSyncer(configuration: sync, fetcher: FeedFetcher(configuration: fetch), store: store, logger: logger)
    }

    func feed(_ store: Store, _ url: String) async throws -> FeedRecord { try #require(try await store.feed(url: url)) }

    func feed(_ store: Store, id: Int64) async throws -> FeedRecord {
        try #require(try await store.feeds().first { $0.id == id })
    }

    @Test func etagAndLastModifiedRoundTripWith304s() async throws {
        let newest = Date(timeIntervalSince1970: 1_790_000_000)
        let store = try Store(path: ":memory:")
        try await FeedServer.run([
            "/etag.xml": ServedDocument(text: SampleFeeds.rss("etag", items: 3, newest: newest), etag: "\"e1\""),
            "/dated.xml": ServedDocument(text: SampleFeeds.rss("dated", items: 3), lastModified: "Sat, 28 Nov 2026 10:00:00 GMT"),
        ]) { server, base in
            let etag = try await store.addFeed(url: "\(base)/etag.xml")
            let dated = try await store.addFeed(url: "\(base)/dated.xml")
            let syncer = syncer(store)
            _ = await syncer.sync([etag, dated])
            #expect(try await store.totals().articles == 6)
            let second = await syncer.sync(try await store.feeds())
            #expect(second.allSatisfy { $0.status == 304 && $0.result == .unchanged })
            #expect(server.notModified("/etag.xml") == 1 && server.notModified("/dated.xml") == 1)

            // A 304 that carries a newer Last-Modified updates the stored one.
            var document = ServedDocument(text: SampleFeeds.rss("dated", items: 3), lastModified: "Sat, 28 Nov 2026 10:00:00 GMT")
            document.headers["X-Unused"] = "1"
            server.set("/dated.xml", document)
            _ = await syncer.sync([try await feed(store, id: dated.id!)])
            let stored = try await feed(store, id: dated.id!)
            #expect(stored.lastModified == "Sat, 28 Nov 2026 10:00:00 GMT")
            #expect(stored.fetchCount == 3 && stored.notModifiedCount == 2)
            #expect(stored.notModifiedRate! > 0.6)

            // A changed document with a new ETag is fetched in full and stored.
            server.set("/etag.xml", ServedDocument(text: SampleFeeds.rss("etag", items: 5, newest: newest), etag: "\"e2\""))
            let third = await syncer.sync([try await feed(store, id: etag.id!)])
            #expect(third.first?.result == .changed({ var r = IngestReport(); r.new = 2; r.unchanged = 3; return r }()))
            #expect(try await feed(store, id: etag.id!).etag == "\"e2\"")
        }
    }

    @Test func nowAndThenAFeedIsFetchedWithoutValidators() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run(["/feed.xml": ServedDocument(text: SampleFeeds.rss("plain", items: 2), etag: "\"v\"")]) { server, base in
            let feed = try await store.addFeed(url: "\(base)/feed.xml")
            var daily = SyncConfiguration()
            daily.schedule.unconditionalRefetchInterval = .seconds(3600)
            _ = await syncer(store, sync: daily).sync([feed])
            _ = await syncer(store, sync: daily).sync([try await self.feed(store, id: feed.id!)])
            #expect(server.unconditionalRequests("/feed.xml") == 1 && server.notModified("/feed.xml") == 1)
            var always = SyncConfiguration()
            always.schedule.unconditionalRefetchInterval = .milliseconds(1)
            let outcome = await syncer(store, sync: always).sync(try await self.feed(store, id: feed.id!))
            #expect(server.unconditionalRequests("/feed.xml") == 2, "the validators were left off")
            #expect(outcome.status == 200 && outcome.result == .unchanged, "the same body is not parsed again")
        }
    }

    @Test func aPermanentRedirectIsAdoptedAfterRepeatsAndATemporaryOneNever() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run([
            "/old.xml": .redirect(to: "/new.xml", status: 301),
            "/new.xml": ServedDocument(text: SampleFeeds.rss("moved", items: 2)),
            "/hop.xml": .redirect(to: "/target.xml", status: 302),
            "/target.xml": ServedDocument(text: SampleFeeds.rss("hop", items: 2)),
        ]) { server, base in
            let moved = try await store.addFeed(url: "\(base)/old.xml")
            let hopping = try await store.addFeed(url: "\(base)/hop.xml")
            let syncer = syncer(store)
            for pass in 1...3 {
                let outcomes = await syncer.sync(try await store.feeds())
                #expect(outcomes.allSatisfy { !$0.isFailure })
                let current = try await feed(store, id: moved.id!)
                if pass < 3 {
                    #expect(current.url == "\(base)/old.xml" && current.redirectCount == pass)
                } else {
                    #expect(current.url == "\(base)/new.xml", "adopted on the third permanent redirect")
                    #expect(outcomes.contains { $0.movedTo == "\(base)/new.xml" })
                }
            }
            #expect(try await feed(store, id: hopping.id!).url == "\(base)/hop.xml")
            #expect(try await feed(store, id: hopping.id!).redirectCount == 0)
            _ = await syncer.sync(try await store.feeds())
            #expect(server.requests("/old.xml") == 3, "once adopted, the new URL is fetched directly")
        }
    }

    @Test func aRedirectIsNeverAdoptedOntoAURLAlreadySubscribed() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run([
            "/alias.xml": .redirect(to: "/main.xml", status: 308),
            "/main.xml": ServedDocument(text: SampleFeeds.rss("main", items: 2)),
        ]) { _, base in
            let alias = try await store.addFeed(url: "\(base)/alias.xml")
            try await store.addFeed(url: "\(base)/main.xml")
            let syncer = syncer(store)
            for _ in 0..<4 { _ = await syncer.sync(try await store.feeds()) }
            #expect(try await feed(store, id: alias.id!).url == "\(base)/alias.xml")
            #expect(try await store.feeds().count == 2)
        }
    }

    @Test func goneDisablesAndRetryAfterAndServerErrorsDelay() async throws {
        let store = try Store(path: ":memory:")
        var limited = ServedDocument([], contentType: "text/plain", status: 429)
        limited.headers["Retry-After"] = "7200"
        try await FeedServer.run([
            "/gone.xml": ServedDocument([], contentType: "text/plain", status: 410),
            "/limited.xml": limited,
            "/broken.xml": ServedDocument([], contentType: "text/plain", status: 500),
        ]) { server, base in
            for path in ["/gone.xml", "/limited.xml", "/broken.xml"] { try await store.addFeed(url: base + path) }
            var sync = SyncConfiguration()
            sync.schedule.minimumInterval = .seconds(60)
            sync.schedule.errorBackoff = .seconds(60)
            let syncer = syncer(store, sync: sync)
            var waits: [Double] = []
            for _ in 0..<4 {
                let before = Date()
                _ = await syncer.sync(try await store.feeds().filter { $0.disabledAt == nil })
                let broken = try await feed(store, "\(base)/broken.xml")
                waits.append(broken.nextFetchAt!.timeIntervalSince(before))
            }
            #expect(zip(waits, waits.dropFirst()).allSatisfy { $0 < $1 }, "500s back off: \(waits)")
            #expect(try await feed(store, "\(base)/broken.xml").consecutiveErrors == 4)

            let gone = try await feed(store, "\(base)/gone.xml")
            #expect(gone.disabledAt != nil && gone.disabledReason == "fetch.gone")
            #expect(server.requests("/gone.xml") == 1, "a disabled feed is not fetched again")
            #expect(try await store.dueFeeds(at: .distantFuture, limit: 10).allSatisfy { $0.id != gone.id })

            let limitedFeed = try await feed(store, "\(base)/limited.xml")
            #expect(limitedFeed.lastStatus == 429 && limitedFeed.lastErrorCode == "fetch.http_status")
            #expect(limitedFeed.nextFetchAt!.timeIntervalSince(limitedFeed.lastFetchedAt!) >= 7200)

            // Subscribing again enables a disabled feed.
            let again = try await store.addFeed(url: "\(base)/gone.xml")
            #expect(again.disabledAt == nil && again.nextFetchAt == nil)
        }
    }

    @Test func aStalledResponseTimesOutAndAnOversizedBodyFailsOnlyItsFeed() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run([
            "/stalled.xml": ServedDocument(Array(SampleFeeds.rss("stalled", items: 1).utf8), delay: .seconds(20)),
            "/huge.xml": ServedDocument(text: SampleFeeds.rss("huge", items: 200)),
            "/fine.xml": ServedDocument(text: SampleFeeds.rss("fine", items: 2)),
        ]) { _, base in
            for path in ["/stalled.xml", "/huge.xml", "/fine.xml"] { try await store.addFeed(url: base + path) }
            var fetch = FetchConfiguration()
            fetch.timeout = .seconds(1)
            fetch.maximumBodySize = 64 * 1024
            let started = ContinuousClock.now
            let outcomes = await syncer(store, fetch: fetch).sync(try await store.feeds())
            #expect(ContinuousClock.now - started < .seconds(10))
            let byPath = Dictionary(uniqueKeysWithValues: outcomes.map { (URL(string: $0.feed.url)!.path, $0) })
            #expect(byPath["/stalled.xml"]?.result == .failed(code: "fetch.timeout", message: byPath["/stalled.xml"].map { if case .failed(_, let m) = $0.result { m } else { "" } } ?? ""))
            #expect(try await feed(store, "\(base)/stalled.xml").lastErrorCode == "fetch.timeout")
            #expect(try await feed(store, "\(base)/huge.xml").lastErrorCode == "fetch.body_too_large")
            let fine = try await feed(store, "\(base)/fine.xml")
            #expect(fine.lastErrorCode == nil && fine.lastSuccessAt != nil)
            #expect(try await store.totals().articles == 2)
        }
    }

    @Test func thePerHostLimitHolds() async throws {
        let store = try Store(path: ":memory:")
        var documents: [String: ServedDocument] = [:]
        for index in 0..<12 {
            documents["/slow\(index).xml"] = ServedDocument(Array(SampleFeeds.rss("slow\(index)", items: 1).utf8), delay: .milliseconds(150))
        }
        try await FeedServer.run(documents) { server, base in
            for index in 0..<12 { try await store.addFeed(url: "\(base)/slow\(index).xml") }
            var fetch = FetchConfiguration()
            fetch.maximumConnectionsPerHost = 2
            let outcomes = await syncer(store, fetch: fetch).sync(try await store.feeds())
            #expect(outcomes.count == 12 && outcomes.allSatisfy { !$0.isFailure })
            #expect(server.maximumInFlight == 2, "two connections to the one host at most, and both used")
        }
    }

    @Test func theDaemonPicksUpAFeedAddedWhileItRunsAndStopsGracefully() async throws {
        let path = Repository.temporaryDatabase()
        defer { Repository.remove(path) }
        let store = try Store(path: path)
        try await FeedServer.run([
            "/first.xml": ServedDocument(text: SampleFeeds.rss("first", items: 2), etag: "\"1\""),
            "/later.xml": ServedDocument(text: SampleFeeds.rss("later", items: 3)),
        ]) { server, base in
            try await store.addFeed(url: "\(base)/first.xml")
            var daemon = SyncDaemon(fetcher: FeedFetcher(), store: store, logger: logger)
            daemon.pollInterval = .milliseconds(50)
            let group = ServiceGroup(services: [daemon], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await eventually(within: .seconds(10)) { try await store.totals().articles == 2 }
                // Another process (the CLI) subscribes while the daemon runs.
                let other = try Store(path: path)
                try await other.addFeed(url: "\(base)/later.xml")
                try await eventually(within: .seconds(10)) { try await store.totals().articles == 5 }
                #expect(server.requests("/first.xml") == 1, "not due again within the minimum interval")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let later = try await feed(store, "\(base)/later.xml")
            #expect(later.nextFetchAt! > Date().addingTimeInterval(250))
        }
    }
}
