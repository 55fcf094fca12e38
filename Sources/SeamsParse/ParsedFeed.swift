import Foundation

/// The syndication format a document was written in, as detected by ``FeedParser``.
public enum FeedFormat: String, Sendable, Codable, CaseIterable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case jsonFeed10 = "jsonfeed1.0"
    case jsonFeed11 = "jsonfeed1.1"
}

/// A person named by a feed or an entry: an author or a contributor.
public struct FeedPerson: Sendable, Hashable, Codable {
    /// The display name, when the feed gives one.
    public var name: String?
    /// The e-mail address, when the feed gives one.
    public var email: String?
    /// A web address for the person.
    public var uri: String?

    /// Creates a person; every part is optional because feeds give any subset.
    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    /// True when no part carries any text.
    public var isEmpty: Bool { name == nil && email == nil && uri == nil }
}

/// A file attached to an entry: a podcast episode, an image, a PDF.
public struct FeedEnclosure: Sendable, Hashable, Codable {
    /// The absolute URL of the file.
    public var url: String
    /// The MIME type the feed declares, if any.
    public var type: String?
    /// The length in bytes the feed declares, if any.
    public var length: Int?

    /// Creates an enclosure.
    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// The channel-level description of a feed.
public struct FeedMetadata: Sendable, Hashable {
    /// The feed's title, as plain text.
    public var title: String?
    /// The web page the feed belongs to (absolute).
    public var link: String?
    /// The feed's own identifier (Atom `id`, JSON Feed `feed_url`), if any.
    public var id: String?
    /// The feed's description or subtitle, as plain text.
    public var description: String?
    /// The language tag the feed declares, such as `vi` or `en-US`.
    public var language: String?
    /// When the feed says it was last updated.
    public var updated: FeedDate?
    /// The feed's authors.
    public var authors: [FeedPerson] = []
    /// The minutes RSS `<ttl>` asks readers to wait between fetches, if given.
    public var timeToLive: Int?

    /// Creates empty metadata.
    public init() {}
}

/// One item of a feed, in the same shape whatever the format it came from.
///
/// Text fields are trimmed; `title` is plain text; `summary` and `content` are HTML (plain-text
/// sources are escaped into HTML so that consumers can treat both fields uniformly). URLs are absolute
/// where the document gave enough to resolve them.
public struct FeedEntry: Sendable, Hashable {
    /// The entry's identifier as the feed gives it (RSS `guid`, Atom `id`, JSON Feed `id`).
    public var id: String?
    /// The entry's web page (absolute).
    public var link: String?
    /// The headline, as plain text.
    public var title: String?
    /// The entry's authors.
    public var authors: [FeedPerson] = []
    /// When the entry was first published.
    public var published: FeedDate?
    /// When the entry was last changed.
    public var updated: FeedDate?
    /// A short description, as HTML.
    public var summary: String?
    /// The full content, as HTML.
    public var content: String?
    /// Files attached to the entry.
    public var enclosures: [FeedEnclosure] = []
    /// Category labels or tags.
    public var categories: [String] = []
    /// The language of the entry, when it differs from or refines the feed's.
    public var language: String?

    /// Creates an empty entry.
    public init() {}
}

/// A parsed feed document: its format, its metadata, its entries and what was repaired on the way.
public struct ParsedFeed: Sendable {
    /// The detected format.
    public var format: FeedFormat
    /// Channel-level metadata.
    public var metadata: FeedMetadata
    /// The entries, in document order.
    public var entries: [FeedEntry]
    /// Recoverable problems met while parsing, such as an unparsable date or a repaired entity.
    public var warnings: [String]

    /// Creates a parsed feed.
    public init(format: FeedFormat, metadata: FeedMetadata = FeedMetadata(), entries: [FeedEntry] = [], warnings: [String] = []) {
        self.format = format
        self.metadata = metadata
        self.entries = entries
        self.warnings = warnings
    }
}
