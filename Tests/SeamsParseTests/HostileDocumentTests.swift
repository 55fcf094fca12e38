import Foundation
import SeamsParse
import Testing

/// Documents written to break a feed reader: each ends in a clear error or a correct parse, in bounded time and
/// memory, and never reads a file or the network.
struct HostileDocumentTests {
    let parser = FeedParser()

    func rss(_ items: String, doctype: String = "") -> [UInt8] {
        Array(
            "<?xml version=\"1.0\"?>\(doctype)<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>"
                .utf8
        )
    }

    func parseError(_ bytes: [UInt8], httpCharset: String? = nil) -> ParseError? {
        do {
            let feed = try parser.parse(bytes, httpCharset: httpCharset)
            Issue.record("parsed as \(feed.format) with \(feed.entries.count) entries")
            return nil
        } catch {
            return error
        }
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("seams-xxe-\(UUID().uuidString)")
        try "TOP-SECRET-CONTENT".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        for system in [
            secret.absoluteString, secret.path, "http://127.0.0.1:9/xxe", "https://169.254.169.254/latest/meta-data/",
        ] {
            let doctype = "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"\(system)\">]>"
            let feed = try parser.parse(
                rss("<item><title>a &xxe; b</title><description>&xxe;</description></item>", doctype: doctype)
            )
            #expect(feed.entries.count == 1)
            let text = (feed.entries.first?.title ?? "") + (feed.entries.first?.summary ?? "")
            #expect(!text.contains("TOP-SECRET"), "\(system) was read")
        }
        // A parameter entity pulling in an external DTD is refused the same way.
        let dtd = "<!DOCTYPE rss [<!ENTITY % remote SYSTEM \"\(secret.absoluteString)\"> %remote;]>"
        let feed = try parser.parse(rss("<item><title>fine</title></item>", doctype: dtd))
        #expect(feed.entries.first?.title == "fine")
    }

