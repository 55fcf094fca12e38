/// Reads a feed document of any supported format into a ``ParsedFeed``.
///
/// Detection looks at the document, not at its name or MIME type: a JSON object is a JSON Feed; an XML
/// document is RSS, RDF or Atom according to its root element and namespace. Everything the document holds is
/// untrusted: no DTD is loaded, no external entity resolved, no network touched.
///
/// For example:
///
/// ```swift
/// let feed = try FeedParser().parse(bytes, url: "https://example.org/feed.xml", httpCharset: nil)
/// print(feed.format, feed.entries.count)
/// ```
package struct FeedParser: Sendable {
    /// The largest document accepted, in bytes.
    package var maximumDocumentSize = 64 * 1024 * 1024
    /// The most entries read from one document; later ones are ignored with a warning.
    package var maximumEntries = 10_000
    /// The longest title kept, in Unicode scalars; a longer one is truncated with a warning.
    package var maximumTitleLength = 1_000
    /// The longest entry id or link kept, in Unicode scalars; a longer one is truncated with a warning.
    package var maximumIdentifierLength = 2_048

    /// Creates a parser.
    package init() {}

    /// Parses a feed document.
    ///
    /// - Parameters:
    ///   - bytes: the document as fetched.
    ///   - url: the document's URL; relative links resolve against it.
    ///   - httpCharset: the `charset` of the HTTP `Content-Type`, which overrides the document's declaration.
    /// - Throws: ``ParseError`` when the document is empty, not a feed, or broken beyond recovery.
    package func parse(
        _ bytes: [UInt8],
        url: String? = nil,
        httpCharset: String? = nil
    ) throws(ParseError) -> ParsedFeed {
        do {
            return try parseDocument(bytes, url: url, httpCharset: httpCharset)
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(.malformedXML, "\(error)", cause: error)
        }
    }

    private func parseDocument(_ bytes: [UInt8], url: String?, httpCharset: String?) throws -> ParsedFeed {
        guard bytes.count <= maximumDocumentSize else {
            throw ParseError(.tooLarge, "the document is \(bytes.count) bytes; the limit is \(maximumDocumentSize)")
        }
        var decoded = try CharacterDecoder.decode(bytes, httpCharset: httpCharset)
        guard let first = decoded.utf8.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        else {
            throw ParseError(.empty, "the document is empty")
        }
        var feed: ParsedFeed
        if decoded.utf8[first] == UInt8(ascii: "{") || decoded.utf8[first] == UInt8(ascii: "[") {
            var reader = JSONFeedReader(baseURL: url)
            feed = try reader.read(decoded.utf8)
        } else {
            guard decoded.utf8[first] == UInt8(ascii: "<") else {
                throw ParseError(.unknownFormat, "the document is neither XML nor JSON")
            }
            if let repaired = EntityRepair.repair(decoded.utf8) {
                decoded.utf8 = repaired.bytes
                decoded.warnings.append(
                    "\(repaired.count) HTML entities that XML does not define were read as characters"
                )
            }
            let tree = try XMLTree(utf8: decoded.utf8, baseURL: url)
            feed = try Self.read(tree)
            feed.warnings.insert(contentsOf: tree.warnings, at: 0)
        }
        feed.warnings.insert(contentsOf: decoded.warnings, at: 0)
        FeedLimits(
            maximumEntries: maximumEntries,
            maximumTitleLength: maximumTitleLength,
            maximumIdentifierLength: maximumIdentifierLength
        ).apply(to: &feed)
        return feed
    }

    private static func read(_ tree: XMLTree) throws -> ParsedFeed {
        let root = tree.root
        switch (root.namespace, root.name) {
        case (nil, "rss"):
            let version = root.attribute("version") ?? "2.0"
            var reader = RSSReader(root: root, core: nil)
            return reader.read(format: version.hasPrefix("0.9") ? .rss09x : .rss20)
        case (Namespace.rdf, "RDF"):
            let core = root.children.first { $0.name == "channel" }?.namespace ?? Namespace.rss10
            var reader = RSSReader(root: root, core: core)
            return reader.read(format: core == Namespace.rss090 ? .rss09x : .rss10)
        case (Namespace.atom10, "feed"), (Namespace.atom03, "feed"):
            var reader = AtomReader(root: root, namespace: root.namespace!)
            return reader.read()
        case (_, "html"), (Namespace.xhtml, _):
            throw ParseError(.unknownFormat, "the document is an HTML page, not a feed")
        default:
            throw ParseError(.unknownFormat, "the document is XML but not a feed (root element <\(root.name)>)")
        }
    }
}
