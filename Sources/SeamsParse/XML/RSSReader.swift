import SeamsCore

/// Reads RSS 0.9x, 2.0 and 1.0 (RDF) documents into the common entry model.
///
/// The three differ mainly in where items sit (inside `channel` for 0.91–2.0, beside it for RDF) and in the
/// namespace of their core elements, so one reader serves them, given the namespace of the core elements.
struct RSSReader {
    let root: XMLElement
    /// The namespace of `channel`, `item`, `title`…: none for RSS 0.9x/2.0, the RSS 1.0 or 0.90 namespace for RDF.
    let core: String?
    var warnings: [String] = []

    init(root: XMLElement, core: String?) {
        self.root = root
        self.core = core
    }

    mutating func read(format: FeedFormat) -> ParsedFeed {
        let channel = root.child("channel", in: core)
        var metadata = FeedMetadata()
        if let channel { metadata = readChannel(channel) }
        // RSS 0.9x/2.0 nest items in the channel; RDF puts them beside it.
        let container = core == nil ? (channel ?? root) : root
        let items = container.children.filter { $0.isNamed("item", in: core) }
        var entries: [FeedEntry] = []
        entries.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            entries.append(readItem(item, position: index + 1))
        }
        return ParsedFeed(format: format, metadata: metadata, entries: entries, warnings: warnings)
    }

    private mutating func readChannel(_ channel: XMLElement) -> FeedMetadata {
        var metadata = FeedMetadata()
        for child in channel.children {
            switch (child.namespace, child.name) {
            case (core, "title"): metadata.title = child.trimmedText.flatMap(EntryText.plain(fromHTML:))
            case (core, "link"): metadata.link = child.trimmedText.map(child.resolve)
            case (core, "description"): metadata.description = child.trimmedText.flatMap(EntryText.plain(fromHTML:))
            case (core, "language"), (Namespace.dublinCore, "language"): metadata.language = child.trimmedText
            case (core, "lastBuildDate"), (core, "pubDate"), (Namespace.dublinCore, "date"):
                if let date = child.date(context: "channel", warnings: &warnings),
                    metadata.updated.map({ date > $0 }) ?? true
                {
                    metadata.updated = date
                }
            case (core, "ttl"): metadata.timeToLive = child.trimmedText.flatMap { Int($0) }
            case (core, "managingEditor"), (Namespace.dublinCore, "creator"):
                if let person = child.trimmedText.flatMap(EntryText.person(fromRSSAuthor:)) {
                    metadata.authors.append(person)
                }
            case (Namespace.atom10, "link"):
                if child.attribute("rel") == "self", let href = child.attribute("href") {
                    metadata.id = child.resolve(href)
                }
            default: continue
            }
        }
        return metadata
    }

    private mutating func readItem(_ item: XMLElement, position: Int) -> FeedEntry {
        var entry = FeedEntry()
        var guidIsPermalink = false
        var guid: String?
        var alternate: String?
        for child in item.children {
            switch (child.namespace, child.name) {
            case (core, "title"): entry.title = child.trimmedText.flatMap(EntryText.plain(fromHTML:))
            case (core, "link"): entry.link = child.trimmedText.map(child.resolve)
            case (core, "description"):
                entry.summary = child.hasElementChildren ? EntryText.nonEmpty(child.innerXML) : child.trimmedText
            case (Namespace.content, "encoded"):
                entry.content = child.hasElementChildren ? EntryText.nonEmpty(child.innerXML) : child.trimmedText
            case (core, "guid"):
                guid = child.trimmedText
                guidIsPermalink = (child.attribute("isPermaLink") ?? "true").lowercased() != "false"
            case (Namespace.dublinCore, "identifier"): if guid == nil { guid = child.trimmedText }
            case (core, "pubDate"), (Namespace.dublinCore, "date"), (Namespace.dublinCoreTerms, "issued"):
                if entry.published == nil {
                    entry.published = child.date(context: "entry \(position)", warnings: &warnings)
                }
            case (Namespace.dublinCoreTerms, "modified"), (Namespace.atom10, "updated"):
                entry.updated = child.date(context: "entry \(position)", warnings: &warnings)
            case (core, "author"), (Namespace.dublinCore, "creator"):
                if let person = child.trimmedText.flatMap(EntryText.person(fromRSSAuthor:)) {
                    entry.authors.append(person)
                }
            case (core, "category"), (Namespace.dublinCore, "subject"):
                if let label = child.trimmedText, !entry.categories.contains(label) { entry.categories.append(label) }
            case (core, "enclosure"), (Namespace.media, "content"):
                if let url = child.attribute("url") {
                    let length = (child.attribute("length") ?? child.attribute("fileSize")).flatMap { Int($0) }
                    entry.enclosures.append(
                        FeedEnclosure(url: child.resolve(url), type: child.attribute("type"), length: length)
                    )
                }
            case (Namespace.atom10, "link"):
                let rel = child.attribute("rel") ?? "alternate"
                if rel == "alternate", alternate == nil, let href = child.attribute("href") {
                    alternate = child.resolve(href)
                }
            case (Namespace.dublinCore, "language"): entry.language = child.trimmedText
            default: continue
            }
        }
        let about = core == nil ? nil : item.attribute("about", in: Namespace.rdf)
        entry.id = guid ?? about
        if entry.link == nil {
            if let guid, guidIsPermalink, WebAddress.isWeb(guid) {
                entry.link = item.resolve(guid)
            } else {
                entry.link = alternate ?? about.map(item.resolve)
            }
        }
        return entry
    }
}
