import Foundation
import Logging
import SeamsFetch
import SeamsStore
import SeamsTestSupport
import Testing

@testable import SeamsSync

/// The attack as an evaluator would run it: honest feeds synced, then — seconds later, in a sync of its own — a feed
/// anyone could publish, copying their stories under borrowed links and old dates. Nothing it does may merge honest
/// stories or make its entries their canonical records, and its exact copies are still copies.
struct AttackerSyncTests {
    let logger = Logger(label: "test")

    func story(_ name: String) -> String { (1...60).map { "\(name)\($0)" }.joined(separator: " ") }

    func rss(_ items: [(guid: String, title: String, link: String, date: String, text: String)]) -> String {
        let body = items.map {
            "<item><guid>\($0.guid)</guid><title>\($0.title)</title><link>\($0.link)</link>"
                + "<pubDate>\($0.date)</pubDate><description>\($0.text)</description></item>"
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\(body.joined())</channel></rss>"
    }

    func file(_ document: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("seams-attack-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: url)
        return url.absoluteString
    }

    @Test func aFeedSyncedSecondsAfterTheHonestOnesMergesNothingAndTakesOverNothing() async throws {
        let store = try Store(path: ":memory:")
        let syncer = FeedSyncer(fetcher: FeedFetcher(configuration: .loopback), store: store, logger: logger)
        let today = "Wed, 02 Dec 2026 08:00:00 GMT"
        let honest = [
            try file(
                rss([
                    ("a", "Alpha", "https://a.example/alpha", today, story("alpha")),
                    ("b", "Beta", "https://a.example/beta", today, story("beta")),
                ])
            ),
            try file(rss([("c", "Gamma", "https://c.example/gamma", today, story("gamma"))])),
        ]
        var feeds: [Subscription] = []
        for url in honest { feeds.append(try await store.addFeed(url: url)) }
        _ = await syncer.sync(feeds)
        let before = try await store.clusters(ClusterQuery(limit: 100))
        let canonical = Dictionary(uniqueKeysWithValues: before.map { ($0.canonical.article.title!, $0.id) })

        let old = "Fri, 01 Jan 1999 00:00:00 GMT"
        let attacker = try file(
            rss([
                ("x1", "Alpha (copy)", "https://attacker.example/1", old, story("alpha")),  // backdated copy
                ("x2", "Beta?", "https://a.example/beta?utm_source=x", old, story("delta")),  // borrowed link
                ("x3", "Chain", "https://a.example/beta", old, story("gamma")),  // gamma's text, beta's link
                ("x4", "Two", "https://a.example/alpha", today, story("epsilon")),  // one text under two links
                ("x5", "Two", "https://c.example/gamma", today, story("epsilon")),
            ])
        )
        let outcomes = await syncer.sync([try await store.addFeed(url: attacker)])
        #expect(outcomes.allSatisfy { !$0.isFailure })
        let after = try await store.clusters(ClusterQuery(limit: 100))
        for title in ["Alpha", "Beta", "Gamma"] {
            let cluster = try #require(after.first { $0.id == canonical[title] })
            #expect(cluster.canonical.article.title == title, "\(title) keeps its canonical record")
            let honestTitles = cluster.articles.compactMap(\.article.title).filter {
                ["Alpha", "Beta", "Gamma"].contains($0)
            }
            #expect(honestTitles == [title], "\(title) is merged with no other honest story")
        }
        let alpha = try #require(after.first { $0.id == canonical["Alpha"] })
        #expect(alpha.articles.contains { $0.article.title == "Alpha (copy)" }, "the exact copy is still a copy")
        let gamma = try #require(after.first { $0.id == canonical["Gamma"] })
        #expect(gamma.articles.contains { $0.article.title == "Chain" }, "joined by its text, not its link")
    }
}
