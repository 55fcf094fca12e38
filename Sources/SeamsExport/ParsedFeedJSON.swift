package import SeamsParse

/// The documented JSON shape of `seams parse --json`: the feed as Seams understood it, for debugging feeds.
///
/// `{"format", "feed": {"title","link","id","description","language","updated","authors"}, "entries": [{"id",
/// "link","title","authors","published","updated","summary","content","text","enclosures","categories"}],
/// "warnings"}`; dates are RFC 3339 in the offset the feed wrote; missing values are `null`.
package struct ParsedFeedJSON: Encodable, Sendable {
    let feed: ParsedFeed
    let texts: [String]

    /// Creates the document from a parsed feed and the extracted text of each entry, in order.
    package init(_ feed: ParsedFeed, texts: [String]) {
        self.feed = feed
        self.texts = texts
    }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }

    enum Keys: String, CodingKey {
        case format, feed, entries, warnings, title, link, id, description, language, updated, authors, published
        case summary, content, text, enclosures, categories, name, email, uri, url, type, length
    }

    package func encode(to encoder: any Encoder) throws {
        var root = encoder.container(keyedBy: Keys.self)
        try root.encode(feed.format.rawValue, forKey: .format)
        var metadata = root.nestedContainer(keyedBy: Keys.self, forKey: .feed)
        try metadata.encode(feed.metadata.title, forKey: .title)
        try metadata.encode(feed.metadata.link, forKey: .link)
        try metadata.encode(feed.metadata.id, forKey: .id)
        try metadata.encode(feed.metadata.description, forKey: .description)
        try metadata.encode(feed.metadata.language, forKey: .language)
        try metadata.encode(feed.metadata.updated?.rfc3339, forKey: .updated)
        try Self.encode(feed.metadata.authors, in: &metadata)
        var entries = root.nestedUnkeyedContainer(forKey: .entries)
        for (index, entry) in feed.entries.enumerated() {
            var item = entries.nestedContainer(keyedBy: Keys.self)
            try item.encode(entry.id, forKey: .id)
            try item.encode(entry.link, forKey: .link)
            try item.encode(entry.title, forKey: .title)
            try Self.encode(entry.authors, in: &item)
            try item.encode(entry.published?.rfc3339, forKey: .published)
            try item.encode(entry.updated?.rfc3339, forKey: .updated)
            try item.encode(entry.summary, forKey: .summary)
            try item.encode(entry.content, forKey: .content)
            try item.encode(index < texts.count ? texts[index] : nil, forKey: .text)
            try item.encode(entry.language, forKey: .language)
            var enclosures = item.nestedUnkeyedContainer(forKey: .enclosures)
            for enclosure in entry.enclosures {
                var value = enclosures.nestedContainer(keyedBy: Keys.self)
                try value.encode(enclosure.url, forKey: .url)
                try value.encode(enclosure.type, forKey: .type)
                try value.encode(enclosure.length, forKey: .length)
            }
            try item.encode(entry.categories, forKey: .categories)
        }
        try root.encode(feed.warnings, forKey: .warnings)
    }

    private static func encode(_ people: [FeedPerson], in container: inout KeyedEncodingContainer<Keys>) throws {
        var authors = container.nestedUnkeyedContainer(forKey: .authors)
        for person in people {
            var value = authors.nestedContainer(keyedBy: Keys.self)
            try value.encode(person.name, forKey: .name)
            try value.encode(person.email, forKey: .email)
            try value.encode(person.uri, forKey: .uri)
        }
    }
}
