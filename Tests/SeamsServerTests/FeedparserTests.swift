import Foundation
import HummingbirdTesting
import Metrics
import Prometheus
import SeamsFetch
import SeamsServer
import SeamsStore
import SeamsSync
import SeamsTestSupport
import Testing

/// The canonical feeds as another reader sees them, and the sync's metrics as Prometheus scrapes them.
struct InteroperabilityTests {
    static let script = Fixture.root.appendingPathComponent("Tests/SeamsServerTests/Scripts/check_feeds.py").path

    static func hasFeedparser() async -> Bool {
        (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import feedparser"]).status) == 0
    }

    @Test(.enabled("needs python3 with feedparser (make test installs it)") { await hasFeedparser() })
    func feedparserReadsAllThreeCanonicalFeeds() async throws {
        let store = try await Fixture.demoStore()
        let expected = 83 - (try await store.census().compositeClusters)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seams-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["feed.atom", "feed.rss", "feed.json"]
        try await Fixture.server(store).application().test(.live) { client in
            for name in names {
                try Data(try await client.call("/\(name)").body.utf8).write(to: folder.appendingPathComponent(name))
            }
        }
        let arguments = [Self.script] + names.flatMap { [folder.appendingPathComponent($0).path, String(expected)] }
        let result = try await ChildProcess.run("/usr/bin/env", ["python3"] + arguments)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("version=atom10"))
        #expect(result.output.contains("version=rss20"))
        #expect(result.output.contains("version=jsonfeed"))
    }

    @Test func theSyncsMetricsReachThePrometheusEndpoint() async throws {
        let registry = PrometheusCollectorRegistry()
        var configuration = SyncConfiguration()
        configuration.metricsFactory = PrometheusMetricsFactory(registry: registry)
        let store = try await Fixture.demoStore(configuration: configuration)
        let server = InspectionServer(
            store: store,
            fetcher: FeedFetcher(configuration: .loopback),
            metrics: registry,
            logger: Fixture.logger
        )
        try await server.application().test(.live) { client in
            let metrics = try await client.call("/metrics").body
            #expect(metrics.contains(#"seams_fetches_total{status="file"} 7"#), "\(metrics)")
            #expect(metrics.contains(#"seams_articles_ingested_total{kind="new"} 90"#))
            #expect(metrics.contains("seams_store_batch_duration_seconds_bucket"))
            #expect(metrics.contains(#"seams_queue_depth{stage="storing"}"#))
            #expect(metrics.contains("seams_fetch_bytes_total"))
        }
    }
}
