import Foundation
import SeamsExtract
import SeamsParse

/// The feed parser on arbitrary bytes; the first byte picks the HTTP charset a server could have declared.
enum FeedParserTarget {
    static let charsets: [String?] = [nil, "utf-8", "iso-8859-1", "windows-1258", "utf-16", "shift_jis", "bogus"]

    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let charset = charsets[Int(first) % charsets.count]
        let parser = FeedParser()
        guard
            let feed = try? parser.parse(
                Array(bytes.dropFirst()),
                url: "https://example.org/feed",
                httpCharset: charset
            )
        else { return }
        expect(feed.entries.count <= parser.maximumEntries, "\(feed.entries.count) entries kept")
        for entry in feed.entries {
            expect((entry.title?.unicodeScalars.count ?? 0) <= parser.maximumTitleLength, "an oversized title was kept")
            expect((entry.id?.unicodeScalars.count ?? 0) <= parser.maximumIdentifierLength, "an oversized id was kept")
            if let published = entry.published { expect(published.rfc3339.count >= 20, "date \(published.rfc3339)") }
        }
    }
}

/// The HTML text extractor and the sanitizer on the same arbitrary HTML.
enum HTMLExtractorTarget {
    static func run(_ bytes: [UInt8]) {
        let text = bytes.withUnsafeBufferPointer { TextExtractor().text(fromHTML: $0) }
        expect(!text.hasPrefix("\n") && !text.hasSuffix("\n"), "text not trimmed: \(text.debugDescription)")
        let clean = bytes.withUnsafeBufferPointer { HTMLSanitizer().sanitize($0) }
        expect(!hasActiveMarkup(clean), "active markup survived sanitizing: \(clean.debugDescription)")
        // What the sanitizer lets through must stay safe when a browser or the sanitizer reads it again.
        expect(!hasActiveMarkup(HTMLSanitizer().sanitize(clean)), "re-sanitizing brought back active markup")
    }

    /// True when a tag of `html` is a script, carries an event-handler attribute or links to a `javascript:` URL.
    static func hasActiveMarkup(_ html: String) -> Bool {
        let lowered = Array(html.lowercased().utf8)
        var index = 0
        while let open = lowered[index...].firstIndex(of: UInt8(ascii: "<")) {
            let close = lowered[open...].firstIndex(of: UInt8(ascii: ">")) ?? lowered.endIndex
            let tag = String(decoding: lowered[open..<close], as: UTF8.self)
            if tag.hasPrefix("<script") || tag.hasPrefix("<iframe") || tag.contains("javascript:") { return true }
            if attributeNames(tag).contains(where: { $0.hasPrefix("on") }) { return true }
            index = close
            if index == lowered.endIndex { break }
        }
        return false
    }

    /// The attribute names of one start tag (from its `<` up to its `>`), skipping quoted values.
    ///
    /// Read by Unicode scalars, as a browser reads: a quote followed by a combining mark is still a quote (as a
    /// `Character`, the two are one grapheme and the quote went unseen — the checker's own bug, found by fuzzing).
    static func attributeNames(_ tag: String) -> [String] {
        var names: [String] = []
        var current = ""
        var quote: Unicode.Scalar?
        var afterName = false
        for character in tag.unicodeScalars.dropFirst().drop(while: { !$0.properties.isWhitespace && $0 != "/" }) {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "=":
                if !current.isEmpty { names.append(current) }
                current = ""
                afterName = true
            case _ where character.properties.isWhitespace || character == "/":
                if !current.isEmpty && !afterName { names.append(current) }
                current = ""
                afterName = false
            default:
                if afterName { continue }  // an unquoted value
                current.unicodeScalars.append(character)
            }
        }
        if !current.isEmpty && !afterName { names.append(current) }
        return names
    }
}

/// The date parser: whatever it accepts must print as RFC 3339 and read back as the same instant.
enum DateParserTarget {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let date = FeedDateParser.parse(text) else { return }
        let printed = date.rfc3339
        guard let reread = FeedDateParser.parse(printed) else {
            fatalError("fuzz invariant: \(printed) does not read back")
        }
        let drift = abs(reread.date.timeIntervalSince(date.date))
        expect(drift < 0.001, "\(text.debugDescription) → \(printed) → \(reread.rfc3339)")
        // RSS exports write RFC 822, which has whole seconds.
        let rss = date.rfc822
        guard let fromRSS = FeedDateParser.parse(rss) else { fatalError("fuzz invariant: \(rss) does not read back") }
        expect(
            abs(fromRSS.date.timeIntervalSince(date.date)) < 1,
            "\(text.debugDescription) → \(rss) → \(fromRSS.rfc3339)"
        )
    }
}
