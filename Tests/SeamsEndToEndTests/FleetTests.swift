import Foundation
import PostgresNIO
import SeamsPostgres
import SeamsStore
import SeamsTestSupport
import Testing

/// Four `seams daemon` processes on one PostgreSQL database over 200 loopback feeds that carry copies of one
/// another's stories: each feed is fetched once, a node killed with `kill -9` loses nothing committed and its feeds
/// are finished by the others once its leases expire, and the stories end as a single SQLite run clusters them.
@Suite(.serialized) struct FleetTests {
    static let feeds = 200
    static let storiesPerFeed = 2
    static let stories = 100

    /// Words no language has, from a fixed seed: stories that share nothing by chance.
    static func story(_ index: Int) -> (headline: String, text: String) {
        var state = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
        let syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "el", "qui", "da", "no", "bra", "ze", "fi", "gu"]
        func word() -> String {
            (0..<(2 + Int(next() % 2))).map { _ in syllables[Int(next() % UInt64(syllables.count))] }.joined()
        }
        let words = (0..<90).map { _ in word() }
        let sentences = stride(from: 0, to: words.count, by: 15).map {
            words[$0..<min($0 + 15, words.count)].joined(separator: " ").capitalized + "."
        }
        return (words.prefix(6).joined(separator: " ").capitalized, sentences.joined(separator: " "))
    }

    /// Feed `feed`'s document: two stories, each also carried by three other feeds, under this outlet's headline
    /// and with its own line of furniture.
    static func document(_ feed: Int) -> String {
        var items = ""
        for slot in 0..<storiesPerFeed {
            let index = (feed * storiesPerFeed + slot) % stories
            let story = story(index)
            items += """
                <item><title>\(story.headline) (outlet \(feed))</title><link>https://outlet\(feed).example/\(index)</link>
                <guid>outlet\(feed)-\(index)</guid><pubDate>Mon, 02 Nov 2026 0\(slot):00:00 GMT</pubDate>
                <description>&lt;p&gt;\(story.text)&lt;/p&gt;&lt;p&gt;Read more at outlet \(feed).&lt;/p&gt;</description></item>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Outlet \(feed)</title><link>https://outlet\(feed).example/</link>
            \(items)</channel></rss>
            """
    }

    func seams(_ arguments: [String]) throws -> ChildProcess {
        let executable = try #require(DaemonProcessTests.executable, "build the seams executable first")
        return try ChildProcess(executable, arguments)
    }

    /// Each story as the set of (feed, guid) of its copies.
    func partition(_ clusters: [StoryCluster]) -> Set<Set<String>> {
        Set(clusters.map { Set($0.articles.map { "\($0.feedURL) \($0.article.guid)" }) })
    }

    @Test func fourNodesFetchEachFeedOnceSurviveAKilledNodeAndClusterAsOneSQLiteRunDoes() async throws {
        let gate = Gate()
        var documents: [String: ServedDocument] = [:]
        for feed in 0..<Self.feeds {
            documents["/outlet\(feed).xml"] = ServedDocument(Array(Self.document(feed).utf8), gate: gate)
        }
        try await FeedServer.run(documents) { server, base in
            defer { gate.open() }
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString).opml")
            defer { try? FileManager.default.removeItem(at: opml) }
            let outlines = (0..<Self.feeds).map { "<outline type=\"rss\" xmlUrl=\"\(base)/outlet\($0).xml\"/>" }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(
                to: opml,
                atomically: true,
                encoding: .utf8
            )
            try await PostgresTestDatabase.withFresh { location in
                let db = location.description
                let imported = try seams(["feeds", "import", opml.path, "--db", db])
                #expect(await imported.wait(upTo: .seconds(60)) == 0)
                let nodes = try (0..<4).map { _ in
                    try seams([
                        "daemon", "--db", db, "--http", "off", "--concurrency", "16", "--per-host", "200",
                        "--min-interval", "1h", "--max-interval", "2h", "--lease-duration", "3s",
                        "--allow-private-feeds",
                        // The gate holds the first answers while every node starts: no fetch may give up meanwhile.
                        "--timeout", "600s", "--stall-timeout", "600s", "--log-level", "error",
                    ])
                }
                defer { for node in nodes { node.signal(SIGKILL) } }
                // Every node has taken feeds and is waiting on their answers, which the gate holds.
                try await eventually(within: .seconds(60)) {
                    (0..<Self.feeds).count { server.requests("/outlet\($0).xml") > 0 } >= 60
                }
                let killed = nodes[0]
                killed.signal(SIGKILL)
                #expect(await killed.wait(upTo: .seconds(10)) != nil)
                let orphaned = try await Self.feedsLeased(byProcess: killed.pid, in: location)
                #expect(!orphaned.isEmpty, "the killed node held feeds, which the others must finish")
                gate.open()
                try await eventually(within: .seconds(180)) {
                    let feeds = try await PostgresStore.withStore(at: location) { try await $0.feeds() }
                    return feeds.allSatisfy { $0.lastSuccessAt != nil }
                }
                for node in nodes.dropFirst() { node.signal(SIGTERM) }
                for node in nodes.dropFirst() { #expect(await node.wait(upTo: .seconds(60)) == 0) }

                let requests = (0..<Self.feeds).map { server.requests("/outlet\($0).xml") }
                let urls = (0..<Self.feeds).map { "\(base)/outlet\($0).xml" }
                let ids = try await PostgresStore.withStore(at: location) { store in
                    try await store.feeds().reduce(into: [String: Int64]()) { $0[$1.url] = $1.id }
                }
                for (feed, count) in requests.enumerated() {
                    let leasedByTheKilledNode = ids[urls[feed]].map(orphaned.contains) ?? false
                    #expect(
                        count == 1 || (leasedByTheKilledNode && count == 2),
                        "feed \(feed) was fetched \(count) times (leased by the killed node: \(leasedByTheKilledNode))"
                    )
                }
                let fleet = try await PostgresStore.withStore(at: location) { store in
                    (try await store.totals(), try await store.clusters(ClusterQuery(limit: 10_000)))
                }
                #expect(fleet.0.articles == Self.feeds * Self.storiesPerFeed, "nothing lost")

                let sqlite = Repository.temporaryDatabase()
                defer { Repository.remove(sqlite) }
                let single = try seams(["sync", opml.path, "--db", sqlite, "--allow-private-feeds"])
                #expect(await single.wait(upTo: .seconds(120)) == 0)
                let alone = try await Store(path: sqlite).clusters(ClusterQuery(limit: 10_000))
                #expect(fleet.1.count == Self.stories, "each story is one cluster")
                #expect(partition(fleet.1) == partition(alone), "the fleet clusters as one SQLite run does")
            }
        }
    }

    /// The feeds a process held leases on, read the moment it died.
    static func feedsLeased(byProcess pid: pid_t, in location: PostgresLocation) async throws -> Set<Int64> {
        let connection = try await PostgresTestDatabase.connect(location)
        let rows = try await connection.simpleQuery(
            "SELECT id FROM feed WHERE leaseOwner LIKE '%:\(pid):%' AND leaseExpiresAt > now()"
        ).get()
        try await connection.close()
        return Set(try rows.map { try $0.makeRandomAccess()[0].decode(Int64.self) })
    }
}
