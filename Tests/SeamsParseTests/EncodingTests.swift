import Foundation
import SeamsParse
import Testing

struct EncodingTests {
    let parser = FeedParser()
    let title = "Hà Nội “mùa thu” – café"

    func document(declaring encoding: String?) -> String {
        let declaration = encoding.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? "<?xml version=\"1.0\"?>"
        return Documents.rss(items: "<item><title>\(title)</title></item>", declaration: declaration)
    }

    /// An RSS document declaring `encoding` whose only title is the given raw bytes.
    func document(declaring encoding: String, aroundTitle title: [UInt8]) -> [UInt8] {
        let text = Documents.rss(
            items: "<item><title>@@</title></item>",
            declaration: "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>"
        )
        let parts = text.components(separatedBy: "@@")
        return Array(parts[0].utf8) + title + Array(parts[1].utf8)
    }

    @Test func readsUTF8WithAndWithoutByteOrderMark() throws {
        let plain = Array(document(declaring: "utf-8").utf8)
        #expect(try parser.parse(plain).entries[0].title == title)
        #expect(try parser.parse([0xEF, 0xBB, 0xBF] + plain).entries[0].title == title)
    }

    @Test(arguments: [true, false])
    func readsUTF16LittleAndBigEndianWithByteOrderMark(_ little: Bool) throws {
        let units = Array(document(declaring: "utf-16").utf16)
        var bytes: [UInt8] = little ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in units {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += little ? pair : pair.reversed()
        }
        #expect(try parser.parse(bytes).entries[0].title == title)
    }

    @Test func readsUTF16WithoutByteOrderMark() throws {
        var bytes: [UInt8] = []
        for unit in document(declaring: "utf-16").utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try parser.parse(bytes).entries[0].title == title)
    }

    @Test func readsISO88591AsDeclared() throws {
        let text = Documents.rss(
            items: "<item><title>Café crème à Noël</title></item>",
            declaration: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
        )
        let bytes = try #require(text.data(using: .isoLatin1))
        #expect(try parser.parse(Array(bytes)).entries[0].title == "Café crème à Noël")
    }

    @Test func readsWindows1252CurlyQuotesEvenWhenLabelledLatin1() throws {
        // 0x93/0x94 are curly quotes in Windows-1252 and controls in ISO-8859-1; feeds that say the latter mean the former.
        let bytes = document(declaring: "iso-8859-1", aroundTitle: [0x93, 0x4F, 0x4B, 0x94, 0x20, 0x80])
        #expect(try parser.parse(bytes).entries[0].title == "“OK” €")
    }

    @Test func readsWindows1258VietnameseAndComposesIt() throws {
        // "Việt" in Windows-1258: V i e(0x65) + circumflex is precomposed ê (0xEA), then the dot below as a combining mark (0xF2), t.
        let bytes = document(declaring: "windows-1258", aroundTitle: [0x56, 0x69, 0xEA, 0xF2, 0x74])
        let decoded = try #require(try parser.parse(bytes).entries[0].title)
        #expect(decoded == "Việt")
        #expect(
            Array(decoded.utf8) == Array("Vi\u{1EC7}t".utf8),
            "stored in NFC, so copies in other encodings compare equal"
        )
    }

    @Test func theHTTPCharsetOverridesTheDeclaration() throws {
        let text = Documents.rss(
            items: "<item><title>Crème</title></item>",
            declaration: "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        )
        let bytes = try #require(text.data(using: .isoLatin1))
        #expect(try parser.parse(Array(bytes), httpCharset: "iso-8859-1").entries[0].title == "Crème")
    }

    @Test func aLyingUTF8DeclarationIsReadAsWindows1252WithAWarning() throws {
        let text = Documents.rss(items: "<item><title>Crème</title></item>")
        let bytes = try #require(text.data(using: .isoLatin1))
        let feed = try parser.parse(Array(bytes))
        #expect(feed.entries[0].title == "Crème")
        #expect(feed.warnings.contains { $0.contains("not valid UTF-8") })
    }

    @Test func anUnknownEncodingIsAClearError() {
        let text = Documents.rss(items: "", declaration: "<?xml version=\"1.0\" encoding=\"x-klingon\"?>")
        let error = #expect(throws: ParseError.self) { try parser.parse(Array(text.utf8)) }
        #expect(error?.code == .encoding)
        #expect(error?.message.contains("x-klingon") == true)
    }

    @Test func decomposedUTF8IsComposedToNFC() throws {
        let nfd = "Vie\u{0302}\u{0323}t"
        let feed = try parser.parse(Array(Documents.rss(items: "<item><title>\(nfd)</title></item>").utf8))
        #expect(Array(try #require(feed.entries[0].title).utf8) == Array("Vi\u{1EC7}t".utf8))
    }
}
