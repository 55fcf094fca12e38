import Foundation
package import Logging
package import SeamsFetch
package import SeamsStore
import ServiceLifecycle

/// Keeps every subscribed feed in sync until shut down: the `seams daemon` service.
///
/// A dispatcher asks the store for feeds whose next fetch time has come (feeds added by the CLI while the
/// daemon runs are due at once, so they are picked up within ``pollInterval``) and feeds them to one
/// ``SyncPipeline``, never more than a few times its width ahead. On graceful shutdown (SIGTERM, SIGINT through
/// a `ServiceGroup`) it stops dispatching, gives fetches in flight ``SyncConfiguration/shutdownDeadline`` to
/// finish, commits what was fetched and returns. Every ``summaryInterval`` it logs a summary line.
package struct SyncDaemon: Service {
    /// The settings in force.
    package let configuration: SyncConfiguration
    /// How often the store is asked for due feeds when none is due sooner — unless it tells of changes (PostgreSQL's
    /// `LISTEN/NOTIFY`), when it is asked at the next due time or change, and at least every ``notifiedPollInterval``.
    package var pollInterval: Duration = .seconds(1)
    /// How often a store that tells of changes is asked all the same.
    package var notifiedPollInterval: Duration = .seconds(30)
    /// How often a summary line is logged.
    package var summaryInterval = SyncDaemon.defaultSummaryInterval
    /// How often a summary line is logged unless set otherwise.
    package static let defaultSummaryInterval: Duration = .seconds(60)
    let fetcher: any FeedFetching
    let store: any FeedScheduleStore
    let logger: Logger
    let clock: any SyncClock
    let onOutcome: @Sendable (FeedSyncOutcome) async -> Void

    /// Creates the daemon; `clock` decides what is due and how long to wait (a manual clock in tests), and `onOutcome`
    /// sees each feed's outcome once it is stored (the CLI's progress bar).
    package init(
        configuration: SyncConfiguration = SyncConfiguration(),
        fetcher: any FeedFetching,
        store: any FeedScheduleStore,
        logger: Logger,
        clock: any SyncClock = SystemClock(),
        onOutcome: @escaping @Sendable (FeedSyncOutcome) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.fetcher = fetcher
        self.store = store
        self.logger = logger
        self.clock = clock
        self.onOutcome = onOutcome
    }

    /// Runs until a graceful shutdown, then drains the pipeline and returns.
    package func run() async throws {
        let pipeline = SyncPipeline(
            configuration: configuration,
            fetcher: fetcher,
            store: store,
            logger: logger,
            clock: clock
        )
        let (feeds, input) = AsyncStream.makeStream(of: Subscription.self)
        let (stop, stopInput) = AsyncStream.makeStream(of: Void.self)
        // A feed finished: the dispatcher, when it has handed out as many as it may, waits for one of these.
        let (finishes, finished) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let dispatch = DispatchState()
        let statistics = SyncStatistics()
        logger.info("daemon started", metadata: ["db": "\(store.path)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await pipeline.run(feeds, stop: stop) { outcome in
                    await dispatch.finished(
                        outcome,
                        retryAt: clock.now.addingTimeInterval(configuration.schedule.errorBackoff.inSeconds)
                    )
                    await statistics.record(outcome)
                    finished.yield()
                    await onOutcome(outcome)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { try await clock.sleep(for: summaryInterval) } catch { return }
                    await logSummary(statistics, pipeline)
                }
            }
            await cancelWhenGracefulShutdown { await dispatchLoop(input, dispatch, finishes) }
            logger.info("daemon stopping: no new fetches; committing what is fetched")
            input.finish()
            stopInput.yield()
            await group.next()  // the pipeline has drained
            group.cancelAll()
        }
        await logSummary(statistics, pipeline)
        logger.info("daemon stopped")
    }

    /// Hands due feeds to the pipeline until cancelled (the graceful shutdown). A database error is logged and
    /// retried after ``pollInterval``; it never stops the daemon.
    private func dispatchLoop(
        _ input: AsyncStream<Subscription>.Continuation,
        _ dispatch: DispatchState,
        _ finishes: AsyncStream<Void>
    ) async {
        var finishes = finishes.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                try await dispatchDueFeeds(input, dispatch, &finishes)
            } catch {
                if Task.isCancelled { return }
                logger.error("cannot read the schedule; retrying", metadata: ["error.message": "\(error)"])
                try? await clock.sleep(for: pollInterval)
            }
        }
    }

    private func dispatchDueFeeds(
        _ input: AsyncStream<Subscription>.Continuation,
        _ dispatch: DispatchState,
        _ finishes: inout AsyncStream<Void>.Iterator
    ) async throws {
        // Enough feeds handed over that the pipeline can set a slow host's aside and go on with other hosts' — but on a
        // shared schedule only what this node can start soon: a feed it holds is one no other node may fetch.
        let width = max(1, configuration.maximumConcurrentFeeds)
        let ahead = store.isShared ? width * 2 : width * 4 + configuration.maximumFeedsWaiting
        let schedule = configuration.schedule
        let stale = schedule.maximumInterval.inSeconds * (1 + schedule.jitter)
        let poll = store.notifiesScheduleChanges ? notifiedPollInterval : pollInterval
        while !Task.isCancelled {
            let now = clock.now
            let outstanding = await dispatch.outstanding
            let room = ahead - outstanding.count
            var due: [Subscription] = []
            if room > 0 {
                let held = await dispatch.held(at: now)
                due = try await store.leaseDueFeeds(
                    at: now,
                    limit: room,
                    maximumInterval: stale,
                    perHost: configuration.maximumFeedsPerHost,
                    excluding: outstanding.union(held)
                )
                for feed in due {
                    await dispatch.started(feed.id!)
                    input.yield(feed)
                }
            }
            let wait: Duration
            if room <= 0 {
                _ = await finishes.next()  // as many handed out as may be: wait until one is done
                continue
            } else if due.count == room {
                continue
            } else if let next = try await store.nextFetchTime(maximumInterval: stale) {
                let untilDue = max(0, min(next.timeIntervalSince(clock.now), 86_400))
                wait = min(poll, .milliseconds(Int(untilDue * 1000) + 5))
            } else {
                wait = poll
            }
            try await sleepOrHearAChange(wait)
        }
    }

    /// Sleeps for `wait`, or less when the store hears that another process changed the schedule.
    private func sleepOrHearAChange(_ wait: Duration) async throws {
        guard store.notifiesScheduleChanges else { return try await clock.sleep(for: wait) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(for: wait) }
            group.addTask { await store.nextScheduleChange() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func logSummary(_ statistics: SyncStatistics, _ pipeline: SyncPipeline) async {
        let window = await statistics.take()
        let depths = await pipeline.depths()
        logger.info(
            "summary",
            metadata: [
                "fetches": "\(window.fetches)", "not_modified": "\(window.notModified)", "failed": "\(window.failed)",
                "new": "\(window.new)", "updated": "\(window.updated)", "bytes": "\(window.bytes)",
                "queue.fetching": "\(depths.fetching)", "queue.parse": "\(depths.parsing)",
                "queue.store": "\(depths.storing)",
            ]
        )
    }
}

/// Which feeds the dispatcher has handed out and not yet seen stored, and which it holds back because their
/// update could not be stored (so a full disk does not turn into a fetch loop).
actor DispatchState {
    private(set) var outstanding: Set<Int64> = []
    private var holds: [Int64: Date] = [:]

    func started(_ id: Int64) { outstanding.insert(id) }

    /// Records that `outcome`'s feed is done; one whose update could not be stored is held until `retryAt`.
    func finished(_ outcome: FeedSyncOutcome, retryAt: Date) {
        guard let id = outcome.feed.id else { return }
        outstanding.remove(id)
        if outcome.nextFetchAt == nil, !outcome.disabled {
            holds[id] = retryAt
        }
    }

    func held(at now: Date) -> Set<Int64> {
        holds = holds.filter { $0.value > now }
        return Set(holds.keys)
    }
}

/// Counts of what the daemon did since the last summary.
actor SyncStatistics {
    struct Window {
        var fetches = 0
        var notModified = 0
        var failed = 0
        var new = 0
        var updated = 0
        var bytes = 0
    }

    private var window = Window()

    func record(_ outcome: FeedSyncOutcome) {
        window.fetches += 1
        window.bytes += outcome.bytes
        if outcome.status == 304 { window.notModified += 1 }
        switch outcome.result {
        case .changed(let report):
            window.new += report.new
            window.updated += report.updated
        case .unchanged: break
        case .failed: window.failed += 1
        }
    }

    func take() -> Window {
        defer { window = Window() }
        return window
    }
}
