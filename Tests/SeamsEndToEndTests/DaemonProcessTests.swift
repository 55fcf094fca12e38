import Foundation
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Testing

/// The `seams` executable under signals: a graceful stop commits what was fetched, `kill -9` loses nothing
/// committed, and a second daemon on the same database is refused.
@Suite(.serialized) struct DaemonProcessTests {
    /// The `seams` executable built beside the test bundle.
    static var executable: String? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundle.appendingPathComponent("seams").path,
            bundle.deletingLastPathComponent().appendingPathComponent("seams").path,
            Repository.root.appendingPathComponent(".build/debug/seams").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Forty feeds of five entries each on one loopback server, listed in an OPML file; each feed's answer is held
    /// on its own gate, which the test opens.
    func withHeldFeeds(_ body: (FeedServer, [Gate], String) async throws -> Void) async throws {
        let gates = (0..<40).map { _ in Gate() }
        var documents: [String: ServedDocument] = [:]
        for index in 0..<40 {
            documents["/feed\(index).xml"] = ServedDocument(
                Array(
                    SampleFeeds.rss("feed\(index)", items: 5, newest: Date(timeIntervalSince1970: 1_790_000_000)).utf8
                ),
                gate: gates[index]
            )
        }
        try await FeedServer.run(documents) { server, base in
            defer { for gate in gates { gate.open() } }
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml")
                .path
            defer { try? FileManager.default.removeItem(atPath: opml) }
            let outlines = (0..<40).map {
                "<outline type=\"rss\" text=\"feed\($0)\" xmlUrl=\"\(base)/feed\($0).xml\"/>"
            }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(
                toFile: opml,
                atomically: true,
                encoding: .utf8
            )
            try await body(server, gates, opml)
        }
    }

    /// Waits until the daemon has asked for two feeds, and answers those two: ten articles to store, while its other
    /// fetches stay outstanding for as long as the test keeps their gates shut.
    func answerTheFirstTwoRequested(_ server: FeedServer, _ gates: [Gate]) async throws -> Set<Int> {
        var requested: [Int] = []
        try await eventually {
            requested = (0..<40).filter { server.requests("/feed\($0).xml") > 0 }
            return requested.count >= 2
        }
        let answered = Set(requested.prefix(2))
        for index in answered { gates[index].open() }
        return answered
    }

    func daemon(_ db: String, _ extra: [String]) throws -> ChildProcess {
        let executable = try #require(Self.executable, "build the seams executable first (swift build --build-tests)")
        return try ChildProcess(
            executable,
            ["daemon", "--db", db, "--concurrency", "4", "--per-host", "4", "--log-level", "warning"] + extra
        )
    }

    func articleIds(_ db: String) async throws -> Set<Int64> {
        let store = try Store(path: db)
        return Set(try await store.articleIdentifiers())
    }

    @Test func sigtermMidSyncExitsZeroAtTheDeadlineAndCommitsWhatWasFetched() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withHeldFeeds { server, gates, opml in
            // Fetches time out only after ten minutes, stalled or not: the daemon can stop sooner only by abandoning
            // them at its deadline (with the default stall timeout, a loaded machine reached it before the signal).
            let process = try daemon(
                db,
                [opml, "--shutdown-deadline", "3s", "--timeout", "600s", "--stall-timeout", "600s"]
            )
            defer { Task { await process.stop() } }
            let store = try Store(path: db)
            let answered = try await answerTheFirstTwoRequested(server, gates)
            try await eventually { try await store.totals().articles >= 10 }
            process.signal(SIGTERM)
            let signalled = ContinuousClock.now
            let status = await process.wait(upTo: .seconds(120))
            #expect(status == 0, "exit status; stderr: \(process.errorOutput)")
            #expect(ContinuousClock.now - signalled >= .seconds(3), "fetches in flight were given the whole deadline")
            // Every feed the server answered was parsed and committed; the abandoned ones recorded nothing.
            let feeds = try await store.feeds()
            let counts = try await store.articleCounts()
            for feed in feeds {
                let index = Int(URL(string: feed.url)!.lastPathComponent.dropFirst(4).dropLast(4))!
                if answered.contains(index) {
                    #expect(counts[feed.id!] == 5, "\(feed.url) was answered; its entries are stored")
                } else {
                    #expect(
                        counts[feed.id!] == nil && feed.lastErrorCode == nil,
                        "\(feed.url) was never answered: \(feed.lastErrorCode.map { "\($0)" } ?? "-") \(feed.lastErrorMessage ?? "-")"
                    )
                }
            }
            #expect(feeds.count == 40 && answered.count == 2)
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test func killNineLosesNothingCommittedAndTheNextStartResumes() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withHeldFeeds { server, gates, opml in
            let first = try daemon(db, [opml])
            let store = try Store(path: db)
            _ = try await answerTheFirstTwoRequested(server, gates)
            try await eventually { try await store.totals().articles >= 10 }
            let before = try await articleIds(db)
            first.signal(SIGKILL)
            #expect(await first.wait(upTo: .seconds(60)) == 128 + SIGKILL)
            #expect(try await store.integrityCheck() == "ok")
            let after = try await articleIds(db)
            #expect(before.isSubset(of: after), "every article committed before the kill is still there")
            #expect(after.count == 10, "killed mid-sync: only the two answered feeds were stored")

            // The next start takes the lock the dead process held and resumes the schedule.
            for gate in gates { gate.open() }
            let second = try daemon(db, [])
            defer { Task { await second.stop() } }
            try await eventually { try await store.totals().articles == 200 }
            second.signal(SIGINT)
            #expect(await second.wait(upTo: .seconds(120)) == 0, "stderr: \(second.errorOutput)")
            #expect(try await store.integrityCheck() == "ok")
            #expect(try await articleIds(db).isSuperset(of: after))
        }
    }

    @Test func aChildProcessInheritsNoDescriptorButItsStandardStreams() async throws {
        // Open descriptors of this process that a child must not keep: a listening socket and a connection to it.
        try await FeedServer.run(["/feed.xml": ServedDocument(text: SampleFeeds.rss("open", items: 1))]) { _, base in
            _ = try await FeedFetcher(configuration: .loopback).fetch(FetchRequest(url: base + "/feed.xml"))
            let mine = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
            let (status, output) = try await ChildProcess.run("/bin/ls", ["/proc/self/fd"])
            #expect(status == 0)
            // ls's own descriptor for the directory it lists is the fourth.
            #expect(Set(output.split(whereSeparator: \.isWhitespace)) == ["0", "1", "2", "3"], "\(output)")
            #expect(mine > 4, "this process had descriptors to leak")
        }
    }

    @Test func aSecondDaemonOnTheSameDatabaseIsRefused() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withHeldFeeds { server, gates, opml in
            let first = try daemon(db, [opml])
            defer { Task { await first.stop() } }
            let store = try Store(path: db)
            _ = try await answerTheFirstTwoRequested(server, gates)
            try await eventually { try await store.totals().articles > 0 }
            let second = try daemon(db, [])
            #expect(await second.wait(upTo: .seconds(60)) == 1)
            #expect(second.errorOutput.contains("is in use by process \(first.pid)"), "\(second.errorOutput)")
            for gate in gates { gate.open() }
            first.signal(SIGTERM)
            #expect(await first.wait(upTo: .seconds(120)) == 0)
        }
    }
}
