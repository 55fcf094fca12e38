import Foundation
import SeamsFetch
import SeamsTestSupport
import Testing

/// Servers that misbehave on purpose, on loopback: every fetch ends in bounded time and memory with a clear error
/// (or the body the server really sent), and never reaches anything but http(s).
struct HostileServerTests {
    static let feed = Array(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item></channel></rss>".utf8
    )
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func fetchError(_ url: String, _ configuration: FetchConfiguration = .loopback) async -> FetchError? {
        do {
            let response = try await FeedFetcher(configuration: configuration).fetch(FetchRequest(url: url))
            Issue.record("\(url) was fetched: \(response.status), \(response.body.count) bytes")
            return nil
        } catch {
            return error
        }
    }

    @Test func redirectChainsStopAtTheCapAndLoopsFail() async throws {
        var documents: [String: ServedDocument] = ["/feed.xml": ServedDocument(Self.feed)]
        for hop in 1...6 { documents["/hop\(hop)"] = .redirect(to: hop == 1 ? "/feed.xml" : "/hop\(hop - 1)") }
        documents["/ping"] = .redirect(to: "/pong")
        documents["/pong"] = .redirect(to: "/ping", status: 301)
        try await FeedServer.run(documents) { server, base in
            let fetcher = FeedFetcher(configuration: .loopback)
            let five = try await fetcher.fetch(FetchRequest(url: base + "/hop5"))
            #expect(five.body == Self.feed, "a chain of exactly five redirects is followed")
            let six = await fetchError(base + "/hop6")
            #expect(six?.code == .tooManyRedirects)
            let loop = await fetchError(base + "/ping")
            #expect(loop?.code == .tooManyRedirects)
            #expect(server.requests("/ping") <= 4 && server.requests("/pong") <= 4, "the loop was cut at the cap")
        }
    }

    @Test(arguments: [
        "file:///etc/passwd", "gopher://127.0.0.1:70/1", "ftp://127.0.0.1/feed.xml", "dict://127.0.0.1:11211/stat",
    ])
    func aRedirectLeadsOnlyToHTTP(_ target: String) async throws {
        try await FeedServer.run(["/away": .redirect(to: target)]) { _, base in
            let error = await fetchError(base + "/away")
            #expect(error?.code == .unsupportedProtocol, "\(target): \(String(describing: error))")
        }
    }

    @Test func aTricklingServerIsCutOffByTheTransferRate() async throws {
        let head = HostileBehaviour.head(["Content-Type: application/xml", "Content-Length: \(Self.feed.count)"])
        try await HostileServer.run(["/slowloris": .trickle(head: head, body: Self.feed, interval: .seconds(1))]) {
            base in
            var configuration = FetchConfiguration.loopback
            configuration.minimumTransferRate = 100
            configuration.slowTransferWindow = .seconds(2)
            let started = ContinuousClock.now
            let error = await fetchError(base + "/slowloris", configuration)
            #expect(error?.code == .timeout)
            #expect(error?.message.lowercased().contains("too slow") == true, "\(String(describing: error?.message))")
            // The body takes 84 s to trickle in whole; the rate check ends the transfer after its 2 s window.
            #expect(ContinuousClock.now - started < .seconds(60), "well before the whole body could trickle in")
        }
    }

    @Test func aResetMidBodyIsATransferError() async throws {
        let head = HostileBehaviour.head(["Content-Type: application/xml", "Content-Length: 100000"])
        try await HostileServer.run(["/reset": .reset(after: head + Self.feed.prefix(40))]) { base in
            let error = await fetchError(base + "/reset")
            #expect(error?.code == .transfer, "\(String(describing: error))")
        }
    }

    @Test func aContentLengthThatLiesIsCaught() async throws {
        let longer = HostileBehaviour.head(["Content-Type: application/xml", "Content-Length: 5000"]) + Self.feed
        let shorter = HostileBehaviour.head(["Content-Type: application/xml", "Content-Length: 20"]) + Self.feed
        let huge = HostileBehaviour.head(["Content-Type: application/xml", "Content-Length: 99999999999"]) + Self.feed
        try await HostileServer.run(["/longer": .raw(longer), "/shorter": .raw(shorter), "/huge": .raw(huge)]) { base in
            let promisedMore = await fetchError(base + "/longer")
            #expect(promisedMore?.code == .transfer, "the body ended before the promised length")
            let response = try await FeedFetcher(configuration: .loopback).fetch(FetchRequest(url: base + "/shorter"))
            #expect(response.body == Array(Self.feed.prefix(20)), "only the declared length is read")
            let tooLarge = await fetchError(base + "/huge")
            #expect(tooLarge?.code == .bodyTooLarge, "a declared length over the limit fails before the body")
        }
    }

