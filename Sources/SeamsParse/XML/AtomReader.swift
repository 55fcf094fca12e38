import Foundation

/// Reads Atom 1.0 and Atom 0.3 documents into the common entry model.
///
/// Atom's text constructs (`title`, `summary`, `content`…) say whether they hold text, escaped HTML or inline
/// XHTML; each is turned into plain text or HTML accordingly. Links resolve against `xml:base`. Entries without
/// authors inherit the feed's, as the specification says.
struct AtomReader {
    let root: XMLElement
    let namespace: String
    var warnings: [String] = []

    init(root: XMLElement, namespace: String) {
        self.root = root
        self.namespace = namespace
    }

    private var isLegacy: Bool { namespace == Namespace.atom03 }

    mutating func read() -> ParsedFeed {
        var metadata = FeedMetadata()
        metadata.language = root.language
        var entryElements: [XMLElement] = []
        for child in root.children where child.namespace == namespace {
            switch child.name {
            case "title": metadata.title = plainText(child)
            case "subtitle", "tagline": metadata.description = plainText(child)
            case "id": metadata.id = child.trimmedText
            case "updated", "modified": metadata.updated = child.date(context: "feed", warnings: &warnings)
            case "author": if let person = readPerson(child) { metadata.authors.append(person) }
            case "link":
                let rel = child.attribute("rel") ?? "alternate"
                if rel == "alternate", metadata.link == nil, let href = child.attribute("href") {
                    metadata.link = child.resolve(href)
                }
            case "entry": entryElements.append(child)
            default: continue
            }
        }
        var entries: [FeedEntry] = []
        entries.reserveCapacity(entryElements.count)
        for (index, element) in entryElements.enumerated() {
            var entry = readEntry(element, position: index + 1)
            if entry.authors.isEmpty { entry.authors = metadata.authors }
            entries.append(entry)
        }
        return ParsedFeed(
            format: isLegacy ? .atom03 : .atom10,
            metadata: metadata,
            entries: entries,
            warnings: warnings
        )
    }

    private mutating func readEntry(_ element: XMLElement, position: Int) -> FeedEntry {
        var entry = FeedEntry()
        let context = "entry \(position)"
        var alternates: [(href: String, type: String?)] = []
        for child in element.children {
            guard child.namespace == namespace else {
                if child.isNamed("encoded", in: Namespace.content), entry.content == nil {
                    entry.content = EntryText.nonEmpty(child.text)
                }
                continue
            }
            switch child.name {
            case "id": entry.id = child.trimmedText
            case "title": entry.title = plainText(child)
            case "summary": entry.summary = html(child)
            case "content":
                if child.attribute("src") == nil { entry.content = html(child) }
            case "published", "issued": entry.published = child.date(context: context, warnings: &warnings)
            case "updated", "modified": entry.updated = child.date(context: context, warnings: &warnings)
            case "created":
                if entry.published == nil { entry.published = child.date(context: context, warnings: &warnings) }
            case "author", "contributor": if let person = readPerson(child) { entry.authors.append(person) }
            case "category":
                if let label = EntryText.nonEmpty(child.attribute("label") ?? child.attribute("term")),
                    !entry.categories.contains(label)
                {
                    entry.categories.append(label)
                }
            case "link":
                guard let href = child.attribute("href") else { continue }
                switch child.attribute("rel") ?? "alternate" {
                case "alternate": alternates.append((child.resolve(href), child.attribute("type")))
                case "enclosure":
                    entry.enclosures.append(
                        FeedEnclosure(
                            url: child.resolve(href),
                            type: child.attribute("type"),
                            length: child.attribute("length").flatMap { Int($0) }
                        )
                    )
                default: continue
                }
            default: continue
            }
        }
        // Prefer the HTML page when several alternates are offered.
        entry.link = (alternates.first { $0.type == nil || $0.type == "text/html" } ?? alternates.first)?.href
        if entry.published == nil, entry.updated != nil, isLegacy == false {
            // Atom requires only `updated`; it is the best publication date there is.
            entry.published = entry.updated
        }
        let language = element.language
        if language != root.language { entry.language = language }
        return entry
    }

    private func readPerson(_ element: XMLElement) -> FeedPerson? {
        var person = FeedPerson()
        for child in element.children where child.namespace == namespace {
            switch child.name {
            case "name": person.name = child.trimmedText
            case "email": person.email = child.trimmedText
            case "uri", "url": person.uri = child.trimmedText.map(child.resolve)
            default: continue
            }
        }
        return person.isEmpty ? nil : person
    }

    private enum TextKind { case text, html, xhtml, base64 }

    private func kind(of element: XMLElement) -> TextKind {
        if isLegacy {
            switch element.attribute("mode") ?? "xml" {
            case "escaped": return .html
            case "base64": return .base64
            default:
                return element.hasElementChildren ? .xhtml : (element.attribute("type") == "text/html" ? .html : .text)
            }
        }
        switch (element.attribute("type") ?? "text").lowercased() {
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default: return .text
        }
    }

    /// A text construct as HTML.
    private func html(_ element: XMLElement) -> String? {
        switch kind(of: element) {
        case .html: return element.trimmedText
        case .xhtml: return EntryText.nonEmpty(xhtmlMarkup(element))
        case .text: return element.trimmedText.map(EntryText.html(fromPlainText:))
        case .base64:
            return Data(base64Encoded: element.text, options: .ignoreUnknownCharacters)
                .flatMap { String(data: $0, encoding: .utf8) }.flatMap(EntryText.nonEmpty)
        }
    }

    /// A text construct as plain text on one line.
    private func plainText(_ element: XMLElement) -> String? {
        switch kind(of: element) {
        case .text: return element.trimmedText.map(EntryText.collapse)
        default: return html(element).flatMap(EntryText.plain(fromHTML:))
        }
    }

    /// The markup inside an XHTML construct, without the wrapping `div` the specification requires.
    private func xhtmlMarkup(_ element: XMLElement) -> String {
        let children = Array(element.children)
        if children.count == 1, children[0].isNamed("div", in: Namespace.xhtml) { return children[0].innerXML }
        return element.innerXML
    }
}
