import Foundation
import Hummingbird
import Prometheus
import SeamsStore

/// `GET /metrics` (Prometheus text format), `GET /healthz`, and the stylesheet.
struct OperationsRoutes {
    let server: InspectionServer

    func register(on router: RouteTable) {
        router.get("/metrics") { _, _ in
            try await recordCensus()
            return Response.text(server.metrics.emitToString(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/healthz") { _, _ in
            do throws(StoreError) {
                let totals = try await server.reader.totals()
                return Response.json(#"{"status":"ok","feeds":\#(totals.feeds),"articles":\#(totals.articles)}"#)
            } catch {
                throw APIError(
                    .serviceUnavailable,
                    code: error.code.rawValue,
                    "the store cannot be read: \(error.message)"
                )
            }
        }
        router.get("/static/seams.css") { _, _ in
            guard let url = Bundle.module.url(forResource: "seams", withExtension: "css"),
                let css = try? String(contentsOf: url, encoding: .utf8)
            else { throw APIError.notFound("the stylesheet is missing from the build") }
            return Response.text(css, type: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=3600"])
        }
    }

    /// What the store holds, read at scrape time: the daemon's counters cannot know about other writers.
    private func recordCensus() async throws {
        let census = try await server.reader.census()
        let ratio = census.fetches == 0 ? 0 : Double(census.notModified) / Double(census.fetches)
        let values: [(name: String, help: String, value: Double)] = [
            ("feeds", "Subscribed feeds.", Double(census.totals.feeds)),
            ("articles", "Stored articles.", Double(census.totals.articles)),
            ("clusters", "Story clusters.", Double(census.totals.clusters)),
            ("composite_clusters", "Clusters holding a stitched page.", Double(census.compositeClusters)),
            ("fetch_not_modified_ratio", "Share of all fetches answered 304 Not Modified.", ratio),
        ]
        for (name, help, value) in values {
            let descriptor = MetricNameDescriptor(namespace: "seams", metricName: name, unitName: "", helpText: help)
            server.metrics.makeGauge(descriptor: descriptor).set(value)
        }
    }
}
