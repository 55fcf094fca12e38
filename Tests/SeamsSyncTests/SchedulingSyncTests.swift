import Foundation
import Logging
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import ServiceLifecycle
import Testing

@testable import SeamsSync

/// Syncs against a loopback server: conditional GETs, redirects, errors, limits and the daemon's pick-up.
struct SchedulingSyncTests {
    let logger = Logger(label: "test")

    func syncer(
        _ store: Store,
        fetch: FetchConfiguration = .loopback,
        sync: SyncConfiguration = SyncConfiguration()
    ) -> FeedSyncer {
        FeedSyncer(configuration: sync, fetcher: FeedFetcher(configuration: fetch), store: store, logger: logger)
    }

    func feed(_ store: Store, _ url: String) async throws -> Subscription {
        try #require(try await store.feed(url: url))
    }

    func feed(_ store: Store, id: Int64) async throws -> Subscription {
        try #require(try await store.feeds().first { $0.id == id })
    }

    @Test func etagAndLastModifiedRoundTripWith304s() async throws {
        let newest = Date(timeIntervalSince1970: 1_790_000_000)
        let store = try Store(path: ":memory:")
        try await FeedServer.run([
            "/etag.xml": ServedDocument(text: SampleFeeds.rss("etag", items: 3, newest: newest), etag: "\"e1\""),
            "/dated.xml": ServedDocument(
                text: SampleFeeds.rss("dated", items: 3),
                lastModified: "Sat, 28 Nov 2026 10:00:00 GMT"
            ),
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
            var document = ServedDocument(
                text: SampleFeeds.rss("dated", items: 3),
                lastModified: "Sat, 28 Nov 2026 10:00:00 GMT"
            )
            document.headers["X-Unused"] = "1"
            server.set("/dated.xml", document)
            _ = await syncer.sync([try await feed(store, id: dated.id!)])
            let stored = try await feed(store, id: dated.id!)
            #expect(stored.lastModified == "Sat, 28 Nov 2026 10:00:00 GMT")
            #expect(stored.fetchCount == 3 && stored.notModifiedCount == 2)
            #expect(stored.notModifiedRate! > 0.6)

            // A changed document with a new ETag is fetched in full and stored.
            server.set(
                "/etag.xml",
                ServedDocument(text: SampleFeeds.rss("etag", items: 5, newest: newest), etag: "\"e2\"")
            )
            let third = await syncer.sync([try await feed(store, id: etag.id!)])
            #expect(
                third.first?.result
                    == .changed(
                        {
                            var r = IngestReport()
                            r.new = 2
                            r.unchanged = 3
                            return r
                        }()
                    )
            )
            #expect(try await feed(store, id: etag.id!).etag == "\"e2\"")
        }
    }