    @Test func entityExpansionBombsAreStopped() throws {
        var laughs = "<!ENTITY lol0 \"lollollollollollollollollollol\">"
        for level in 1...9 {
            laughs += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let billion = rss(
            "<item><title>&lol9;</title><description>&lol9;</description></item>",
            doctype: "<!DOCTYPE rss [\(laughs)]>"
        )
        let quadratic = rss(
            "<item><title>x</title><description>" + String(repeating: "&big;", count: 20_000) + "</description></item>",
            doctype: "<!DOCTYPE rss [<!ENTITY big \"\(String(repeating: "A", count: 50_000))\">]>"
        )
        for (name, document) in [("billion laughs", billion), ("quadratic blowup", quadratic)] {
            do {
                let feed = try parser.parse(document)
                let size = feed.entries.reduce(0) { $0 + ($1.title?.utf8.count ?? 0) + ($1.summary?.utf8.count ?? 0) }
                #expect(size < 10_000_000, "\(name) expanded to \(size) bytes")
            } catch {
                #expect(error.code == .malformedXML, "\(name): \(error)")
            }
        }
    }

    @Test func deepNestingIsBounded() throws {
        let depth = 10_000
        let xml = rss(
            "<item><title>deep</title><description>" + String(repeating: "<div>", count: depth) + "x"
                + String(repeating: "</div>", count: depth) + "</description></item>"
        )
        do {
            let feed = try parser.parse(xml)
            #expect(feed.entries.count <= 1)
        } catch {
            #expect(error.code == .malformedXML)
        }
        let json =
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"tags\":"
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]}"
        do {
            let feed = try parser.parse(Array(json.utf8))
            #expect(feed.entries.count == 1)
        } catch {
            #expect(error.code == .malformedJSON)
        }
    }

    @Test func documentsOverTheSizeLimitAreRefusedUnread() {
        var small = FeedParser()
        small.maximumDocumentSize = 1_000_000
        let big = rss(String(repeating: "<item><title>x</title></item>", count: 40_000))
        let error = #expect(throws: ParseError.self) { try small.parse(big) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("1000000") == true, "the message names the limit: \(String(describing: error))")
    }

    @Test func aHundredThousandEntriesAreCutToTheLimit() throws {
        var items = ""
        items.reserveCapacity(4_000_000)
        for index in 0..<100_000 { items += "<item><guid>\(index)</guid><title>t\(index)</title></item>" }
        let feed = try parser.parse(rss(items))
        #expect(feed.entries.count == parser.maximumEntries)
        #expect(feed.entries.first?.id == "0" && feed.entries.last?.id == "\(parser.maximumEntries - 1)")
        #expect(feed.warnings.contains { $0.contains("100000 entries") })
    }

    @Test func badBytesAreRepairedNotFatal() throws {
        // Invalid UTF-8 (a Windows-1252 curly quote), a NUL and control characters inside text.
        let broken: [UInt8] = rss("<item><title>Hà Nội \u{01}ok</title></item>") + []
        var bytes = broken
        let title = Array("<title>".utf8)
        let at = bytes.firstRange(of: title)!.upperBound
        bytes.insert(contentsOf: [0x93, 0x00, 0x0B, 0x94], at: at)
        let feed = try parser.parse(bytes)
        #expect(feed.entries.count == 1)
        let text = try #require(feed.entries.first?.title)
        #expect(
            !text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" },
            "\(text.debugDescription)"
        )
        #expect(text.hasSuffix("ok"))
        #expect(!feed.warnings.isEmpty)
        // The same inside JSON.
        var json = Array(
            "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"title\":\"a b\"}]}".utf8
        )
        let quote = json.lastIndex(of: UInt8(ascii: "b"))!
        json.insert(contentsOf: [0x00, 0x01, 0x1F], at: quote)
        let jsonFeed = try parser.parse(json)
        #expect(jsonFeed.entries.first?.title?.hasPrefix("a") == true)
    }

    @Test func loneSurrogatesInJSONBecomeReplacementCharacters() throws {
        let json =
            #"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"a \ud800 b \udc00 c \ud83d\ude00"}]}"#
        let feed = try parser.parse(Array(json.utf8))
        #expect(feed.entries.first?.title == "a \u{FFFD} b \u{FFFD} c 😀")
    }

    @Test func aCharsetThatLiesIsOverruled() throws {
        // The server says ISO-8859-1, the bytes are UTF-8 Vietnamese.
        let utf8 = rss("<item><title>Hà Nội</title></item>")
        let feed = try parser.parse(utf8, httpCharset: "iso-8859-1")
        #expect(feed.entries.first?.title == "Hà Nội")
        #expect(feed.warnings.contains { $0.contains("UTF-8") })
        // The declaration says UTF-8, the bytes are Windows-1252.
        var latin = Array(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item><title>caf".utf8
        )
        latin += [0xE9] + Array("</title></item></channel></rss>".utf8)
        #expect(try parser.parse(latin).entries.first?.title == "café")
        // The declaration says UTF-16 or Shift_JIS, the bytes are UTF-8.
        for declared in ["utf-16", "UTF-32", "shift_jis", "koi8-r"] {
            let lying = Array(
                "<?xml version=\"1.0\" encoding=\"\(declared)\"?><rss version=\"2.0\"><channel><item><title>Hà Nội</title></item></channel></rss>"
                    .utf8
            )
            #expect(try parser.parse(lying).entries.first?.title == "Hà Nội", "\(declared)")
        }
    }

    @Test func utf16WithoutAByteOrderMarkIsDetected() throws {
        let text =
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Hà Nội</title></item></channel></rss>"
        for (little, name) in [(true, "LE"), (false, "BE")] {
            let bytes = text.utf16.flatMap { unit -> [UInt8] in
                little ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            }
            #expect(try parser.parse(bytes).entries.first?.title == "Hà Nội", "UTF-16\(name)")
        }
        let json = #"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"Hà Nội"}]}"#
        let utf16 = json.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try parser.parse(utf16).entries.first?.title == "Hà Nội", "JSON in UTF-16LE")
    }

    @Test func notAFeedIsAClearError() {
        let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Error</h1></body></html>"
        #expect(parseError(Array(html.utf8))?.code == .unknownFormat)
        #expect(parseError(Array("<html><body>Not found".utf8))?.code == .unknownFormat)
        #expect(parseError([])?.code == .empty)
        #expect(parseError(Array(" \n\t ".utf8))?.code == .empty)
        #expect(parseError(Array("Service unavailable".utf8))?.code == .unknownFormat)
        #expect(parseError(Array("[1, 2, 3]".utf8))?.code == .malformedJSON)
        #expect(parseError(Array("{\"items\": 7}".utf8)) != nil)
    }

    @Test func aDocumentCutMidElementKeepsWhatCameBefore() throws {
        let whole = rss(
            "<item><guid>1</guid><title>first</title></item><item><guid>2</guid><title>second</title></item>"
        )
        let cut = Array(whole.prefix(whole.count - 50))
        let feed = try parser.parse(cut)
        #expect(feed.entries.first?.title == "first")
        #expect(feed.warnings.contains { $0.contains("recovered") })
    }

    @Test func jsonFeedWithWrongTypesEverywhereIsReadLeniently() throws {
        let json = """
            {"version": 11, "title": ["x"], "home_page_url": {}, "authors": "me", "items": [
              7, "string", null, [],
              {"id": {"a": 1}, "url": 5, "title": false, "content_html": 12, "content_text": ["x"], "summary": {},
               "date_published": 20230307, "date_modified": true, "authors": [1, "x", null], "tags": "news",
               "attachments": {"url": "x"}, "language": 3},
              {"id": 42, "title": "fine", "content_text": "body", "tags": [1, "ok", null]}
            ]}
            """
        let feed = try parser.parse(Array(json.utf8))
        #expect(feed.entries.count == 2)
        #expect(feed.entries.last?.id == "42")
        #expect(feed.entries.last?.title == "fine")
        #expect(feed.entries.last?.categories == ["ok"])
        #expect(feed.warnings.count >= 10)
    }

    @Test func absurdDatesAreUnreadNotWrong() throws {
        let dates = [
            "Sat, 01 Jan 0000 00:00:00 GMT", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "2023-03-07T09:30:00+25:00", "2023-03-07T09:30:00-25:00", "Tue, 07 Mar 2023 09:30:00 +2500", "yesterday",
            "not a date", "2023-13-45", "2023-02-30T00:00:00Z", "99999999999", "-1", "",
        ]
        let items = dates.enumerated().map { "<item><guid>\($0.offset)</guid><pubDate>\($0.element)</pubDate></item>" }
        let feed = try parser.parse(rss(items.joined()))
        #expect(feed.entries.count == dates.count)
        for (entry, date) in zip(feed.entries, dates) { #expect(entry.published == nil, "\(date) was read") }
        // The empty one is no date.
        #expect(feed.warnings.filter { $0.contains("unreadable date") }.count == dates.count - 1)
    }

    @Test func megabyteTitlesAreTruncated() throws {
        let huge = String(repeating: "Tiêu đề ", count: 150_000)
        let feed = try parser.parse(
            rss("<item><title>\(huge)</title><guid>\(String(repeating: "g", count: 1_000_000))</guid></item>")
        )
        let entry = try #require(feed.entries.first)
        #expect(entry.title?.unicodeScalars.count == parser.maximumTitleLength)
        #expect(entry.id?.unicodeScalars.count == parser.maximumIdentifierLength)
        #expect(feed.warnings.contains { $0.contains("truncated") })
    }
}