    @Test func aResponseThatNeverEndsHitsTheLimitOrTheClock() async throws {
        let head = HostileBehaviour.head(["Content-Type: application/xml", "Transfer-Encoding: identity"])
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        try await HostileServer.run([
            "/firehose": .endless(head: head, chunk: chunk, interval: .milliseconds(1)),
            "/drip": .endless(head: head, chunk: Array("<item>".utf8), interval: .milliseconds(200)),
        ]) { base in
            var configuration = FetchConfiguration.loopback
            configuration.maximumBodySize = 2 * 1024 * 1024
            let firehose = await fetchError(base + "/firehose", configuration)
            #expect(firehose?.code == .bodyTooLarge)
            configuration.timeout = .seconds(2)
            let drip = await fetchError(base + "/drip", configuration)
            #expect(drip?.code == .timeout)
        }
    }

    @Test func a304ToAnUnconditionalRequestIsAnError() async throws {
        try await HostileServer.run([
            "/unchanged": .raw(HostileBehaviour.head(status: "304 Not Modified", ["Content-Length: 0"]))
        ]) {
            base in
            let error = await fetchError(base + "/unchanged")
            #expect(error?.code == .httpStatus)
            #expect(error?.status == 304)
            #expect(error?.message.contains("no validators") == true)
        }
    }

    @Test(arguments: [("zeros-1gib.gz", "gzip"), ("zeros-2gib.br", "br")])
    func compressionBombsStopAtTheBodyLimit(_ file: String, _ encoding: String) async throws {
        let bomb = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        var document = ServedDocument(bomb)
        document.headers["Content-Encoding"] = encoding
        try await FeedServer.run(["/bomb.xml": document, "/feed.xml": ServedDocument(Self.feed)]) { _, base in
            var configuration = FetchConfiguration.loopback
            configuration.maximumBodySize = 8 * 1024 * 1024
            let fetcher = FeedFetcher(configuration: configuration)
            async let other = fetcher.fetch(FetchRequest(url: base + "/feed.xml"))
            let error = await fetchError(base + "/bomb.xml", configuration)
            #expect(error?.code == .bodyTooLarge, "\(file): \(String(describing: error))")
            let otherBody = try await other.body
            #expect(otherBody == Self.feed, "the feed fetched beside the bomb is unaffected")
        }
    }

    @Test func manyFeedsOnASlowHostDoNotHoldUpTheOthers() async throws {
        // The slow host answers nothing until every fast feed is fetched (or, should the fast ones be stuck behind it,
        // until a minute has passed, so that a regression fails instead of hanging).
        let slowHost = Gate()
        var slow: [String: ServedDocument] = [:]
        var fast: [String: ServedDocument] = [:]
        for index in 0..<12 {
            slow["/s\(index).xml"] = ServedDocument(Self.feed, gate: slowHost)
            fast["/f\(index).xml"] = ServedDocument(Self.feed)
        }
        try await FeedServer.run(slow, host: "127.0.0.1") { slowServer, slowBase in
            defer { slowHost.open() }
            try await FeedServer.run(fast, host: "127.0.0.2") { _, fastBase in
                let fetcher = FeedFetcher(configuration: .loopback)
                let order = try await withThrowingTaskGroup(of: String?.self) { group in
                    for index in 0..<12 {
                        group.addTask {
                            _ = try await fetcher.fetch(FetchRequest(url: slowBase + "/s\(index).xml"))
                            return "slow"
                        }
                    }
                    // The slow host's transfers are under way, as many as its connection limit allows.
                    try await eventually { slowServer.inFlight == FetchConfiguration().maximumConnectionsPerHost }
                    for index in 0..<12 {
                        group.addTask {
                            _ = try await fetcher.fetch(FetchRequest(url: fastBase + "/f\(index).xml"))
                            return "fast"
                        }
                    }
                    group.addTask {
                        try? await Task.sleep(for: .seconds(60))
                        slowHost.open()
                        return nil
                    }
                    var order: [String] = []
                    for try await kind in group {
                        guard let kind else { continue }
                        order.append(kind)
                        if order.count(where: { $0 == "fast" }) == 12 { slowHost.open() }
                        if order.count == 24 { group.cancelAll() }
                    }
                    return order
                }
                #expect(Array(order.prefix(12)) == Array(repeating: "fast", count: 12), "\(order)")
                #expect(order.count == 24)
            }
        }
    }
}
