import Foundation
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Testing

/// The HTTP API and pages under a bounded load on loopback while the daemon syncs into the same database: every
/// request answers 200, no `SQLITE_BUSY` or lock error reaches a client or the log, and the latencies are reported
/// (BENCHMARKS.md and RELIABILITY.md quote a release build; this test only prints them).
@Suite(.serialized) struct APILoadTests {
    static let requests = 1_200
    static let clients = 8

    /// A port that was free a moment ago.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(descriptor, $0, length) == 0, getsockname(descriptor, $0, &length) == 0 else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(.timeLimit(.minutes(15))) func theAPIAnswersEveryRequestWhileTheDaemonSyncs() async throws {
        let executable = try #require(
            DaemonProcessTests.executable,
            "build the seams executable first (swift build --build-tests)"
        )
        var documents: [String: ServedDocument] = [:]
        for index in 0..<150 {
            documents["/feed\(index).xml"] = ServedDocument(
                Array(
                    SampleFeeds.rss("feed\(index)", items: 12, newest: Date(timeIntervalSince1970: 1_790_000_000)).utf8
                ),
                delay: .milliseconds(50)
            )
        }
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        try await FeedServer.run(documents) { _, base in
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml")
                .path
            defer { try? FileManager.default.removeItem(atPath: opml) }
            let outlines = (0..<150).map { "<outline type=\"rss\" xmlUrl=\"\(base)/feed\($0).xml\"/>" }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(
                toFile: opml,
                atomically: true,
                encoding: .utf8
            )
            let port = try Self.freePort()
            let daemon = try ChildProcess(
                executable,
                [
                    "daemon", opml, "--db", db, "--http", "127.0.0.1:\(port)", "--concurrency", "4", "--log-level",
                    "warning",
                ]
            )
            defer { Task { await daemon.stop() } }
            let site = "http://127.0.0.1:\(port)"
            var configuration = FetchConfiguration.loopback
            configuration.maximumConnectionsPerHost = Self.clients
            configuration.maximumConcurrentTransfers = Self.clients
            let client = FeedFetcher(configuration: configuration)
            try await eventually {
                guard let health = try? await client.fetch(FetchRequest(url: site + "/healthz")) else { return false }
                let stored = try await Store(path: db).totals().articles
                return health.status == 200 && stored > 0
            }
            let syncingAtStart = try await Store(path: db).totals().articles
            let paths = [
                "/api/clusters?limit=50", "/api/clusters?order=biggest", "/feed.atom", "/feed.json?limit=20", "/",
                "/feeds",
                "/api/feeds", "/metrics", "/api/clusters/1", "/api/articles/1", "/?order=biggest",
            ]
            let results = await withTaskGroup(of: [(Duration, String?)].self) { group in
                for worker in 0..<Self.clients {
                    group.addTask {
                        var results: [(Duration, String?)] = []
                        for index in 0..<(Self.requests / Self.clients) {
                            let path = paths[(index + worker) % paths.count]
                            let started = ContinuousClock.now
                            do {
                                let response = try await client.fetch(FetchRequest(url: site + path))
                                let text = String(decoding: response.body, as: UTF8.self)
                                let busy = text.contains("SQLITE_BUSY") || text.contains("database is locked")
                                results.append(
                                    (ContinuousClock.now - started, busy ? "\(path): \(text.prefix(200))" : nil)
                                )
                            } catch {
                                results.append((ContinuousClock.now - started, "\(path): \(error)"))
                            }
                        }
                        return results
                    }
                }
                var all: [(Duration, String?)] = []
                for await part in group { all += part }
                return all
            }
            let syncingAtEnd = try await Store(path: db).totals().articles
            let failures = results.compactMap(\.1)
            #expect(results.count == Self.requests)
            #expect(failures.isEmpty, "\(failures.count) failed, such as \(failures.prefix(3))")
            #expect(syncingAtEnd > syncingAtStart, "the daemon was storing articles during the load")
            let latencies = results.map(\.0).sorted()
            func percentile(_ p: Double) -> String {
                let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
                return String(
                    format: "%.1f ms",
                    Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000
                )
            }
            print(
                "APILoadTests: \(Self.requests) requests by \(Self.clients) clients while the daemon stored \(syncingAtStart)→\(syncingAtEnd) articles: p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1))"
            )
            daemon.signal(SIGTERM)
            let stopping = ContinuousClock.now
            let status = await daemon.wait(upTo: .seconds(120))
            #expect(
                status == 0,
                "stopped after \(ContinuousClock.now - stopping); stderr: \(daemon.errorOutput.suffix(3000))"
            )
            let log = daemon.errorOutput.lowercased()
            #expect(
                !log.contains("busy") && !log.contains("locked") && !log.contains("could not store"),
                "\(daemon.errorOutput.suffix(2000))"
            )
        }
    }
}