    @Test func nowAndThenAFeedIsFetchedWithoutValidators() async throws {
        let store = try Store(path: ":memory:")
        try await FeedServer.run(["/feed.xml": ServedDocument(text: SampleFeeds.rss("plain", items: 2), etag: "\"v\"")])
        { server, base in
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
            #expect(gone.disabledAt != nil && gone.disabledReason == FetchError.Code.gone.failureCode)
            #expect(server.requests("/gone.xml") == 1, "a disabled feed is not fetched again")
            #expect(try await store.dueFeeds(at: .distantFuture, limit: 10).allSatisfy { $0.id != gone.id })

            let limitedFeed = try await feed(store, "\(base)/limited.xml")
            #expect(
                limitedFeed.lastStatus == 429 && limitedFeed.lastErrorCode == FetchError.Code.httpStatus.failureCode
            )
            #expect(limitedFeed.nextFetchAt!.timeIntervalSince(limitedFeed.lastFetchedAt!) >= 7200)

            // Subscribing again enables a disabled feed.
            let again = try await store.addFeed(url: "\(base)/gone.xml")
            #expect(again.disabledAt == nil && again.nextFetchAt == nil)
        }
    }

    @Test func aStalledResponseTimesOutAndAnOversizedBodyFailsOnlyItsFeed() async throws {
        let store = try Store(path: ":memory:")
        // The stalled feed's server never answers before the sync is over: only the timeout can end its fetch.
        let stall = Gate()
        try await FeedServer.run([
            "/stalled.xml": ServedDocument(Array(SampleFeeds.rss("stalled", items: 1).utf8), gate: stall),
            "/huge.xml": ServedDocument(text: SampleFeeds.rss("huge", items: 200)),
            "/fine.xml": ServedDocument(text: SampleFeeds.rss("fine", items: 2)),
        ]) { _, base in
            defer { stall.open() }
            for path in ["/stalled.xml", "/huge.xml", "/fine.xml"] { try await store.addFeed(url: base + path) }
            var fetch = FetchConfiguration.loopback
            fetch.timeout = .seconds(5)
            fetch.maximumBodySize = 64 * 1024
            let outcomes = await syncer(store, fetch: fetch).sync(try await store.feeds())
            #expect(!stall.isOpen, "the sync ended while the stalled server still had not answered")
            let byPath = Dictionary(uniqueKeysWithValues: outcomes.map { (URL(string: $0.feed.url)!.path, $0) })
            guard case .failed(let code, let message) = byPath["/stalled.xml"]?.result else {
                Issue.record("the stalled feed did not fail: \(String(describing: byPath["/stalled.xml"]))")
                return
            }
            #expect(code == FetchError.Code.timeout.failureCode && message.contains("timed out"), "\(message)")
            #expect(try await feed(store, "\(base)/stalled.xml").lastErrorCode == FetchError.Code.timeout.failureCode)
            #expect(
                try await feed(store, "\(base)/huge.xml").lastErrorCode == FailureCode(rawValue: "fetch.body_too_large")
            )
            let fine = try await feed(store, "\(base)/fine.xml")
            #expect(fine.lastErrorCode == nil && fine.lastSuccessAt != nil)
            #expect(try await store.totals().articles == 2)
        }
    }

    @Test func thePerHostLimitHolds() async throws {
        let store = try Store(path: ":memory:")
        // Answers are held until the fetcher has as many requests outstanding as it may: both connections in use.
        let held = Gate()
        var documents: [String: ServedDocument] = [:]
        for index in 0..<12 {
            documents["/slow\(index).xml"] = ServedDocument(
                Array(SampleFeeds.rss("slow\(index)", items: 1).utf8),
                gate: held
            )
        }
        try await FeedServer.run(documents) { server, base in
            defer { held.open() }
            for index in 0..<12 { try await store.addFeed(url: "\(base)/slow\(index).xml") }
            var fetch = FetchConfiguration.loopback
            fetch.maximumConnectionsPerHost = 2
            let syncer = syncer(store, fetch: fetch)
            let feeds = try await store.feeds()
            async let outcomes = syncer.sync(feeds)
            try await eventually { server.inFlight == 2 }
            #expect(server.totalRequests == 2, "no third request while two are outstanding")
            held.open()
            let finished = await outcomes
            #expect(finished.count == 12 && finished.allSatisfy { !$0.isFailure })
            #expect(server.maximumInFlight == 2, "two connections to the one host at most, and both used")
        }
    }

    @Test func theDaemonPicksUpAFeedAddedWhileItRunsAndStopsGracefully() async throws {
        let path = Repository.temporaryDatabase()
        defer { Repository.remove(path) }
        let store = try Store(path: path)
        let clock = ManualClock()
        try await FeedServer.run([
            "/first.xml": ServedDocument(text: SampleFeeds.rss("first", items: 2), etag: "\"1\""),
            "/later.xml": ServedDocument(text: SampleFeeds.rss("later", items: 3)),
        ]) { server, base in
            try await store.addFeed(url: "\(base)/first.xml")
            var daemon = SyncDaemon(
                fetcher: FeedFetcher(configuration: .loopback),
                store: store,
                logger: logger,
                clock: clock
            )
            daemon.pollInterval = .seconds(1)
            let poll = daemon.pollInterval
            let group = ServiceGroup(services: [daemon], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await eventually { try await store.totals().articles == 2 }
                // Another process (the CLI) subscribes while the daemon runs; the daemon's next poll finds it.
                let other = try Store(path: path)
                try await other.addFeed(url: "\(base)/later.xml")
                try await eventually {
                    clock.advanceToNextDeadline(within: poll)
                    return server.requests("/later.xml") == 1
                }
                try await eventually { try await store.totals().articles == 5 }
                let later = try await feed(store, "\(base)/later.xml")
                #expect(
                    later.nextFetchAt! > clock.now.addingTimeInterval(250),
                    "scheduled at least the minimum interval on"
                )

                // The first feed is not fetched again until its next fetch time, and then it is.
                let due = try #require(try await feed(store, "\(base)/first.xml").nextFetchAt)
                #expect(due.timeIntervalSince(clock.now) > 250, "at least the minimum interval, less the time moved on")
                await clock.waitForSleepers(2)  // the dispatcher and the summary wait on the clock
                clock.advance(by: .seconds(Int(due.timeIntervalSince(clock.now)) - 1))
                await clock.waitForSleepers(2)  // both woke, and the dispatcher polled at the new time
                #expect(server.requests("/first.xml") == 1, "not due yet")
                try await eventually {
                    clock.advanceToNextDeadline(within: poll)
                    return server.requests("/first.xml") == 2
                }
                try await eventually { try await feed(store, "\(base)/first.xml").notModifiedCount == 1 }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    @Test func aShutdownAbandonsFetchesStillRunningAtTheDeadlineAndCommitsTheRest() async throws {
        let store = try Store(path: ":memory:")
        let clock = ManualClock()
        let never = Gate()
        let fetcher = FakeFetcher([
            "https://fast.example/feed.xml": .document(SampleFeeds.rss("fast", items: 3)),
            "https://stuck.example/feed.xml": .document(SampleFeeds.rss("stuck", items: 3), gate: never),
        ])
        let fast = try await store.addFeed(url: "https://fast.example/feed.xml")
        let stuck = try await store.addFeed(url: "https://stuck.example/feed.xml")
        var configuration = SyncConfiguration()
        configuration.shutdownDeadline = .seconds(10)
        let syncer = FeedSyncer(
            configuration: configuration,
            fetcher: fetcher,
            store: store,
            logger: logger,
            clock: clock
        )
        let (stop, stopping) = AsyncStream.makeStream(of: Void.self)
        async let outcomes = syncer.sync([fast, stuck], stop: stop) { outcome, _, _ in
            if outcome.feed.id == fast.id { stopping.yield() }
        }
        await clock.waitForSleepers(1)  // the shutdown began, and its deadline is set
        #expect(fetcher.inFlight == 1, "the stuck fetch runs until the deadline")
        clock.advance(by: .seconds(9))
        #expect(fetcher.inFlight == 1 && clock.sleepers == 1, "nothing is abandoned before the deadline")
        clock.advance(by: .seconds(1))
        let finished = await outcomes
        #expect(finished.count == 2)
        #expect(
            finished.first { $0.feed.id == stuck.id }?.result
                == .failed(code: FetchError.Code.cancelled.failureCode, message: "the fetch was cancelled")
        )
        #expect(try await store.totals().articles == 3, "what was fetched before the shutdown is committed")
        let abandoned = try await feed(store, id: stuck.id!)
        #expect(
            abandoned.lastErrorCode == nil && abandoned.nextFetchAt == nil,
            "an abandoned feed records nothing and stays due"
        )
        #expect(fetcher.inFlight == 0)
    }
}
