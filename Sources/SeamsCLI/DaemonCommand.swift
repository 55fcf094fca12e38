import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import SeamsFetch
import SeamsServer
import SeamsStore
import SeamsSync
import ServiceLifecycle
import UnixSignals

/// `seams daemon [SOURCE...]`: keep every subscribed feed in sync until stopped.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Keep every subscribed feed in sync, on each feed's own schedule, until stopped.",
        discussion: """
            A SOURCE (a feed URL, file or OPML file) is subscribed before the daemon starts. Feeds added later with \
            `seams feeds add` are picked up within a second. Each feed is fetched again after an interval learned \
            from its publishing rate, within --min-interval and --max-interval, and never sooner than its RSS <ttl>, \
            Cache-Control, Expires or Retry-After ask; errors back off exponentially; a 410 Gone disables a feed; \
            a permanent redirect seen --redirect-confirmations times in a row updates its URL. \
            Logs one logfmt line per fetch and a summary per minute to standard error. Serves the web pages, the JSON \
            API, the canonical feeds and /metrics on --http (127.0.0.1:8080). SIGTERM or SIGINT (Ctrl-C) \
            stop it: fetches in flight get --shutdown-deadline to finish, what was fetched is committed, exit 0. \
            Only one daemon or sync may run on a SQLite file at a time; on PostgreSQL (--db postgres://…) any number \
            of daemons share the database, each feed leased to one of them while it is fetched (--lease-duration). Settings come from flags, else SEAMS_* \
            variables, else the --config JSON file, else the defaults shown.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var settings: SyncOptions
    @OptionGroup var server: ServerOptions

    @Argument(help: "Feed URLs, feed files or OPML files to subscribe to before starting.")
    var sources: [String] = []

    @Option(
        help:
            "How often a summary line is logged (env SEAMS_SUMMARY_INTERVAL, default \(SettingParser.text(SyncDaemon.defaultSummaryInterval)))."
    )
    var summaryInterval: String?

    func run() async throws {
        var resolved = try settings.resolve(server: server.flags)
        let summaryText =
            summaryInterval ?? ProcessInfo.processInfo.environment["SEAMS_SUMMARY_INTERVAL"]
            ?? SettingParser.text(SyncDaemon.defaultSummaryInterval)
        guard let summary = SettingParser.duration(summaryText) else {
            throw CommandFailure(
                "invalid duration \"\(summaryText)\" for the summary interval: use a number with s, m or h"
            )
        }
        try await self.store.withStore(logLevel: resolved.logLevel) { store in
            // One SQLite writer at a time; PostgreSQL's nodes share their database, each feed leased to one.
            let lock = self.store.isPostgres ? nil : try StoreLock(databasePath: store.path)
            defer { withExtendedLifetime(lock) {} }
            AddressOptions.announce(resolved.fetch, command: "daemon")
            if !sources.isEmpty {
                _ = try await Subscriptions.add(sources, to: store, fetcher: FeedFetcher(configuration: resolved.fetch))
            }
            let logger = Logger(label: "seams") { _ in ConsoleLogHandler(level: resolved.logLevel) }
            let schedule = resolved.sync.schedule
            let stale = schedule.maximumInterval.inSeconds * (1 + schedule.jitter)
            let firstPass = try await store.dueFeeds(
                at: Date(),
                limit: Int.max >> 1,
                maximumInterval: stale,
                excluding: []
            ).count
            let enabled = try await store.feeds().filter { $0.disabledAt == nil }.count
            let path = self.store.isPostgres ? store.path : URL(fileURLWithPath: store.path).standardizedFileURL.path
            Terminal.error(
                "seams daemon: \(enabled) feeds (\(firstPass) due now) in \(path); Ctrl-C or SIGTERM to stop"
            )
            let progress = SyncProgress(total: firstPass, printsLines: false)
            let fetcher = FeedFetcher(configuration: resolved.fetch)
            var services: [any Service] = []
            if let configuration = resolved.server {
                let registry = PrometheusCollectorRegistry()
                let metrics = PrometheusMetricsFactory(registry: registry)
                MetricsSystem.bootstrap(metrics)
                resolved.sync.metricsFactory = metrics
                let server = InspectionServer(
                    store: store,
                    fetcher: fetcher,
                    configuration: configuration,
                    metrics: registry,
                    logger: logger
                )
                services.append(server.application())
                Terminal.error("seams daemon: web pages, JSON API and canonical feeds at \(configuration.baseURL)")
            }
            var daemon = SyncDaemon(configuration: resolved.sync, fetcher: fetcher, store: store, logger: logger) {
                outcome in
                progress.record(outcome)
            }
            daemon.summaryInterval = summary
            services.insert(daemon, at: 0)
            var group = ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [],
                logger: logger
            )
            group.maximumGracefulShutdownDuration = resolved.sync.shutdownDeadline + .seconds(30)
            try await ServiceGroup(configuration: group).run()
            Terminal.clearProgress()
            let totals = try await store.totals()
            Terminal.error(
                "seams daemon: stopped; the store holds \(totals.articles) articles in \(totals.clusters) clusters (\(path))"
            )
        }
    }
}
