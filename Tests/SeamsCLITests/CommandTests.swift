import ArgumentParser
import Foundation
import SeamsCore
import SeamsFingerprint
import SeamsParse
import SeamsStore
import SeamsSync
import SeamsTestSupport
import Testing

@testable import SeamsCLI

struct CommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let opml = root.appendingPathComponent("Feeds/demo.opml").path

    func run(_ arguments: [String]) async throws {
        var command = try SeamsCommand.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    func withDatabase(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seams-cli-\(UUID().uuidString).sqlite"
        ).path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await body(path)
    }

    @Test func aFeedNamedOnTheCommandLineIsHeldToPublicAddressesUnlessTheOperatorAllowsPrivateOnes() async throws {
        try await FeedServer.run(["/feed.xml": ServedDocument(text: SampleFeeds.rss("Intranet", items: 3))]) {
            _,
            base in
            try await withDatabase { db in
                await #expect(throws: ExitCode.self, "a feed failed") {
                    try await run(["sync", base + "/feed.xml", "--db", db])
                }
                let store = try Store(path: db)
                #expect(try await store.feeds().first?.lastErrorCode?.rawValue == "fetch.forbidden_address")
                #expect(try await store.totals().articles == 0)
                try await run(["sync", base + "/feed.xml", "--db", db, "--allow-private-feeds"])
                #expect(try await store.totals().articles == 3)
            }
            try await withDatabase { db in
                try await run(["feeds", "add", base + "/feed.xml", "--allow-private", "--db", db])
                try await run(["sync", "--db", db])
                #expect(try await Store(path: db).totals().articles == 3, "allowed for this one feed")
            }
        }
    }

    @Test func syncThenInspectAndExport() async throws {
        try await withDatabase { db in
            try await run(["sync", opml, "--db", db])
            try await run(["sync", opml, "--db", db])
            let store = try Store(path: db)
            #expect(try await store.totals() == Store.Totals(feeds: 7, articles: 90, clusters: 83))

            let exported = FileManager.default.temporaryDirectory.appendingPathComponent(
                "seams-\(UUID().uuidString).xml"
            )
            defer { try? FileManager.default.removeItem(at: exported) }
            let stitched = try await store.census().compositeClusters
            #expect(stitched >= 1, "the seed's page is stitched")
            for format in ["atom", "rss", "json"] {
                try await run(["export", "--db", db, "--format", format, "--limit", "500", "--output", exported.path])
                let feed = try FeedParser().parse(Array(try Data(contentsOf: exported)))
                #expect(feed.entries.count == 83 - stitched, "\(format): one entry per cluster but the stitched pages'")
                try await run([
                    "export", "--db", db, "--format", format, "--limit", "500", "--composites", "include", "--output",
                    exported.path,
                ])
                #expect(try FeedParser().parse(Array(try Data(contentsOf: exported))).entries.count == 83)
            }
            try await run(["export", "--db", db, "--since", "2023-03-08", "--output", exported.path])
            let recent = try FeedParser().parse(Array(try Data(contentsOf: exported)))
            #expect(recent.entries.count < 83 && !recent.entries.isEmpty)
            #expect(
                recent.entries.allSatisfy {
                    ($0.published?.date ?? .distantPast) >= FeedDateParser.parse("2023-03-08")!.date
                }
            )

            try await run(["feeds", "export", "--db", db, "--output", exported.path])
            let subscriptions = try OPMLDocument.parse(Array(try Data(contentsOf: exported)), url: nil)
            #expect(subscriptions.outlines.count == 7)

            let first = try #require(try await store.clusters().first)
            try await run(["clusters", "show", "\(first.id)", "--db", db])
            try await run(["clusters", "--json", "--db", db])

            // The stitched page of the seed, in the aggregator's feed, is linked to its four stories.
            let composites = try await store.composites()
            let seed = try #require(composites.first { $0.article.feedURL.hasSuffix("tong-hop.json") })
            #expect(seed.sources.count == 4)
            #expect(seed.sources.map(\.spans.count).sorted() == [1, 1, 1, 2])
            try await run(["article", "\(seed.article.article.id!)", "--json", "--db", db])
            try await run(["compare", "\(seed.article.article.id!)", "\(seed.sources[0].articleId)", "--db", db])

            try await run(["rebuild", "--db", db])
            #expect(try await store.totals() == Store.Totals(feeds: 7, articles: 90, clusters: 83))
            #expect(
                try await store.composites().contains {
                    $0.article.feedURL.hasSuffix("tong-hop.json") && $0.sources.count == 4
                }
            )
        }
    }

    @Test func feedsAddRemoveAndImport() async throws {
        try await withDatabase { db in
            try await run(["feeds", "import", opml, "--db", db])
            try await run(["feeds", "add", "https://example.org/feed.xml", "--db", db, "--title", "Example"])
            let store = try Store(path: db)
            #expect(try await store.feeds().count == 8)
            try await run(["feeds", "remove", "https://example.org/feed.xml", "--db", db])
            #expect(try await store.feeds().count == 7)
            await #expect(throws: StoreError.self) { try await run(["feeds", "remove", "999", "--db", db]) }
            await #expect(throws: SubscriptionError.self) { try await run(["feeds", "add", "gopher://x", "--db", db]) }
        }
    }

    @Test func badInputIsAOneLineErrorAndAFailingExit() async throws {
        for arguments in [
            ["sync", "--bogus"], ["export", "--format", "pdf"], ["clusters", "--limit", "0"],
            ["export", "--since", "someday"],
        ] {
            let error = #expect(throws: (any Error).self) { _ = try SeamsCommand.parseAsRoot(arguments) }
            let message = SeamsCommand.message(for: try #require(error))
            #expect(!message.isEmpty)
            #expect(SeamsCommand.exitCode(for: error!) != .success, "\(arguments)")
        }
        try await withDatabase { db in
            let missing = await #expect(throws: (any Error).self) {
                try await run(["sync", "/no/such/feed.xml", "--db", db])
            }
            #expect("\(missing!)".contains("no such file"))
            let empty = await #expect(throws: CommandFailure.self) { try await run(["sync", "--db", db]) }
            #expect(empty?.description.contains("no feeds to sync") == true)
        }
        let unopenable = await #expect(throws: StoreError.self) {
            try await run(["clusters", "--db", "/no/such/dir/x.sqlite"])
        }
        #expect(unopenable?.code == .cannotOpen)
    }

    @Test func deduplicatorSettingsComeFromAJSONFileWithDefaultsForTheRest() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seams-dedup-\(UUID().uuidString).json"
        )
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"shingleSize": 4, "nearDuplicateThreshold": 0.6}"#.utf8).write(to: file)
        let settings = try StoreOptions.parse(["--dedup-config", file.path]).deduplication()
        #expect(settings.shingleSize == 4 && settings.nearDuplicateThreshold == 0.6 && settings.bands == 32)
        try Data(#"{"bands": 3}"#.utf8).write(to: file)
        #expect(throws: CommandFailure.self) { try StoreOptions.parse(["--dedup-config", file.path]).deduplication() }
    }

    @Test func theDatabaseDefaultsToSEAMS_DB() throws {
        let options = try StoreOptions.parse(["--db", "/tmp/explicit.sqlite"])
        #expect(options.path == "/tmp/explicit.sqlite")
    }
}
