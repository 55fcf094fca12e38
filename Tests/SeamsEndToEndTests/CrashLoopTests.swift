import Foundation
import SeamsStore
import SeamsTestSupport
import Testing

/// `kill -9` at random moments of a large sync, twenty times in a row: after every kill the database passes
/// `PRAGMA integrity_check` and still holds every article committed before it, and the sync still completes with
/// each entry stored exactly once.
@Suite(.serialized) struct CrashLoopTests {
    static let feeds = 100
    static let entries = 12

    /// A small deterministic generator, so a failing run can be repeated from the seed it prints.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(.timeLimit(.minutes(20))) func twentyKillsLoseNothingCommitted() async throws {
        let executable = try #require(
            DaemonProcessTests.executable,
            "build the seams executable first (swift build --build-tests)"
        )
        var documents: [String: ServedDocument] = [:]
        for index in 0..<Self.feeds {
            documents["/feed\(index).xml"] = ServedDocument(
                Array(
                    SampleFeeds.rss(
                        "feed\(index)",
                        items: Self.entries,
                        newest: Date(timeIntervalSince1970: 1_790_000_000)
                    ).utf8
                )
            )
        }
        let db = Repository.temporaryDatabase()
        defer { Repository.remove(db) }
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix(state: seed)
        print("CrashLoopTests seed \(seed)")
        try await FeedServer.run(documents) { _, base in
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml")
                .path
            defer { try? FileManager.default.removeItem(atPath: opml) }
            let outlines = (0..<Self.feeds).map { "<outline type=\"rss\" xmlUrl=\"\(base)/feed\($0).xml\"/>" }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(
                toFile: opml,
                atomically: true,
                encoding: .utf8
            )
            var counts: [Int] = []
            for round in 1...20 {
                let daemon = try ChildProcess(
                    executable,
                    ["daemon", "--db", db, "--log-level", "error", "--http", "off"] + (round == 1 ? [opml] : [])
                )
                // Once this run has committed something (so the kill lands in a running sync, not a starting process),
                // a random moment later: between commits or in the middle of one.
                let previous = counts.last ?? 0
                if previous < Self.feeds * Self.entries {
                    let store = try Store(path: db)
                    try await eventually { try await store.totals().articles > previous }
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &random)))
                let before = try await Self.articleIds(db)
                daemon.signal(SIGKILL)
                #expect(await daemon.wait(upTo: .seconds(60)) == 128 + SIGKILL, "round \(round): \(daemon.errorOutput)")
                let store = try Store(path: db)
                #expect(try await store.integrityCheck() == "ok", "round \(round)")
                let after = try await Self.articleIds(db)
                #expect(
                    before.isSubset(of: after),
                    "round \(round): \(before.subtracting(after).count) committed articles lost"
                )
                counts.append(after.count)
            }
            print("CrashLoopTests articles after each kill: \(counts)")
            #expect(counts.contains { $0 < Self.feeds * Self.entries }, "the kills landed during the sync")
            // A last start finishes the sync: every entry once, none lost, none twice.
            let final = try ChildProcess(executable, ["daemon", "--db", db, "--log-level", "error", "--http", "off"])
            let store = try Store(path: db)
            try await eventually { try await store.totals().articles >= Self.feeds * Self.entries }
            final.signal(SIGTERM)
            #expect(await final.wait(upTo: .seconds(120)) == 0, "stderr: \(final.errorOutput)")
            #expect(try await store.totals().articles == Self.feeds * Self.entries)
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    static func articleIds(_ db: String) async throws -> Set<Int64> {
        Set(try await Store(path: db).articleIdentifiers())
    }
}
