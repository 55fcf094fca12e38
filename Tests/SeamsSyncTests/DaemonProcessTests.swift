import Foundation
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
            bundle.appendingPathComponent("seams").path, bundle.deletingLastPathComponent().appendingPathComponent("seams").path,
            Repository.root.appendingPathComponent(".build/debug/seams").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Forty slow feeds of five entries each on one loopback server, listed in an OPML file.
    func withSlowFeeds(_ body: (FeedServer, String, String) async throws -> Void) async throws {
        var documents: [String: ServedDocument] = [:]
        for index in 0..<40 {
            documents["/feed\(index).xml"] = ServedDocument(
                Array(SampleFeeds.rss("feed\(index)", items: 5, newest: Date(timeIntervalSince1970: 1_790_000_000)).utf8),
                delay: .milliseconds(200))
        }
        try await FeedServer.run(documents) { server, base in
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml").path
            defer { try? FileManager.default.removeItem(atPath: opml) }
            let outlines = (0..<40).map { "<outline type=\"rss\" text=\"feed\($0)\" xmlUrl=\"\(base)/feed\($0).xml\"/>" }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(toFile: opml, atomically: true, encoding: .utf8)
            try await body(server, base, opml)
        }
    }

    func daemon(_ db: String, _ extra: [String]) throws -> ChildProcess {
        let executable = try #require(Self.executable, "build the seams executable first (swift build --build-tests)")
        return try ChildProcess(executable, ["daemon", "--db", db, "--concurrency", "4", "--per-host", "4", "--log-level", "warning"] + extra)
    }

    func articleIds(_ db: String) async throws -> Set<Int64> {
        let store = try Store(path: db)
        return Set(try await store.articleIdentifiers())
    }

    @Test func sigtermMidSyncExitsZeroWithinTheDeadlineAndCommitsWhatWasFetched() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withSlowFeeds { server, _, opml in
            let process = try daemon(db, [opml, "--shutdown-deadline", "3s"])
            defer { Task { await process.stop() } }
            let store = try Store(path: db)
            try await eventually(within: .seconds(20)) { try await store.totals().articles >= 10 }
            process.signal(SIGTERM)
            let signalled = ContinuousClock.now
            let status = await process.wait(upTo: .seconds(15))
            #expect(status == 0, "exit status; stderr: \(process.errorOutput)")
            #expect(ContinuousClock.now - signalled < .seconds(5), "within the 3 s deadline and a margin")
            // Every feed the server answered before the exit was parsed and committed.
            let feeds = try await store.feeds()
            let counts = try await store.articleCounts()
            for feed in feeds where server.requests(URL(string: feed.url)!.path) > 0 {
                #expect(counts[feed.id!] == 5, "\(feed.url) was fetched; its entries are stored")
            }
            #expect(feeds.contains { counts[$0.id!] == nil }, "stopped mid-sync: some feeds were never fetched")
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test func killNineLosesNothingCommittedAndTheNextStartResumes() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withSlowFeeds { _, _, opml in
            let first = try daemon(db, [opml])
            let store = try Store(path: db)
            try await eventually(within: .seconds(20)) { try await store.totals().articles >= 10 }
            let before = try await articleIds(db)
            first.signal(SIGKILL)
            #expect(await first.wait(upTo: .seconds(5)) == 128 + SIGKILL)
            #expect(try await store.integrityCheck() == "ok")
            let after = try await articleIds(db)
            #expect(before.isSubset(of: after), "every article committed before the kill is still there")
            #expect(after.count < 200, "killed mid-sync")

            // The next start takes the lock the dead process held and resumes the schedule.
            let second = try daemon(db, [])
            defer { Task { await second.stop() } }
            try await eventually(within: .seconds(20)) { try await store.totals().articles == 200 }
            second.signal(SIGINT)
            #expect(await second.wait(upTo: .seconds(15)) == 0, "stderr: \(second.errorOutput)")
            #expect(try await store.integrityCheck() == "ok")
            #expect(try await articleIds(db).isSuperset(of: after))
        }
    }

    @Test func aSecondDaemonOnTheSameDatabaseIsRefused() async throws {
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await withSlowFeeds { _, _, opml in
            let first = try daemon(db, [opml])
            defer { Task { await first.stop() } }
            let store = try Store(path: db)
            try await eventually(within: .seconds(20)) { try await store.totals().articles > 0 }
            let second = try daemon(db, [])
            #expect(await second.wait(upTo: .seconds(10)) == 1)
            #expect(second.errorOutput.contains("is in use by process \(first.pid)"), "\(second.errorOutput)")
            first.signal(SIGTERM)
            #expect(await first.wait(upTo: .seconds(15)) == 0)
        }
    }
}
