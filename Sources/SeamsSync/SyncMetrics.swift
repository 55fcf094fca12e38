import CoreMetrics
import Foundation
import SeamsCore
import SeamsStore

/// The sync pipeline's metrics, through swift-metrics: whichever backend the process bootstraps (Prometheus
/// in `seams daemon`) receives them.
///
/// - `seams_fetches_total{status}`: fetches by outcome — the HTTP status (`200`, `304`, `404`…), `file`, or the
///   error code for failures without a response (`fetch.timeout`…);
/// - `seams_fetch_bytes_total`: bytes received;
/// - `seams_articles_ingested_total{kind="new"|"updated"}`: articles stored;
/// - `seams_store_batch_duration_seconds`: how long each store transaction took, deduplication included;
/// - `seams_queue_depth{stage="fetching"|"parsing"|"storing"}`: work waiting in each stage.
struct SyncMetrics: Sendable {
    private let factory: any MetricsFactory
    private let bytes: Counter
    private let newArticles: Counter
    private let updatedArticles: Counter
    private let batchDuration: CoreMetrics.Timer
    private let fetching: Gauge
    private let parsing: Gauge
    private let storing: Gauge

    init(factory: any MetricsFactory) {
        self.factory = factory
        bytes = Counter(label: "seams_fetch_bytes_total", factory: factory)
        newArticles = Counter(label: "seams_articles_ingested_total", dimensions: [("kind", "new")], factory: factory)
        updatedArticles = Counter(
            label: "seams_articles_ingested_total",
            dimensions: [("kind", "updated")],
            factory: factory
        )
        batchDuration = CoreMetrics.Timer(
            label: "seams_store_batch_duration_seconds",
            preferredDisplayUnit: .seconds,
            factory: factory
        )
        fetching = Gauge(label: "seams_queue_depth", dimensions: [("stage", "fetching")], factory: factory)
        parsing = Gauge(label: "seams_queue_depth", dimensions: [("stage", "parsing")], factory: factory)
        storing = Gauge(label: "seams_queue_depth", dimensions: [("stage", "storing")], factory: factory)
    }

    func record(_ outcome: FeedSyncOutcome) {
        let status: String
        switch (outcome.status, outcome.result) {
        case (0?, _): status = "file"
        case (let code?, _): status = String(code)
        case (nil, .failed(let code, _)): status = code.rawValue
        case (nil, _): status = "none"
        }
        Counter(label: "seams_fetches_total", dimensions: [("status", status)], factory: factory).increment()
        bytes.increment(by: outcome.bytes)
        if case .changed(let report) = outcome.result {
            newArticles.increment(by: report.new)
            updatedArticles.increment(by: report.updated)
        }
    }

    func recordBatch(_ duration: Duration) {
        batchDuration.recordNanoseconds(Int64(duration.inSeconds * 1_000_000_000))
    }

    func recordDepths(_ depths: SyncPipeline.Depths) {
        fetching.record(depths.fetching)
        parsing.record(depths.parsing)
        storing.record(depths.storing)
    }
}
