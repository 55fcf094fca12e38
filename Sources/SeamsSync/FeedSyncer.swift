import Foundation
package import Logging
package import SeamsFetch
package import SeamsStore
import Synchronization

/// Syncs a list of feeds once, through the ``SyncPipeline``: what `seams sync` does, and what the daemon does
/// on each pass.
///
/// Each feed is handled independently: a feed that cannot be fetched, parsed or stored has its error recorded
/// on it and never stops or spoils the others. Fetches are conditional (ETag, Last-Modified), a body identical
/// to the last one parsed is not parsed again, and every feed's next fetch time is updated.
///
/// For example:
///
/// ```swift
/// let syncer = FeedSyncer(fetcher: FeedFetcher(), store: store, logger: logger)
/// let outcomes = await syncer.sync(try await store.feeds()) { outcome, done, total in print(outcome.summary) }
/// ```
package struct FeedSyncer: Sendable {
    /// The settings in force.
    package let configuration: SyncConfiguration
    let fetcher: any FeedFetching
    let store: any FeedScheduleStore
    let logger: Logger
    let clock: any SyncClock

    /// Creates a syncer; `clock` dates the fetches and times the shutdown deadline.
    package init(
        configuration: SyncConfiguration = SyncConfiguration(),
        fetcher: any FeedFetching,
        store: any FeedScheduleStore,
        logger: Logger,
        clock: any SyncClock = SystemClock()
    ) {
        self.configuration = configuration
        self.fetcher = fetcher
        self.store = store
        self.logger = logger
        self.clock = clock
    }

    /// Syncs the feeds and returns each one's outcome in completion order; `progress` is called as each feed is
    /// stored, with the number finished so far and the total.
    ///
    /// When `stop` yields (a shutdown signal), feeds not yet started are skipped and fetches in flight get
    /// ``SyncConfiguration/shutdownDeadline`` to finish; what was fetched is committed before this returns.
    package func sync(
        _ feeds: [Subscription],
        stop: AsyncStream<Void>? = nil,
        progress: @escaping @Sendable (FeedSyncOutcome, _ finished: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [FeedSyncOutcome] {
        let pipeline = SyncPipeline(
            configuration: configuration,
            fetcher: fetcher,
            store: store,
            logger: logger,
            clock: clock,
            sightedAt: clock.now  // one run: its copies are seen together
        )
        let outcomes = Mutex<[FeedSyncOutcome]>([])
        let total = feeds.count
        let stopped = StopFlag()
        await withTaskGroup(of: Void.self) { group in
            let (pipelineStop, relay) = AsyncStream.makeStream(of: Void.self)
            if let stop {
                group.addTask {
                    for await _ in stop {
                        stopped.set()
                        relay.yield()
                        break
                    }
                }
            }
            await pipeline.run(PassFeeds(feeds: feeds, stopped: stopped), stop: pipelineStop) { outcome in
                let finished = outcomes.withLock { list in
                    list.append(outcome)
                    return list.count
                }
                progress(outcome, finished, total)
            }
            relay.finish()
            group.cancelAll()
        }
        return outcomes.withLock { $0 }
    }

    /// Syncs one feed.
    package func sync(_ feed: Subscription) async -> FeedSyncOutcome {
        await sync([feed]).first ?? FeedSyncOutcome(feed: feed, result: .unchanged, entries: 0, warnings: [])
    }
}

/// A flag set once, from any task, when a shutdown begins.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .relaxed) }

    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// The feeds of one pass, handed out one at a time as the pipeline asks, and no more once stopped.
struct PassFeeds: AsyncSequence, Sendable {
    typealias Element = Subscription
    typealias Failure = Never

    let feeds: [Subscription]
    let stopped: StopFlag

    struct AsyncIterator: AsyncIteratorProtocol {
        typealias Element = Subscription
        typealias Failure = Never

        var remaining: ArraySlice<Subscription>
        let stopped: StopFlag

        mutating func next() async -> Subscription? {
            guard !stopped.isSet else { return nil }
            return remaining.popFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: feeds[...], stopped: stopped) }
}
