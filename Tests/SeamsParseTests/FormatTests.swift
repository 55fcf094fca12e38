import SeamsParse
import Testing

struct FormatTests {
    let parser = FeedParser()

    func parse(_ text: String, url: String? = "https://example.org/feed.xml") throws -> ParsedFeed {
        try parser.parse(Array(text.utf8), url: url)
    }

    @Test func readsRSS2WithContentAuthorsEnclosuresAndCategories() throws {
        let feed = try parse(
            Documents.rss(
                items: """
                    <item><title>First &amp; best</title><link>https://example.org/a</link>
                    <guid isPermaLink="false">id-1</guid><pubDate>Tue, 07 Mar 2023 09:30:00 +0700</pubDate>
                    <author>jane@example.org (Jane Doe)</author><dc:creator>Trần Văn A</dc:creator>
                    <category>World</category><category>Asia</category>
                    <enclosure url="/media/a.mp3" type="audio/mpeg" length="1234"/>
                    <description>&lt;p&gt;Summary&lt;/p&gt;</description>
                    <content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded></item>
                    """,
                channelExtra: "<language>vi</language><ttl>15</ttl>"
            )
        )
        #expect(feed.format == .rss20)
        #expect(feed.metadata.title == "Channel")
        #expect(feed.metadata.language == "vi")
        #expect(feed.metadata.timeToLive == 15)
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "id-1")
        #expect(entry.title == "First & best")
        #expect(entry.link == "https://example.org/a")
        #expect(entry.summary == "<p>Summary</p>")
        #expect(entry.content == "<p>Full <b>text</b></p>")
        #expect(entry.published?.rfc3339 == "2023-03-07T09:30:00+07:00")
        #expect(
            entry.authors == [FeedPerson(name: "Jane Doe", email: "jane@example.org"), FeedPerson(name: "Trần Văn A")]
        )
        #expect(entry.categories == ["World", "Asia"])
        #expect(
            entry.enclosures == [
                FeedEnclosure(url: "https://example.org/media/a.mp3", type: "audio/mpeg", length: 1234)
            ]
        )
    }

    @Test func readsRSS091AndUsesAPermalinkGuidAsTheLink() throws {
        let feed = try parse(
            """
            <rss version="0.91"><channel><title>Old</title>
            <item><title>One</title><description>Hello</description></item>
            </channel></rss>
            """
        )
        #expect(feed.format == .rss09x)
        #expect(feed.entries.map(\.title) == ["One"])
        let permalink = try parse(
            Documents.rss(items: "<item><title>T</title><guid>https://example.org/p/1</guid></item>")
        )
        #expect(permalink.entries[0].link == "https://example.org/p/1")
        #expect(permalink.entries[0].id == "https://example.org/p/1")
    }

    @Test func readsRSS10RDF() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://example.org/"><title>RDF channel</title><link>https://example.org/</link>
              <description>d</description><dc:language>en</dc:language></channel>
            <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link>
              <dc:date>2023-03-07T09:30:00+07:00</dc:date><dc:creator>Ann</dc:creator><description>First</description></item>
            <item rdf:about="https://example.org/2"><title>Two</title><link>https://example.org/2</link></item>
            </rdf:RDF>
            """
        )
        #expect(feed.format == .rss10)
        #expect(feed.metadata.title == "RDF channel")
        #expect(feed.metadata.language == "en")
        #expect(feed.entries.map(\.id) == ["https://example.org/1", "https://example.org/2"])
        #expect(feed.entries[0].published?.rfc3339 == "2023-03-07T09:30:00+07:00")
        #expect(feed.entries[0].authors.first?.name == "Ann")
    }

    @Test func readsRSS090() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>Netscape</title><link>https://example.org/</link><description>d</description></channel>
            <item><title>Old item</title><link>https://example.org/old</link></item>
            </rdf:RDF>
            """
        )
        #expect(feed.format == .rss09x)
        #expect(feed.entries.map(\.link) == ["https://example.org/old"])
    }

    @Test func readsAtom10TextConstructs() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
              <title type="html">Feed &lt;b&gt;title&lt;/b&gt;</title><id>urn:feed</id><updated>2023-03-07T10:00:00Z</updated>
              <author><name>Desk</name><email>desk@example.org</email></author>
              <link rel="alternate" href="https://example.org/"/><link rel="self" href="https://example.org/feed"/>
              <entry><id>urn:1</id><title>Plain &amp; simple</title><updated>2023-03-07T10:00:00Z</updated>
                <published>2023-03-07T09:00:00+07:00</published>
                <link rel="alternate" type="application/pdf" href="https://example.org/1.pdf"/>
                <link rel="alternate" type="text/html" href="https://example.org/1"/>
                <link rel="enclosure" href="https://example.org/1.mp3" type="audio/mpeg" length="99"/>
                <category term="world" label="World"/>
                <summary type="text">1 &lt; 2</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content>
              </entry>
              <entry xml:lang="vi"><id>urn:2</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Xin <i>chào</i></div></title>
                <updated>2023-03-08T10:00:00Z</updated><content type="html">&lt;p&gt;Nội dung&lt;/p&gt;</content></entry>
            </feed>
            """
        )
        #expect(feed.format == .atom10)
        #expect(feed.metadata.title == "Feed title")
        #expect(feed.metadata.link == "https://example.org/")
        #expect(feed.metadata.language == "en")
        let first = feed.entries[0]
        #expect(first.title == "Plain & simple")
        #expect(first.link == "https://example.org/1")
        #expect(first.summary == "1 &lt; 2")
        #expect(first.content == "<p>Hello <b>world</b></p>")
        #expect(first.published?.rfc3339 == "2023-03-07T09:00:00+07:00")
        #expect(first.updated?.rfc3339 == "2023-03-07T10:00:00Z")
        #expect(first.authors == [FeedPerson(name: "Desk", email: "desk@example.org")])
        #expect(first.categories == ["World"])
        #expect(first.enclosures.first?.length == 99)
        let second = feed.entries[1]
        #expect(second.title == "Xin chào")
        #expect(second.content == "<p>Nội dung</p>")
        #expect(second.language == "vi")
        #expect(second.published == second.updated, "Atom's required `updated` stands in for a missing `published`")
    }

    @Test func readsAtom03() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Legacy</title>
            <modified>2023-03-07T10:00:00Z</modified>
            <entry><id>tag:1</id><title>Old Atom</title><issued>2023-03-07T09:00:00Z</issued>
            <modified>2023-03-07T10:00:00Z</modified><link rel="alternate" type="text/html" href="https://example.org/x"/>
            <content type="text/html" mode="escaped">&lt;p&gt;Escaped&lt;/p&gt;</content></entry></feed>
            """
        )
        #expect(feed.format == .atom03)
        #expect(feed.entries[0].content == "<p>Escaped</p>")
        #expect(feed.entries[0].published?.rfc3339 == "2023-03-07T09:00:00Z")
        #expect(feed.entries[0].link == "https://example.org/x")
    }

    @Test func readsJSONFeed11And10() throws {
        let feed = try parse(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "JSON", "home_page_url": "https://example.org/",
             "language": "vi", "authors": [{"name": "Desk"}],
             "items": [
               {"id": "1", "url": "/a", "title": "A", "content_html": "<p>A</p>", "date_published": "2023-03-07T09:30:00+07:00",
                "tags": ["x"], "attachments": [{"url": "https://example.org/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 5}]},
               {"id": 2, "content_text": "B < C", "summary": "s"}
             ]}
            """
        )
        #expect(feed.format == .jsonFeed11)
        #expect(feed.metadata.language == "vi")
        #expect(feed.entries[0].link == "https://example.org/a")
        #expect(feed.entries[0].authors.first?.name == "Desk", "items inherit the feed's authors")
        #expect(feed.entries[0].enclosures.first?.length == 5)
        #expect(feed.entries[1].id == "2", "numeric ids are read as strings")
        #expect(feed.entries[1].content == "B &lt; C")
        let old = try parse(
            #"{"version": "https://jsonfeed.org/version/1", "title": "Old", "author": {"name": "Solo"}, "items": [{"id": "x", "content_text": "t"}]}"#
        )
        #expect(old.format == .jsonFeed10)
        #expect(old.entries[0].authors.first?.name == "Solo")
    }

    @Test func jsonFeedWithWrongTypesWarnsInsteadOfFailing() throws {
        let feed = try parse(
            #"{"version": "https://jsonfeed.org/version/1.1", "title": 5, "items": [{"id": "1", "title": ["x"], "date_published": "soon"}, 7]}"#
        )
        #expect(feed.entries.count == 1)
        #expect(feed.metadata.title == nil)
        #expect(feed.warnings.count >= 3)
    }

    @Test(arguments: [
        ("", ParseError.Code.empty), ("   \n", .empty), ("<html><body><p>not a feed</p></body></html>", .unknownFormat),
        ("plain text", .unknownFormat), ("<?xml version=\"1.0\"?><catalog/>", .unknownFormat),
        ("{\"a\": 1}", .unknownFormat),
        ("[1, 2]", .malformedJSON), ("{broken", .malformedJSON),
    ])
    func rejectsDocumentsThatAreNotFeeds(_ sample: (String, ParseError.Code)) {
        let error = #expect(throws: ParseError.self) { try parser.parse(Array(sample.0.utf8)) }
        #expect(error?.code == sample.1)
    }

    @Test func recoversATruncatedDocumentWithAWarning() throws {
        let text = Documents.rss(items: "<item><title>Complete</title></item><item><title>Cut off")
        let truncated = String(text.prefix(text.count - 30))
        let feed = try parse(truncated)
        #expect(feed.entries.first?.title == "Complete")
        #expect(feed.warnings.contains { $0.contains("recovered") })
    }
}
