package import CoreMetrics
import Foundation
import SeamsFetch

/// Settings for the sync pipeline (``SyncPipeline``, ``FeedSyncer``, ``SyncDaemon``).
///
/// The defaults suit a small machine syncing thousands of feeds: memory is bounded by the transfers in
/// flight, the parse queue's byte budget and the store queue's length, whatever the number of feeds.
package struct SyncConfiguration: Sendable {
    /// Fetches in flight at once (each may hold one body in memory); by default the fetcher's own limit.
    /// Connections are further limited per host by the fetcher.
    package var maximumConcurrentFeeds = FetchConfiguration().maximumConcurrentTransfers
    /// Fetches in flight for one host (host and port of the feed's URL). Feeds of a host at its limit wait aside,
    /// without taking a place among ``maximumConcurrentFeeds``, so a slow host with many feeds delays only its own.
    package var maximumFeedsPerHost = FetchConfiguration().maximumConnectionsPerHost
    /// Feeds that may wait aside for their host's turn (FeedRecords only, no bodies). A host with more due feeds than
    /// this, listed ahead of the others, can still hold them up.
    package var maximumFeedsWaiting = 1_024
    /// Tasks parsing and extracting text at once (default: one per core).
    package var parsers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Bytes of fetched bodies waiting to be parsed before fetches wait for room.
    package var parseQueueBytes = 16 * 1024 * 1024
    /// Parsed feeds waiting to be stored before parsers wait for room.
    package var storeQueueLength = 64
    /// The most feeds written in one transaction.
    package var storeBatchSize = 32
    /// How long in-flight fetches may run after a shutdown begins before they are abandoned.
    package var shutdownDeadline: Duration = .seconds(10)
    /// When and how often feeds are fetched.
    package var schedule = SchedulePolicy()
    /// Where the pipeline's metrics go (fetches by status, bytes, articles, store latency, queue depths); the
    /// process-wide `MetricsSystem` by default, a no-op until it is bootstrapped.
    package var metricsFactory: any MetricsFactory = MetricsSystem.factory

    /// Creates the default configuration.
    package init() {}
}
