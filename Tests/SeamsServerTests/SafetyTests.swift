import Foundation
import HTTPTypes
import HummingbirdTesting
import SeamsFetch
import SeamsParse
import SeamsServer
import SeamsStore
import SeamsTestSupport
import Testing

/// Everything from a feed is untrusted: hostile entries render inert, and the API cannot be used to make
/// Seams read the machine's own network.
struct ServerSafetyTests {
    /// An RSS feed whose every field tries to run script in a page or a reader.
    static let hostileFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Evil &lt;/title&gt;&lt;script&gt;alert('feed')&lt;/script&gt;</title>
        <link>javascript:alert('site')</link>
        <item><title>&lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt; breakout "quotes" &amp; more</title>
        <link>javascript:alert('link')</link><guid>evil-1</guid>
        <description><![CDATA[<p onclick="alert('p')">Lead <img src=x onerror="alert('img')"> text
        <a href="javascript:alert('a')">click</a> <a href="&#106;avascript:alert('entity')">entity</a>
        <a href=" JaVaScRiPt:alert('case')">case</a> <a href="data:text/html,<script>alert(1)</script>">data</a>
        <script>alert('script')</script><style>body{display:none}</style><iframe src="https://evil.example/"></iframe>
        <svg onload="alert('svg')"><circle/></svg><form action="https://evil.example/"><input name="x"></form>
        <a href="https://good.example/story">a fine link</a></p>]]></description></item>
        <item><title>Second &lt;img src=x onerror=alert('second')&gt;</title><guid>evil-2</guid>
        <description>&lt;b onmouseover="alert('b')"&gt;bold&lt;/b&gt; &lt;/textarea&gt;&lt;script&gt;alert('t')&lt;/script&gt;</description></item>
        </channel></rss>
        """

    /// Markup that would run script or load active content if a browser rendered it.
    static func activeMarkup(in html: String) -> [String] {
        let lowered = html.lowercased()
        var found: [String] = []
        for needle in [
            "<script", "<iframe", "<svg", "<form", "<style", "javascript:", "data:text/html", "onerror=", "onclick=",
            "onload=", "onmouseover=", "</title><",
        ]
        where lowered.contains(needle) {
            found.append(needle)
        }
        return found
    }

    @Test func hostileEntriesRenderInertOnEveryPageAndInTheFeeds() async throws {
        let store = try await Fixture.demoStore(extra: [Self.hostileFeed])
        let evil = try #require(try await store.feeds().last)
        let articles = try await store.clusters(ClusterQuery(limit: 500)).flatMap(\.articles).filter {
            $0.article.feedId == evil.id
        }
        #expect(articles.count == 2)
        try await Fixture.server(store).application().test(.live) { client in
            var pages = ["/", "/?order=biggest", "/feeds", "/?feed=\(evil.id!)"]
            for article in articles {
                pages += ["/articles/\(article.article.id!)", "/clusters/\(article.article.clusterId!)"]
            }
            for page in pages {
                let answer = try await client.call(page)
                #expect(answer.status == .ok, "\(page)")
                #expect(
                    Self.activeMarkup(in: answer.body).isEmpty,
                    "\(page) carries \(Self.activeMarkup(in: answer.body))"
                )
                #expect(answer.headers[.contentSecurityPolicy]?.contains("script-src 'none'") == true)
                #expect(answer.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            let first = try #require(articles.first { $0.article.guid == "evil-1" })
            let article = try await client.call("/articles/\(first.article.id!)")
            // Titles are plain text from the parser on (their markup, scripts included, is dropped), escaped on the page.
            #expect(article.body.contains("<h1>breakout &quot;quotes&quot; &amp; more</h1>"), "the title shows as text")
            #expect(article.body.contains("href=\"https://good.example/story\""), "safe links survive")
            for path in ["/feed.atom?feed=\(evil.id!)", "/feed.rss?feed=\(evil.id!)", "/feed.json?feed=\(evil.id!)"] {
                let feed = try await client.call(path)
                let parsed = try FeedParser().parse(Array(feed.body.utf8))
                #expect(parsed.entries.count == 2)
                for entry in parsed.entries {
                    let html = entry.content ?? entry.summary ?? ""
                    #expect(!html.isEmpty)
                    #expect(
                        Self.activeMarkup(in: html).isEmpty,
                        "\(path) entry content carries \(Self.activeMarkup(in: html))"
                    )
                    #expect(entry.link?.lowercased().hasPrefix("javascript:") != true)
                }
            }
        }
    }

    @Test func subscribingLoopbackPrivateAndMetadataAddressesIsRefused() async throws {
        let store = try await Fixture.demoStore()
        try await FeedServer.run(Fixture.loopbackDocuments) { _, base in
            let port = base.split(separator: ":").last!
            try await Fixture.server(store, token: "t").application().test(.live) { client in
                let auth: HTTPFields = [.authorization: "Bearer t"]
                for url in [
                    "\(base)/feed.xml", "http://localhost:\(port)/feed.xml", "http://[::1]:\(port)/feed.xml",
                    "http://10.0.0.1/feed",
                    "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:\(port)/feed.xml",
                    "http://2130706433:\(port)/feed.xml",
                ] {
                    let answer = try await client.call(
                        "/api/feeds",
                        .post,
                        headers: auth,
                        body: "{\"url\": \"\(url)\"}"
                    )
                    #expect(answer.status == .unprocessableContent, "\(url)")
                    #expect(answer.errorCode == "feed.forbidden_address", "\(url): \(answer.body)")
                }
            }
        }
        #expect(try await store.feeds().count == 7, "nothing was subscribed")
    }

    @Test func aRedirectFromAPermittedHostToAPrivateAddressIsRefused() async throws {
        let store = try await Fixture.demoStore()
        // 127.0.0.2 stands in for a public host (an operator-permitted address); it redirects to private ones.
        var fetch = FetchConfiguration()
        fetch.permittedPrivateAddresses = ["127.0.0.2"]
        try await FeedServer.run(Fixture.loopbackDocuments) { _, target in
            let documents: [String: ServedDocument] = [
                "/feed.xml": ServedDocument(text: SampleFeeds.rss("Permitted", items: 2)),
                "/to-loopback": .redirect(to: "\(target)/feed.xml", status: 301),
                "/to-metadata": .redirect(to: "http://169.254.169.254/latest/meta-data/", status: 302),
            ]
            try await FeedServer.run(documents, host: "127.0.0.2") { _, permitted in
                try await Fixture.server(store, token: "t", fetch: fetch).application().test(.live) { client in
                    let auth: HTTPFields = [.authorization: "Bearer t"]
                    let direct = try await client.call(
                        "/api/feeds",
                        .post,
                        headers: auth,
                        body: "{\"url\": \"\(permitted)/feed.xml\"}"
                    )
                    #expect(direct.status == .created, "the permitted address itself is reachable: \(direct.body)")
                    for path in ["/to-loopback", "/to-metadata"] {
                        let answer = try await client.call(
                            "/api/feeds",
                            .post,
                            headers: auth,
                            body: "{\"url\": \"\(permitted)\(path)\"}"
                        )
                        #expect(answer.errorCode == "feed.forbidden_address", "\(path): \(answer.body)")
                    }
                }
            }
        }
        let subscribed = try await store.feeds()
        #expect(subscribed.count == 8)
        #expect(subscribed.last?.allowsPrivateAddresses == false, "the daemon keeps checking every later fetch")
    }

    @Test func theAddressPolicyKnowsThePrivateRanges() {
        let refused: [[UInt8]] = [
            [127, 0, 0, 1], [10, 1, 2, 3], [172, 16, 0, 1], [172, 31, 255, 255], [192, 168, 1, 1],
            [169, 254, 169, 254], [100, 64, 0, 1], [0, 0, 0, 0], [224, 0, 0, 1], [255, 255, 255, 255], [198, 18, 0, 1],
            [192, 0, 2, 1], [198, 51, 100, 7], [203, 0, 113, 9],  // documentation
        ]
        for address in refused { #expect(!AddressPolicy.isPublic(ipv4: address), "\(address)") }
        for address: [UInt8] in [
            [8, 8, 8, 8], [93, 184, 216, 34], [172, 32, 0, 1], [100, 128, 0, 1], [169, 255, 0, 1],
        ] {
            #expect(AddressPolicy.isPublic(ipv4: address), "\(address)")
        }
        func v6(_ prefix: [UInt8], _ suffix: [UInt8] = []) -> [UInt8] {
            prefix + [UInt8](repeating: 0, count: 16 - prefix.count - suffix.count) + suffix
        }
        #expect(!AddressPolicy.isPublic(ipv6: v6([], [1])))  // ::1
        #expect(!AddressPolicy.isPublic(ipv6: v6([0xFE, 0x80], [1])))
        // fd00:ec2::254, AWS metadata.
        #expect(!AddressPolicy.isPublic(ipv6: v6([0xFD, 0x00, 0x0E, 0xC2], [0x02, 0x54])))
        #expect(!AddressPolicy.isPublic(ipv6: v6([], [0xFF, 0xFF, 127, 0, 0, 1])))  // ::ffff:127.0.0.1
        #expect(AddressPolicy.isPublic(ipv6: v6([], [0xFF, 0xFF, 8, 8, 8, 8])))
        #expect(AddressPolicy.isPublic(ipv6: v6([0x26, 0x06, 0x47, 0x00], [0x11])))
        for prefix: [UInt8] in [
            [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01],  // 64:ff9b:1::/48, local-use NAT64
            [0x20, 0x02, 0x7F, 0x00, 0x00, 0x01],  // 2002:7f00:1::, 6to4 of 127.0.0.1
            [0x20, 0x01, 0x00, 0x00, 0x41, 0x36],  // 2001:0:4136::, Teredo
            [0x20, 0x01, 0x00, 0x02, 0x00, 0x00],  // 2001:2::/48, benchmarking
            [0xFE, 0xC0],  // fec0::/10, site-local
        ] {
            #expect(!AddressPolicy.isPublic(ipv6: v6(prefix, [1])), "\(prefix)")
        }
        #expect(!AddressPolicy.isPublic(ipv6: v6([0x00, 0x64, 0xFF, 0x9B], [127, 0, 0, 1])), "64:ff9b::127.0.0.1")
    }
}
