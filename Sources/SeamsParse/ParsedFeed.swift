import Foundation

/// The syndication format a document was written in, as detected by ``FeedParser``.
package enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case jsonFeed10 = "jsonfeed1.0"
    case jsonFeed11 = "jsonfeed1.1"
}

/// A person named by a feed or an entry: an author or a contributor.
package struct FeedPerson: Sendable, Hashable, Codable {
    /// The display name, when the feed gives one.
    package var name: String?
    /// The e-mail address, when the feed gives one.
    package var email: String?
    /// A web address for the person.
    package var uri: String?

    /// Creates a person; every part is optional because feeds give any subset.
    package init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    /// True when no part carries any text.
    package var isEmpty: Bool { name == nil && email == nil && uri == nil }
}

/// A file attached to an entry: a podcast episode, an image, a PDF.
package struct FeedEnclosure: Sendable, Hashable, Codable {
    /// The absolute URL of the file.
    package var url: String
    /// The MIME type the feed declares, if any.
    package var type: String?
    /// The length in bytes the feed declares, if any.
    package var length: Int?

    /// Creates an enclosure.
    package init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// The channel-level description of a feed.
package struct FeedMetadata: Sendable, Hashable {
    /// The feed's title, as plain text.
    package var title: String?
    /// The web page the feed belongs to (absolute).
    package var link: String?
    /// The feed's own identifier (Atom `id`, JSON Feed `feed_url`), if any.
    package var id: String?
    /// The feed's description or subtitle, as plain text.
    package var description: String?
    /// The language tag the feed declares, such as `vi` or `en-US`.
    package var language: String?
    /// When the feed says it was last updated.
    package var updated: FeedDate?
    /// The feed's authors.
    package var authors: [FeedPerson] = []
    /// The minutes RSS `<ttl>` asks readers to wait between fetches, if given.
    package var timeToLive: Int?

    /// Creates empty metadata.
    package init() {}
}

/// One item of a feed, in the same shape whatever the format it came from.
///
/// Text fields are trimmed; `title` is plain text; `summary` and `content` are HTML (plain-text
/// sources are escaped into HTML so that consumers can treat both fields uniformly). URLs are absolute
/// where the document gave enough to resolve them.
package struct FeedEntry: Sendable, Hashable {
    /// The entry's identifier as the feed gives it (RSS `guid`, Atom `id`, JSON Feed `id`).
    package var id: String?
    /// The entry's web page (absolute).
    package var link: String?
    /// The headline, as plain text.
    package var title: String?
    /// The entry's authors.
    package var authors: [FeedPerson] = []
    /// When the entry was first published.
    package var published: FeedDate?
    /// When the entry was last changed.
    package var updated: FeedDate?
    /// A short description, as HTML.
    package var summary: String?
    /// The full content, as HTML.
    package var content: String?
    /// Files attached to the entry.
    package var enclosures: [FeedEnclosure] = []
    /// Category labels or tags.
    package var categories: [String] = []
    /// The language of the entry, when it differs from or refines the feed's.
    package var language: String?

    /// Creates an empty entry.
    package init() {}
}

/// A parsed feed document: its format, its metadata, its entries and what was repaired on the way.
package struct ParsedFeed: Sendable {
    /// The detected format.
    package var format: FeedFormat
    /// Channel-level metadata.
    package var metadata: FeedMetadata
    /// The entries, in document order.
    package var entries: [FeedEntry]
    /// Recoverable problems met while parsing, such as an unparsable date or a repaired entity.
    package var warnings: [String]

    /// Creates a parsed feed.
    package init(
        format: FeedFormat,
        metadata: FeedMetadata = FeedMetadata(),
        entries: [FeedEntry] = [],
        warnings: [String] = []
    ) {
        self.format = format
        self.metadata = metadata
        self.entries = entries
        self.warnings = warnings
    }
}
