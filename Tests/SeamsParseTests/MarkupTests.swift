import Foundation
import SeamsParse
import Testing

struct MarkupTests {
    let parser = FeedParser()

    @Test func resolvesRelativeLinksAgainstXMLBaseAndTheDocumentURL() throws {
        let feed = try parser.parse(
            Array(
                """
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/section/">
                <title>t</title>
                <entry><id>1</id><title>a</title><link href="story-1.html"/></entry>
                <entry xml:base="/other/"><id>2</id><title>b</title><link href="story-2.html"/></entry>
                <entry xml:base="https://cdn.example/x/"><id>3</id><title>c</title><link href="../y/z.html"/></entry>
                </feed>
                """.utf8
            ),
            url: "https://ignored.example/feed.atom"
        )
        #expect(
            feed.entries.map(\.link) == [
                "https://news.example/section/story-1.html", "https://news.example/other/story-2.html",
                "https://cdn.example/y/z.html",
            ]
        )
        let rss = try parser.parse(
            Array(Documents.rss(items: "<item><title>a</title><link>/a/b.html</link></item>").utf8),
            url: "https://site.example/rss/feed.xml"
        )
        #expect(rss.entries[0].link == "https://site.example/a/b.html")
    }

    @Test func decodesEntitiesAndCDATA() throws {
        let feed = try parser.parse(
            Array(
                Documents.rss(
                    items: """
                        <item><title>Tom &amp; Jerry&#8217;s &#x201C;show&#x201D;</title>
                        <description><![CDATA[<p>Raw <b>HTML</b> & stuff</p>]]></description></item>
                        """
                ).utf8
            )
        )
        #expect(feed.entries[0].title == "Tom & Jerry’s “show”")
        #expect(feed.entries[0].summary == "<p>Raw <b>HTML</b> & stuff</p>")
    }

    @Test func htmlEntitiesThatXMLDoesNotDefineAreReadNotFatal() throws {
        let feed = try parser.parse(
            Array(
                Documents.rss(items: "<item><title>Hà&nbsp;Nội &eacute;t&eacute; &hellip; &copy;</title></item>").utf8
            )
        )
        #expect(feed.entries[0].title == "Hà Nội été … ©")
        #expect(feed.warnings.contains { $0.contains("HTML entities") })
    }

    @Test func titlesWithMarkupBecomePlainText() throws {
        let feed = try parser.parse(
            Array(
                Documents.rss(items: "<item><title>&lt;b&gt;Bold&lt;/b&gt;   news &amp;amp; views</title></item>").utf8
            )
        )
        #expect(feed.entries[0].title == "Bold news & views")
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "seams-secret-\(UUID().uuidString).txt"
        )
        try "TOP-SECRET-VALUE".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "\(secret.absoluteString)"><!ENTITY web SYSTEM "http://127.0.0.1:1/x">]>
            <rss version="2.0"><channel><title>t</title>
            <item><title>before &xxe; after</title><description>&web;</description></item></channel></rss>
            """
        let feed = try parser.parse(Array(document.utf8))
        let everything = "\(feed.entries)"
        #expect(!everything.contains("TOP-SECRET-VALUE"))
    }

    @Test func entityExpansionBombsAreNeverExpanded() throws {
        var entities = "<!ENTITY a0 \"lol\">"
        for level in 1...10 {
            let previous = "&a\(level - 1);"
            entities += "<!ENTITY a\(level) \"\(String(repeating: previous, count: 10))\">"
        }
        let document = """
            <?xml version="1.0"?><!DOCTYPE rss [\(entities)]>
            <rss version="2.0"><channel><title>t</title><item><title>&a10;</title></item></channel></rss>
            """
        let feed = try? parser.parse(Array(document.utf8))
        let title = feed?.entries.first?.title ?? ""
        #expect(title.utf8.count < 1_000_000, "ten billion bytes of expansion must never be produced")
        #expect(!title.contains("lollol"), "the entities are not expanded at all: \(title.prefix(80))")
    }

    @Test func deepNestingIsRefusedOrRecoveredWithoutCrashing() {
        let depth = 10_000
        let document =
            "<rss version=\"2.0\"><channel><title>t</title><item><description>"
            + String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
            + "</description></item></channel></rss>"
        let result = Result { try parser.parse(Array(document.utf8)) }
        switch result {
        case .success(let feed): #expect(feed.entries.count <= 1)
        case .failure(let error): #expect(error is ParseError)
        }
    }

    @Test func readsOPMLWithFoldersAndRelativePaths() throws {
        let opml = """
            <opml version="2.0"><head><title>Subs</title></head><body>
            <outline text="News"><outline text="A" xmlUrl="feeds/a.xml"/><outline text="B" title="Bee" xmlUrl="https://b.example/rss"/></outline>
            <outline text="C" xmlUrl="/abs/c.xml"/></body></opml>
            """
        let document = try OPMLDocument.parse(Array(opml.utf8), url: "file:///srv/lists/subs.opml")
        #expect(document.title == "Subs")
        #expect(
            document.outlines.map(\.feedURL) == [
                "file:///srv/lists/feeds/a.xml", "https://b.example/rss", "file:///abs/c.xml",
            ]
        )
        #expect(document.outlines.map(\.title) == ["A", "Bee", "C"])
    }
}
