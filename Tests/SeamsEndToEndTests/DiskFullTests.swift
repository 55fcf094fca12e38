import Foundation
import Logging
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Testing

@testable import SeamsSync

/// A disk that fills up mid-sync: the sync fails with a clear `store.full` on the feeds it could not store, nothing
/// committed before is lost, the file stays sound, and syncing resumes once there is room.
///
/// The disk is a 512 KB tmpfs when the test may mount one (root on Linux), grown afterwards with a remount; otherwise
/// the same condition comes from the database's own size limit (`--max-db-size`, SQLite's `max_page_count`).
@Suite(.serialized) struct DiskFullTests {
    let logger = Logger(label: "test")

    /// A small tmpfs, or nil when mounting is not allowed here.
    final class SmallDisk {
        let path: String

        init?(kilobytes: Int) {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("seams-disk-\(UUID().uuidString)").path
            guard getuid() == 0,
                (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil,
                Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
            else {
                try? FileManager.default.removeItem(atPath: path)
                return nil
            }
        }

        func grow(kilobytes: Int) -> Bool { Self.mount(["-o", "remount,size=\(kilobytes)k", path]) }

        deinit {
            _ = Self.run("/bin/umount", [path])
            try? FileManager.default.removeItem(atPath: path)
        }

        static func mount(_ arguments: [String]) -> Bool { run("/bin/mount", arguments) }

        static func run(_ tool: String, _ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    enum Space: String, CaseIterable, Sendable {
        case tmpfs, sizeLimit
    }

    @Test func theDaemonResumesByItselfWhenTheDiskHasRoomAgain() async throws {
        guard let disk = SmallDisk(kilobytes: 1024) else {
            print("DiskFullTests: cannot mount a tmpfs here (not root); the daemon's resume on a grown disk is not run")
            return
        }
        let executable = try #require(
            DaemonProcessTests.executable,
            "build the seams executable first (swift build --build-tests)"
        )
        // More than the disk holds, with room to spare: the store's size per article shrinks as the index does.
        let items = 8 * 200
        var documents: [String: ServedDocument] = [:]
        for index in 0..<8 {
            documents["/big\(index).xml"] = ServedDocument(text: SampleFeeds.rss("big\(index)", items: items / 8))
        }
        try await FeedServer.run(documents) { _, base in
            let opml = FileManager.default.temporaryDirectory.appendingPathComponent("seams-\(UUID().uuidString).opml")
                .path
            defer { try? FileManager.default.removeItem(atPath: opml) }
            let outlines = (0..<8).map { "<outline type=\"rss\" xmlUrl=\"\(base)/big\($0).xml\"/>" }
            try "<opml version=\"2.0\"><body>\(outlines.joined())</body></opml>".write(
                toFile: opml,
                atomically: true,
                encoding: .utf8
            )
            let db = disk.path + "/seams.sqlite"
            let daemon = try ChildProcess(
                executable,
                [
                    "daemon", opml, "--db", db, "--min-interval", "1s", "--max-interval", "1m", "--http", "off",
                    "--log-level", "warning",
                ]
            )
            defer { Task { await daemon.stop() } }
            try await eventually { daemon.errorOutput.contains("store.full") }
            let store = try Store(path: db)
            let committed = Set(try await store.articleIdentifiers())
            #expect(committed.count < items, "the disk filled before every feed was stored")
            #expect(try await store.integrityCheck() == "ok")
            #expect(disk.grow(kilobytes: 64 * 1024))
            // No restart: the daemon retries the held feeds after its error backoff and stores them.
            try await eventually { try await store.totals().articles == items }
            #expect(committed.isSubset(of: Set(try await store.articleIdentifiers())))
            daemon.signal(SIGTERM)
            #expect(await daemon.wait(upTo: .seconds(120)) == 0, "stderr: \(daemon.errorOutput.suffix(1000))")
            #expect(try await store.integrityCheck() == "ok")
        }
    }

    @Test(arguments: Space.allCases)
    func aFullDiskFailsTheSyncClearlyLosesNothingAndResumes(_ space: Space) async throws {
        let disk = space == .tmpfs ? SmallDisk(kilobytes: 1024) : nil
        if space == .tmpfs && disk == nil {
            print("DiskFullTests: cannot mount a tmpfs here (not root); the size-limit case covers a full database")
            return
        }
        var documents: [String: ServedDocument] = [
            "/first.xml": ServedDocument(text: SampleFeeds.rss("first", items: 5))
        ]
        for index in 0..<8 {
            documents["/big\(index).xml"] = ServedDocument(text: SampleFeeds.rss("big\(index)", items: 60))
        }
        let db = disk.map { $0.path + "/seams.sqlite" } ?? Repository.temporaryDatabase()
        defer { if disk == nil { Repository.remove(db) } }
        try await FeedServer.run(documents) { _, base in
            let small = try Store(path: db, maximumSize: disk == nil ? 512 * 1024 : nil)
            let fetcher = FeedFetcher(configuration: .loopback)
            let first = try await small.addFeed(url: base + "/first.xml")
            _ = await FeedSyncer(configuration: SyncConfiguration(), fetcher: fetcher, store: small, logger: logger)
                .sync([first])
            let committed = Set(try await small.articleIdentifiers())
            #expect(committed.count == 5)

            var big: [Subscription] = []
            for index in 0..<8 { big.append(try await small.addFeed(url: base + "/big\(index).xml")) }
            var config = SyncConfiguration()
            config.storeBatchSize = 1  // each feed commits alone, so the disk fills part-way through
            let outcomes = await FeedSyncer(configuration: config, fetcher: fetcher, store: small, logger: logger).sync(
                big
            )
            let full = outcomes.compactMap { outcome -> String? in
                if case .failed(let code, let message) = outcome.result, code == StoreError.Code.full.failureCode {
                    return message
                }
                return nil
            }
            #expect(!full.isEmpty, "the disk filled up (\(disk == nil ? "size limit" : "tmpfs"))")
            #expect(
                full.allSatisfy { $0.contains("is full") && $0.contains("nothing stored was lost") },
                "\(full.first ?? "")"
            )
            #expect(
                outcomes.allSatisfy {
                    if case .failed(let code, _) = $0.result { code == StoreError.Code.full.failureCode } else { true }
                }
            )
            let afterFull = Set(try await small.articleIdentifiers())
            #expect(committed.isSubset(of: afterFull), "articles committed before the disk filled are still there")
            #expect(try await small.integrityCheck() == "ok")
            // Feeds that could not be stored are still due (the daemon holds them for its error backoff).
            let due = try await small.dueFeeds(at: Date(), limit: 100)
            #expect(due.count >= full.count)

            // Room returns: a bigger disk, or the limit lifted. The next sync stores everything.
            let roomy: Store
            if let disk {
                #expect(disk.grow(kilobytes: 64 * 1024))
                roomy = small
            } else {
                roomy = try Store(path: db)
            }
            let resumed = await FeedSyncer(
                configuration: SyncConfiguration(),
                fetcher: fetcher,
                store: roomy,
                logger: logger
            )
            .sync(try await roomy.feeds())
            #expect(!resumed.contains { $0.isFailure })
            #expect(try await roomy.totals().articles == 5 + 8 * 60)
            #expect(committed.isSubset(of: Set(try await roomy.articleIdentifiers())))
            #expect(try await roomy.integrityCheck() == "ok")
        }
    }
}
