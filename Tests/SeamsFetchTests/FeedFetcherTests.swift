import Foundation
import SeamsFetch
import SeamsTestSupport
import Testing

struct FeedFetcherTests {
    let body = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>"

    @Test func sendsValidatorsBackAndTreats304AsUnchanged() async throws {
        try await FeedServer.run([
            "/etag.xml": ServedDocument(text: body, etag: "\"v1\""),
            "/date.xml": ServedDocument(text: body, lastModified: "Tue, 07 Mar 2023 09:30:00 GMT"),
        ]) { server, base in
            let fetcher = FeedFetcher(configuration: .loopback)
            let first = try await fetcher.fetch(FetchRequest(url: base + "/etag.xml"))
            #expect(first.status == 200)
            #expect(first.body == Array(body.utf8))
            #expect(first.etag == "\"v1\"")
            let second = try await fetcher.fetch(FetchRequest(url: base + "/etag.xml", etag: first.etag))
            #expect(second.isNotModified)
            #expect(second.body.isEmpty)
            let dated = try await fetcher.fetch(FetchRequest(url: base + "/date.xml"))
            let again = try await fetcher.fetch(FetchRequest(url: base + "/date.xml", lastModified: dated.lastModified))
            #expect(again.isNotModified)
            #expect(server.notModified("/etag.xml") == 1)
            #expect(server.notModified("/date.xml") == 1)
            #expect(server.userAgents.allSatisfy { $0.hasPrefix("Seams/\(SeamsVersion.current)") })
        }
    }

