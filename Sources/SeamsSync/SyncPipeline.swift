package import Foundation
package import Logging
import SeamsCore
import SeamsExtract
package import SeamsFetch
import SeamsParse
package import SeamsStore
import Synchronization

/// The three stages a fetched feed goes through, connected by bounded queues:
///
/// 1. **fetch** — up to ``SyncConfiguration/maximumConcurrentFeeds`` transfers through the one
///    ``FeedFetcher``; a finished body waits in the parse queue (bounded in bytes);
/// 2. **parse** — ``SyncConfiguration/parsers`` tasks parse, extract text and decide the next fetch time; the
///    result waits in the store queue (bounded in feeds);
/// 3. **store** — one task writes whatever is waiting, up to ``SyncConfiguration/storeBatchSize`` feeds, in
///    one transaction.
///
/// When a later stage is slow (a huge feed, a slow disk), the queue before it fills and the stage before waits:
/// memory stays bounded and nothing is dropped. A broken feed is recorded on that feed only.
package final class SyncPipeline: Sendable {
    /// The settings in force.
    package let configuration: SyncConfiguration
    let fetcher: any FeedFetching
    let store: any FeedScheduleStore
    let logger: Logger
    let scheduler: FeedScheduler
    private let clock: any SyncClock
    let random: @Sendable () -> Double
    private let parseQueue: BoundedQueue<FetchedFeed>
    private let storeQueue: BoundedQueue<PreparedUpdate>
    private let fetching = Atomic<Int>(0)
    let parser = FeedParser()
    let extractor = TextExtractor()
    private let metrics: SyncMetrics
    /// When every article this pipeline stores counts as first seen — the start of a `seams sync` run, so that its
    /// copies are seen together — or nil for each fetch's own start (the daemon).
    let sightedAt: Date?

    /// Creates a pipeline; `clock` (fetch times, the shutdown deadline) and `random` (the jitter) are replaceable in
    /// tests.
    package init(
        configuration: SyncConfiguration = SyncConfiguration(),
        fetcher: any FeedFetching,
        store: any FeedScheduleStore,
        logger: Logger,
        clock: any SyncClock = SystemClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sightedAt: Date? = nil
    ) {
        self.sightedAt = sightedAt
        self.configuration = configuration
        self.fetcher = fetcher
        self.store = store
        self.logger = logger
        self.scheduler = FeedScheduler(policy: configuration.schedule)
        self.clock = clock
        self.random = random
        self.parseQueue = BoundedQueue(capacity: configuration.parseQueueBytes)
        self.storeQueue = BoundedQueue(capacity: configuration.storeQueueLength)
        self.metrics = SyncMetrics(factory: configuration.metricsFactory)
    }

    /// How much work is waiting in each stage, for the daemon's summaries and metrics.
    package struct Depths: Sendable {
        /// Transfers in flight.
        package var fetching: Int
        /// Fetched feeds waiting to be parsed.
        package var parsing: Int
        /// Parsed feeds waiting to be stored.
        package var storing: Int
    }

    /// How much work is waiting in each stage now.
    package func depths() async -> Depths {
        Depths(
            fetching: fetching.load(ordering: .relaxed),
            parsing: await parseQueue.depth,
            storing: await storeQueue.depth
        )
    }

    /// Runs every feed `feeds` yields through the stages and returns once all are stored.
    ///
    /// `onOutcome` is called from the store stage, one feed at a time, after the feed's transaction commits.
    /// When `stop` yields, the pipeline expects `feeds` to end soon; fetches still running
    /// ``SyncConfiguration/shutdownDeadline`` later are abandoned (their feeds stay due), and whatever was
    /// fetched by then is parsed and committed before this returns.
    package func run(
        _ feeds: some AsyncSequence<Subscription, Never> & Sendable,
        stop: AsyncStream<Void>? = nil,
        onOutcome: @escaping @Sendable (FeedSyncOutcome) async -> Void = { _ in }
    ) async {
        await withTaskGroup(of: Void.self) { stages in
            stages.addTask {
                await self.fetchStage(feeds, stop: stop)
                await self.parseQueue.finish()
            }
            stages.addTask {
                await withTaskGroup(of: Void.self) { parsers in
                    for _ in 0..<max(1, self.configuration.parsers) {
                        parsers.addTask {
                            while let fetched = await self.parseQueue.take() {
                                await self.storeQueue.put(self.prepare(fetched))
                            }
                        }
                    }
                }
                await self.storeQueue.finish()
            }
            stages.addTask { await self.storeStage(onOutcome) }
        }
    }

    // MARK: Stage 1: fetch

    /// What the fetch stage reacts to: a feed handed in, the input's end, a fetch done, a shutdown, its deadline.
    private enum FetchEvent: Sendable {
        case arrived(Subscription)
        case inputEnded
        case fetched(host: String)
        case stopping, deadline

        var isDeadline: Bool { if case .deadline = self { true } else { false } }
    }

    /// Starts fetches as places free up, at most ``SyncConfiguration/maximumConcurrentFeeds`` at once and
    /// ``SyncConfiguration/maximumFeedsPerHost`` per host. Feeds are read ahead of the fetches (up to
    /// ``SyncConfiguration/maximumFeedsWaiting``) so that a host at its limit waits aside while other hosts' feeds go
    /// on; a reader task hands them in, so a quiet input never keeps a waiting feed from starting.
    private func fetchStage(_ feeds: some AsyncSequence<Subscription, Never> & Sendable, stop: AsyncStream<Void>?) async
    {
        let width = max(1, configuration.maximumConcurrentFeeds)
        let deadline = configuration.shutdownDeadline
        var turns = HostQueue<Subscription>(perHost: configuration.maximumFeedsPerHost)
        let (events, sink) = AsyncStream.makeStream(of: FetchEvent.self)
        let (credits, grant) = AsyncStream.makeStream(of: Void.self)
        // A discarding group: results arrive as events, and a plain task group would keep every finished fetch task
        // until the group ends — for a daemon, never (10,000 feeds kept 64 MB of finished tasks).
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The reader: one feed per credit, each credit a place among the fetches or the feeds waiting aside.
                var input = feeds.makeAsyncIterator()
                for await _ in credits {
                    guard let feed = await input.next(isolation: nil) else { break }
                    sink.yield(.arrived(feed))
                }
                sink.yield(.inputEnded)
            }
            if let stop {
                group.addTask {
                    for await _ in stop {
                        sink.yield(.stopping)
                        break
                    }
                }
            }
            for _ in 0..<(width + max(1, configuration.maximumFeedsWaiting)) { grant.yield() }
            var inFlight = 0
            var inputEnded = false
            var stopping = false
            for await event in events {
                switch event {
                case .arrived(let feed):
                    if stopping { continue }  // not started before the shutdown: it stays due
                    turns.enqueue(feed, host: FetchRequest.hostKey(of: feed.url))
                case .inputEnded:
                    inputEnded = true
                case .fetched(let host):
                    inFlight -= 1
                    turns.finished(host: host)
                    if !stopping { grant.yield() }
                case .stopping:
                    stopping = true
                    grant.finish()
                    _ = turns.removeWaiting()  // never started: they stay due
                    group.addTask {
                        try? await self.clock.sleep(for: deadline)
                        sink.yield(.deadline)
                    }
                case .deadline:
                    if inFlight > 0 {
                        logger.warning(
                            "Shutdown deadline passed; abandoning fetches in flight",
                            metadata: ["fetches": "\(inFlight)"]
                        )
                    }
                    inFlight = 0
                    group.cancelAll()
                }
                if event.isDeadline { break }
                while !stopping, inFlight < width, let (feed, host) = turns.next() {
                    inFlight += 1
                    group.addTask {
                        await self.fetch(feed)
                        sink.yield(.fetched(host: host))
                    }
                }
                if inFlight == 0 && (stopping || inputEnded && turns.waiting == 0) { break }
            }
            grant.finish()
            sink.finish()
            group.cancelAll()
        }
    }

    private func fetch(_ feed: Subscription) async {
        let startedAt = clock.now
        let unconditional =
            feed.etag == nil && feed.lastModified == nil || scheduler.fetchesUnconditionally(feed, at: startedAt)
        var request =
            unconditional
            ? FetchRequest(url: feed.url)
            : FetchRequest(url: feed.url, etag: feed.etag, lastModified: feed.lastModified)
        request.allowsPrivateAddresses = feed.allowsPrivateAddresses
        request.allowsFiles = true  // stored: named by the operator (the API stores web addresses only)
        fetching.add(1, ordering: .relaxed)
        let stopwatch = ContinuousClock()
        let started = stopwatch.now
        let result: Result<FetchResponse, FetchError>
        do {
            result = .success(try await fetcher.fetch(request))
        } catch {
            result = .failure(error)
        }
        fetching.subtract(1, ordering: .relaxed)
        let fetched = FetchedFeed(
            feed: feed,
            startedAt: startedAt,
            duration: stopwatch.now - started,
            unconditional: unconditional,
            result: result
        )
        let cost = (try? result.get().body.count) ?? 0
        await parseQueue.put(fetched, cost: max(1, cost))
    }

    // MARK: Stage 3: store

    private func storeStage(_ onOutcome: @Sendable (FeedSyncOutcome) async -> Void) async {
        while true {
            let batch = await storeQueue.takeBatch(max(1, configuration.storeBatchSize))
            if batch.isEmpty { return }
            let updates = batch.compactMap(\.update)
            var applied: [Int64: FeedUpdateOutcome] = [:]
            var batchFailure: StoreError?
            if !updates.isEmpty {
                let stopwatch = ContinuousClock()
                let started = stopwatch.now
                do {
                    for outcome in try await store.apply(updates) { applied[outcome.feedId] = outcome }
                    metrics.recordBatch(stopwatch.now - started)
                } catch {
                    batchFailure = error
                    if error.code == .cancelled {
                        // A shutdown that outlasted its time: not a failure of these feeds, which simply stay due.
                        logger.warning(
                            "Shutdown cut short; fetched feeds not stored stay due",
                            metadata: ["feeds": "\(updates.count)"]
                        )
                    } else {
                        logger.error(
                            "Could not store fetched feeds; they stay due",
                            metadata: [
                                "error.code": "\(error.failureCode)", "error.message": "\(error.message)",
                                "error.cause": "\(error.cause.map { String(reflecting: $0) } ?? "-")",
                                "feeds": "\(updates.count)",
                            ]
                        )
                    }
                }
            }
            for prepared in batch {
                let outcome = self.outcome(
                    prepared,
                    applied: prepared.update.flatMap { applied[$0.feedId] },
                    batchFailure: batchFailure
                )
                log(outcome)
                metrics.record(outcome)
                await onOutcome(outcome)
            }
            metrics.recordDepths(await depths())
        }
    }

    private func outcome(
        _ prepared: PreparedUpdate,
        applied: FeedUpdateOutcome?,
        batchFailure: StoreError?
    ) -> FeedSyncOutcome {
        var result = prepared.outcome
        if let batchFailure {
            result = .failed(code: batchFailure.failureCode, message: batchFailure.message)
        } else if let ingest = applied?.ingest {
            switch ingest {
            case .success(let report): result = report.new + report.updated == 0 ? .unchanged : .changed(report)
            case .failure(let error): result = .failed(code: error.failureCode, message: error.message)
            }
        }
        var outcome = FeedSyncOutcome(
            feed: prepared.fetched.feed,
            result: result,
            entries: prepared.entries,
            warnings: prepared.warnings
        )
        outcome.status = prepared.status
        outcome.bytes = prepared.bytes
        outcome.duration = prepared.fetched.duration
        if batchFailure == nil, let update = prepared.update {
            outcome.nextFetchAt = update.schedule.disabledReason == nil ? update.schedule.nextFetchAt : nil
            outcome.disabled = update.schedule.disabledReason != nil
            outcome.movedTo = applied?.adoptedURL
        }
        return outcome
    }

    private func log(_ outcome: FeedSyncOutcome) {
        var metadata: Logger.Metadata = [
            "feed.url": "\(outcome.feed.url)", "http.status": "\(outcome.status.map(String.init) ?? "-")",
            "duration_ms": "\(Int(outcome.duration.inSeconds * 1000))", "bytes": "\(outcome.bytes)",
        ]
        switch outcome.result {
        case .changed(let report):
            metadata["entries"] = "\(outcome.entries)"
            metadata["new"] = "\(report.new)"
            metadata["updated"] = "\(report.updated)"
        case .unchanged:
            metadata["new"] = "0"
            metadata["updated"] = "0"
        case .failed(let code, let message):
            metadata["error.code"] = "\(code)"
            metadata["error.message"] = "\(message)"
        }
        if let next = outcome.nextFetchAt { metadata["next_fetch"] = "\(FeedDate(date: next, utcOffset: nil).rfc3339)" }
        if let moved = outcome.movedTo { metadata["moved_to"] = "\(moved)" }
        if outcome.disabled { metadata["disabled"] = "true" }
        if case .failed(let code, _) = outcome.result,
            code == FetchError.Code.cancelled.failureCode || code == StoreError.Code.cancelled.failureCode
        {
            logger.info("abandoned at shutdown", metadata: metadata)  // nothing recorded: the feed stays due
        } else if outcome.isFailure {
            // Not "fetch failed": the fetch may have worked and the parse or the store failed (a full disk).
            logger.warning("feed failed", metadata: metadata)
        } else {
            logger.info("fetched", metadata: metadata)
        }
    }
}
