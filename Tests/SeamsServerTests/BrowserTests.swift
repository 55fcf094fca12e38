import Foundation
import HummingbirdTesting
import SeamsServer
import SeamsStore
import SeamsTestSupport
import Testing

/// A real browser renders the seed's composite page: one coloured passage per source story, and a screenshot.
///
/// Runs under `make test-browser` (which installs Debian's `chromium`), because installing a browser takes
/// longer than the rest of `make test`; the screenshot is kept at `.build/artifacts/seed-composite.png`.
struct BrowserTests {
    static let chromium = "/usr/bin/chromium"
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["SEAMS_BROWSER_TEST"] == "1"
            && FileManager.default.isExecutableFile(atPath: chromium)
    }

    @Test(.enabled(if: enabled, "set SEAMS_BROWSER_TEST=1 with chromium installed (make test-browser)"))
    func chromiumShowsTheSeedsFourSourcesInFourColours() async throws {
        let store = try await Fixture.demoStore()
        let seed = try #require(
            try await store.clusters(ClusterQuery(limit: 500)).flatMap(\.articles)
                .first { $0.feedURL.hasSuffix("tong-hop.json") && $0.article.isComposite }
        )
        let artifacts = Fixture.root.appendingPathComponent(".build/artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("seed-composite.png")
        try? FileManager.default.removeItem(at: screenshot)
        try await Fixture.server(store).application().test(.live) { client in
            let port = try #require(client.port)
            let url = "http://127.0.0.1:\(port)/articles/\(seed.article.id!)"
            let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"]
            let dom = try await ChildProcess.run(Self.chromium, flags + ["--dump-dom", url], timeout: .seconds(90))
            #expect(dom.status == 0)
            let passages = Self.matches(#"<a class="passage (source-\d)" data-source="(\d+)""#, in: dom.output)
            let coloursBySource = Dictionary(grouping: passages, by: { $0[1] }).mapValues { Set($0.map { $0[0] }) }
            #expect(coloursBySource.count == 4, "one source per story of the seed: \(coloursBySource)")
            #expect(coloursBySource.values.allSatisfy { $0.count == 1 }, "each source keeps one colour")
            #expect(Set(coloursBySource.values.flatMap { $0 }).count == 4, "four different colours")
            #expect(
                Self.matches(#"<li class="source (source-\d)""#, in: dom.output).count == 4,
                "the legend names four sources"
            )
            let shot = try await ChildProcess.run(
                Self.chromium,
                flags + ["--window-size=1000,1800", "--screenshot=\(screenshot.path)", url],
                timeout: .seconds(90)
            )
            #expect(shot.status == 0)
            let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "the screenshot at \(screenshot.path) is missing or blank")
        }
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
        }
    }
}