    @Test func followsRedirectsUpToTheCap() async throws {
        try await FeedServer.run([
            "/feed.xml": ServedDocument(text: body),
            "/moved": .redirect(to: "/feed.xml", status: 301),
            "/loop": .redirect(to: "/loop"),
        ]) { _, base in
            let fetcher = FeedFetcher(configuration: .loopback)
            let moved = try await fetcher.fetch(FetchRequest(url: base + "/moved"))
            #expect(moved.effectiveURL == base + "/feed.xml")
            let error = await #expect(throws: FetchError.self) {
                try await fetcher.fetch(FetchRequest(url: base + "/loop"))
            }
            #expect(error?.code == .tooManyRedirects)
        }
    }

    @Test func aRedirectCannotReachALocalFile() async throws {
        try await FeedServer.run(["/to-file": .redirect(to: "file:///etc/hostname")]) { _, base in
            let error = await #expect(throws: FetchError.self) {
                try await FeedFetcher(configuration: .loopback).fetch(FetchRequest(url: base + "/to-file"))
            }
            #expect(error?.code == .unsupportedProtocol)
        }
    }

    @Test func errorStatusesAreErrorsWithTheStatus() async throws {
        try await FeedServer.run(["/gone": ServedDocument([], status: 410)]) { _, base in
            let fetcher = FeedFetcher(configuration: .loopback)
            let gone = await #expect(throws: FetchError.self) {
                try await fetcher.fetch(FetchRequest(url: base + "/gone"))
            }
            #expect(gone?.code == .httpStatus)
            #expect(gone?.status == 410)
            let missing = await #expect(throws: FetchError.self) {
                try await fetcher.fetch(FetchRequest(url: base + "/nothing"))
            }
            #expect(missing?.status == 404)
        }
    }

    @Test func aBodyOverTheLimitFailsThatFetchOnly() async throws {
        try await FeedServer.run([
            "/big.xml": ServedDocument(Array(repeating: UInt8(ascii: "a"), count: 200_000)),
            "/small.xml": ServedDocument(text: body),
        ]) { _, base in
            var configuration = FetchConfiguration.loopback
            configuration.maximumBodySize = 100_000
            let fetcher = FeedFetcher(configuration: configuration)
            async let big = fetcher.fetch(FetchRequest(url: base + "/big.xml"))
            async let small = fetcher.fetch(FetchRequest(url: base + "/small.xml"))
            let smallStatus = try await small.status
            #expect(smallStatus == 200)
            do {
                _ = try await big
                Issue.record("a 200 kB body passed a 100 kB limit")
            } catch {
                #expect((error as? FetchError)?.code == .bodyTooLarge)
            }
        }
    }

    @Test func aStalledResponseTimesOut() async throws {
        // The server never answers until the fetch is over, so only the timeout can end it.
        let stall = Gate()
        try await FeedServer.run(["/slow.xml": ServedDocument(Array(body.utf8), gate: stall)]) { server, base in
            defer { stall.open() }
            var configuration = FetchConfiguration.loopback
            configuration.timeout = .milliseconds(500)
            let error = await #expect(throws: FetchError.self) {
                try await FeedFetcher(configuration: configuration).fetch(FetchRequest(url: base + "/slow.xml"))
            }
            #expect(error?.code == .timeout)
            #expect(
                server.requests("/slow.xml") == 1 && !stall.isOpen,
                "the request reached the server, which never answered"
            )
        }
    }

    @Test func fetchesManyFeedsAtOnceOverOneLoop() async throws {
        // Every answer is held until six requests are outstanding at once: the transfers must overlap to get there.
        let held = Gate()
        var documents: [String: ServedDocument] = [:]
        for index in 0..<12 { documents["/f\(index).xml"] = ServedDocument(Array(body.utf8), gate: held) }
        try await FeedServer.run(documents) { server, base in
            defer { held.open() }
            var configuration = FetchConfiguration.loopback
            configuration.maximumConnectionsPerHost = 6
            let fetcher = FeedFetcher(configuration: configuration)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<12 {
                    group.addTask { try await fetcher.fetch(FetchRequest(url: base + "/f\(index).xml")).status }
                }
                try await eventually { server.inFlight == 6 }
                #expect(server.totalRequests == 6, "the per-host limit holds while the answers are held")
                held.open()
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 12))
            #expect(server.maximumInFlight == 6, "six transfers at once, and never more")
        }
    }

    @Test func readsLocalFilesAndReportsMissingOnes() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seams-fetch-\(UUID().uuidString).xml")
        try body.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let fetcher = FeedFetcher(configuration: .loopback)
        let response = try await fetcher.fetch(FetchRequest(url: url.absoluteString, allowsFiles: true))
        #expect(response.body == Array(body.utf8))
        #expect(response.status == 0)
        let error = await #expect(throws: FetchError.self) {
            try await fetcher.fetch(FetchRequest(url: url.absoluteString + ".missing", allowsFiles: true))
        }
        #expect(error?.code == .fileNotFound)
        let refused = await #expect(throws: FetchError.self, "a file the operator did not name is never read") {
            try await fetcher.fetch(FetchRequest(url: url.absoluteString))
        }
        #expect(refused?.code == .unsupportedProtocol)
    }

    @Test(arguments: ["gopher://example.org/feed", "ftp://example.org/feed.xml", "not a url", ""])
    func refusesSchemesOtherThanHTTPAndFiles(_ url: String) async {
        let error = await #expect(throws: FetchError.self) {
            try await FeedFetcher(configuration: .loopback).fetch(FetchRequest(url: url))
        }
        #expect(error?.code == .unsupportedProtocol || error?.code == .invalidURL)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        // The server never answers, and the fetcher's timeout is far away: only the cancellation can end the fetch.
        let stall = Gate()
        try await FeedServer.run(["/slow.xml": ServedDocument(Array(body.utf8), gate: stall)]) { server, base in
            defer { stall.open() }
            var configuration = FetchConfiguration.loopback
            configuration.timeout = .seconds(3600)
            let fetcher = FeedFetcher(configuration: configuration)
            let task = Task { try await fetcher.fetch(FetchRequest(url: base + "/slow.xml")) }
            try await eventually { server.inFlight == 1 }
            task.cancel()
            let result = await task.result
            if case .failure(let error as FetchError) = result {
                #expect(error.code == .cancelled)
            } else {
                Issue.record("the cancelled fetch ended in \(result)")
            }
        }
    }

    @Test func readsTheCharsetFromTheContentType() {
        let response = FetchResponse(
            status: 200,
            body: [],
            effectiveURL: "x",
            headers: ["content-type": "text/xml; Charset=\"ISO-8859-1\""]
        )
        #expect(response.charset == "iso-8859-1")
    }
}
