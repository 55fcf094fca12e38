/// A subscription list in OPML: the feeds it names, flattened out of any folders.
///
/// For example:
///
/// ```swift
/// let outlines = try OPMLDocument.parse(bytes, url: "file:///srv/feeds.opml").outlines
/// ```
package struct OPMLDocument: Sendable {
    /// One feed of the list.
    package struct Outline: Sendable, Hashable {
        /// The title the list gives the feed.
        package var title: String?
        /// The feed's URL, resolved against the list's own location (relative paths name files beside it).
        package var feedURL: String
        /// The feed's web site, if given.
        package var siteURL: String?

        /// Creates an outline.
        package init(title: String?, feedURL: String, siteURL: String? = nil) {
            self.title = title
            self.feedURL = feedURL
            self.siteURL = siteURL
        }
    }

    /// The title of the list.
    package var title: String?
    /// The feeds, in document order, folders flattened.
    package var outlines: [Outline]

    /// Reads an OPML document; `url` is where it came from, for resolving relative feed URLs.
    ///
    /// - Throws: ``ParseError`` when the document is not OPML.
    package static func parse(_ bytes: [UInt8], url: String?) throws(ParseError) -> OPMLDocument {
        do {
            let decoded = try CharacterDecoder.decode(bytes, httpCharset: nil)
            let tree = try XMLTree(utf8: decoded.utf8, baseURL: url)
            let root = tree.root
            guard root.name == "opml" else {
                throw ParseError(.unknownFormat, "not an OPML document (root element <\(root.name)>)")
            }
            var document = OPMLDocument(title: nil, outlines: [])
            document.title = root.child("head", in: nil)?.child("title", in: nil)?.trimmedText
            var stack: [XMLElement] = root.child("body", in: nil).map { Array($0.children).reversed() } ?? []
            while let element = stack.popLast() {
                guard element.name == "outline" else { continue }
                if let feedURL = EntryText.nonEmpty(element.attribute("xmlUrl") ?? element.attribute("xmlURL")) {
                    document.outlines.append(
                        Outline(
                            title: EntryText.nonEmpty(element.attribute("title") ?? element.attribute("text")),
                            feedURL: element.resolve(feedURL),
                            siteURL: EntryText.nonEmpty(element.attribute("htmlUrl")).map(element.resolve)
                        )
                    )
                }
                stack.append(contentsOf: element.children.reversed())
            }
            return document
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(.malformedXML, "\(error)", cause: error)
        }
    }
}
