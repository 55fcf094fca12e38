import ArgumentParser
import Foundation
import Logging
import SeamsFetch
import SeamsStore
import SeamsSync

/// `seams sync [SOURCE...]`: fetch feeds once and store what is new.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch feeds once, store new and changed articles, and cluster copies.",
        discussion: """
            A SOURCE is a feed URL, a feed file, or an OPML file; each feed named is subscribed. With no SOURCE, \
            every subscribed feed is synced. Prints each feed's outcome and a summary. Exits 0 even when some feeds \
            fail (their errors are recorded on them); non-zero only when nothing could be synced.
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: "Feed URLs, feed files or OPML files (default: the subscribed feeds).")
    var sources: [String] = []

    @Option(help: "Feeds fetched at once.")
    var concurrency = 16

    @Option(help: "Seconds allowed for each fetch.")
    var timeout = 30

    @Flag(name: .shortAndLong, help: "Log each fetch to standard error.")
    var verbose = false

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let store = try self.store.open()
        var feeds: [FeedRecord] = []
        if sources.isEmpty {
            feeds = try await store.feeds()
            guard !feeds.isEmpty else {
                throw CommandFailure("no feeds to sync: name a feed URL, file or OPML file, or subscribe with `seams feeds add`")
            }
        } else {
            var seen = Set<String>()
            for source in sources {
                for feed in try SubscriptionSource.feeds(in: source) where seen.insert(feed.url).inserted {
                    feeds.append(try await store.addFeed(url: feed.url, title: feed.title))
                }
            }
            guard !feeds.isEmpty else { throw CommandFailure("the sources name no feeds") }
        }
        var fetch = FetchConfiguration()
        fetch.timeout = .seconds(timeout)
        var configuration = SyncConfiguration()
        configuration.maximumConcurrentFeeds = concurrency
        var logger = Logger(label: "seams")
        logger.logLevel = verbose ? .info : .critical
        let syncer = FeedSyncer(configuration: configuration, fetcher: FeedFetcher(configuration: fetch), store: store, logger: logger)
        let started = ContinuousClock.now
        let outcomes = await syncer.sync(feeds) { outcome, finished, total in
            Terminal.clearProgress()
            print("\(outcome.feed.title ?? outcome.feed.url): \(outcome.summary)")
            Terminal.progress("[\(finished)/\(total)] syncing…")
        }
        Terminal.clearProgress()
        let elapsed = ContinuousClock.now - started
        let failed = outcomes.filter(\.isFailure).count
        var report = IngestReport()
        for case .changed(let ingest) in outcomes.map(\.result) {
            report.new += ingest.new
            report.updated += ingest.updated
        }
        let totals = try await store.totals()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "synced \(outcomes.count) feeds in \(String(format: "%.1f", seconds)) s: \(report.new) new, \(report.updated) updated, "
                + "\(failed) failed; the store holds \(totals.articles) articles in \(totals.clusters) clusters (\(store.path))")
        if failed == outcomes.count {
            throw ExitCode(2)
        }
    }
}
