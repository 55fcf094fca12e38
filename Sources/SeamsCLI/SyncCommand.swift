import ArgumentParser
import Foundation
import Logging
import SeamsCore
import SeamsFetch
import SeamsStore
import SeamsSync
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `seams sync [SOURCE...]`: fetch feeds once and store what is new.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch feeds once, store new and changed articles, and cluster copies.",
        discussion: """
            A SOURCE is a feed URL, a feed file, or an OPML file; each feed named is subscribed. With no SOURCE, \
            every subscribed feed that is not disabled is synced, due or not. Prints each feed's outcome (a progress \
            bar on a terminal) and a summary. SIGINT or SIGTERM stops it cleanly: what was fetched is committed. \
            Exits 0 even when some feeds fail (their errors are recorded on them); 2 when every feed failed.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var settings: SyncOptions

    @Argument(help: "Feed URLs, feed files or OPML files (default: the subscribed feeds).")
    var sources: [String] = []

    @Flag(name: .shortAndLong, help: "Log each fetch to standard error.")
    var verbose = false

    func run() async throws {
        let resolved = try settings.resolve()
        try await self.store.withStore { store in
            // One SQLite writer at a time; PostgreSQL's nodes share their database.
            let lock = self.store.isPostgres ? nil : try StoreLock(databasePath: store.path)
            defer { withExtendedLifetime(lock) {} }
            AddressOptions.announce(resolved.fetch, command: "sync")
            let fetcher = FeedFetcher(configuration: resolved.fetch)
            var feeds: [Subscription] = []
            if sources.isEmpty {
                feeds = try await store.feeds().filter { $0.disabledAt == nil }
                guard !feeds.isEmpty else {
                    throw CommandFailure(
                        "no feeds to sync: name a feed URL, file or OPML file, or subscribe with `seams feeds add`"
                    )
                }
            } else {
                feeds = try await Subscriptions.add(sources, to: store, fetcher: fetcher)
                guard !feeds.isEmpty else { throw CommandFailure("the sources name no feeds") }
            }
            let logger = Logger(label: "seams") { _ in
                ConsoleLogHandler(level: verbose ? .info : resolved.logLevel > .warning ? resolved.logLevel : .warning)
            }
            let syncer = FeedSyncer(configuration: resolved.sync, fetcher: fetcher, store: store, logger: logger)
            let started = ContinuousClock.now
            let progress = SyncProgress(total: feeds.count, printsLines: true)
            let (stop, stopInput) = AsyncStream.makeStream(of: Void.self)
            let selected = feeds
            let outcomes = await withTaskGroup(of: [FeedSyncOutcome]?.self) { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                        Terminal.log(
                            "stopping: fetches in flight get \(resolved.sync.shutdownDeadline) to finish; what was fetched is committed"
                        )
                        stopInput.yield()
                    }
                    return nil
                }
                group.addTask { await syncer.sync(selected, stop: stop) { outcome, _, _ in progress.record(outcome) } }
                var result: [FeedSyncOutcome] = []
                while let next = await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return result
            }
            Terminal.clearProgress()
            let failed = outcomes.filter(\.isFailure).count
            var report = IngestReport()
            for case .changed(let ingest) in outcomes.map(\.result) {
                report.new += ingest.new
                report.updated += ingest.updated
            }
            let totals = try await store.totals()
            let seconds = (ContinuousClock.now - started).inSeconds
            let skipped = feeds.count - outcomes.count
            print(
                "synced \(outcomes.count) feeds in \(String(format: "%.1f", seconds)) s: \(report.new) new, \(report.updated) updated, "
                    + "\(failed) failed\(skipped > 0 ? ", \(skipped) not started (stopped)" : ""); the store holds "
                    + "\(totals.articles) articles in \(totals.clusters) clusters (\(store.path))"
            )
            let storageFailure = outcomes.lazy.compactMap { outcome -> String? in
                if case .failed(let code, let message) = outcome.result, code == StoreError.Code.full.failureCode {
                    return message
                }
                return nil
            }.first
            if let storageFailure {
                // Not the feeds' fault: say it once, and fail the command so that a script or timer notices.
                Terminal.error("seams: \(storageFailure)")
                throw ExitCode(2)
            }
            if !outcomes.isEmpty && failed == outcomes.count {
                throw ExitCode(2)
            }
        }
    }
}

/// Subscribing the feeds named on a command line.
enum Subscriptions {
    /// Subscribes every feed the sources name (URLs, files, OPML lists), once each, under ``SubscriptionService``'s
    /// rules; a feed the rules refuse is named on standard error and the others are subscribed.
    static func add(
        _ sources: [String],
        to store: any SubscriptionStore,
        fetcher: any FeedFetching
    ) async throws -> [Subscription] {
        let (feeds, refused) = try await SubscriptionService(store: store, fetcher: fetcher).subscribe(sources: sources)
        for refusal in refused { Terminal.error("not subscribed: \(refusal.message)") }
        return feeds
    }
}

/// The progress of a pass over feeds: a bar on a terminal; otherwise, when asked, one plain line per feed.
final class SyncProgress: Sendable {
    private struct Counts {
        var done = 0
        var new = 0
        var failed = 0
    }

    private let total: Int
    private let printsLines: Bool
    private let counts = Mutex(Counts())

    init(total: Int, printsLines: Bool) {
        self.total = total
        self.printsLines = printsLines
    }

    /// Counts a feed's outcome and redraws the bar; returns false once the pass is complete.
    @discardableResult
    func record(_ outcome: FeedSyncOutcome) -> Bool {
        let counts = self.counts.withLock { counts in
            counts.done += 1
            if case .changed(let report) = outcome.result { counts.new += report.new }
            if outcome.isFailure { counts.failed += 1 }
            return counts
        }
        if printsLines {
            Terminal.clearProgress()
            print("\(outcome.feed.title ?? outcome.feed.url): \(outcome.summary)")
        }
        guard counts.done <= total else { return false }
        Terminal.progress(Terminal.bar(counts.done, of: total, note: "\(counts.new) new  \(counts.failed) failed"))
        if counts.done == total { Terminal.clearProgress() }
        return counts.done < total
    }
}
