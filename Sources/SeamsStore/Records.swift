package import Foundation
import GRDB
package import SeamsCluster
package import SeamsCore
package import SeamsParse

/// A subscribed feed and what Seams last learned fetching it: the domain value every consumer sees (its row is
/// ``FeedRecord``, internal to the store).
package struct Subscription: Codable, Sendable, Hashable {

    /// The store's id for the feed.
    package var id: Int64?
    /// The feed's URL as subscribed (`http`, `https` or `file`).
    package var url: String
    /// The feed's title, from the feed itself or the subscription list.
    package var title: String?
    /// The web site the feed belongs to.
    package var siteURL: String?
    /// The format seen at the last successful parse.
    package var format: String?
    /// The `ETag` from the last successful fetch.
    package var etag: String?
    /// The `Last-Modified` from the last successful fetch.
    package var lastModified: String?
    /// XXH3 of the last body parsed, so an unchanged body from a server without validators is not parsed again.
    package var bodyHash: Int64?
    /// When the feed was subscribed.
    package var addedAt: Date
    /// When Seams last tried to fetch the feed.
    package var lastFetchedAt: Date?
    /// When Seams last fetched and parsed the feed without error.
    package var lastSuccessAt: Date?
    /// The HTTP status of the last fetch (0 for files), if a response arrived.
    package var lastStatus: Int?
    /// The stable code of the last error (such as `fetch.timeout` or `parse.malformed_xml`), nil after a success.
    package var lastErrorCode: FailureCode?
    /// The message of the last error, nil after a success.
    package var lastErrorMessage: String?
    /// How many fetches in a row have failed.
    package var consecutiveErrors: Int
    /// When the feed is next due; nil for a feed never fetched, which is due at once.
    package var nextFetchAt: Date?
    /// The regular wait between fetches, in seconds, learned from the feed's publishing rate (errors back off
    /// from it without changing it).
    package var fetchInterval: Double?
    /// How many entries a day the feed publishes, estimated from the dates of its latest entries.
    package var entriesPerDay: Double?
    /// When the feed was disabled (a `410 Gone`); a disabled feed is never fetched until subscribed again.
    package var disabledAt: Date?
    /// Why the feed was disabled, as an error code.
    package var disabledReason: FailureCode?
    /// Fetches tried, for the 304 rate.
    package var fetchCount: Int
    /// Fetches answered `304 Not Modified`.
    package var notModifiedCount: Int
    /// The URL the feed's permanent redirects led to on the last fetches, until it is adopted.
    package var redirectURL: String?
    /// How many fetches in a row were permanently redirected to ``redirectURL``.
    package var redirectCount: Int
    /// When the feed was last fetched without validators, to catch servers whose validators are broken.
    package var lastUnconditionalAt: Date?
    /// How long the last fetch took, in seconds.
    package var lastDuration: Double?
    /// The bytes the last fetch received (0 for a 304).
    package var lastBytes: Int?
    /// True when the operator allowed this feed loopback, private and link-local addresses
    /// (`seams feeds add URL --allow-private`). Every other http(s) feed is fetched from public internet addresses
    /// only, checked at connect time, redirects included — unless the operator allows private ones for every feed.
    package var allowsPrivateAddresses: Bool

    /// Creates a new subscription.
    package init(url: String, title: String? = nil, addedAt: Date = Date()) {
        self.url = url
        self.title = title
        self.addedAt = addedAt
        self.consecutiveErrors = 0
        self.fetchCount = 0
        self.notModifiedCount = 0
        self.redirectCount = 0
        self.allowsPrivateAddresses = false
    }

    /// The share of fetches answered `304 Not Modified` (0…1), nil before the first fetch.
    package var notModifiedRate: Double? { fetchCount == 0 ? nil : Double(notModifiedCount) / Double(fetchCount) }
}

/// A feed's row: the GRDB record through which the store reads and writes a ``Subscription``.
struct FeedRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feed"
    var subscription: Subscription

    init(_ subscription: Subscription) { self.subscription = subscription }
    init(from decoder: any Decoder) throws { subscription = try Subscription(from: decoder) }
    func encode(to encoder: any Encoder) throws { try subscription.encode(to: encoder) }
    mutating func didInsert(_ inserted: InsertionSuccess) { subscription.id = inserted.rowID }
}

/// One stored article: an entry of one feed, with its extracted text and its place in a story cluster (its row is
/// ``ArticleRecord``, internal to the store).
package struct Article: Codable, Sendable, Hashable {

    /// The store's id for the article.
    package var id: Int64?
    /// The feed it came from.
    package var feedId: Int64
    /// Its identity within the feed: the entry id, or the fallback when the feed gives none or repeats one.
    package var guid: String
    /// The article's web page.
    package var url: String?
    /// The URL in the form that compares equal across copies (see `CanonicalURL`).
    package var canonicalURL: String?
    /// The headline, plain text.
    package var title: String?
    /// The authors.
    package var authors: [FeedPerson]
    /// When the feed says it was published.
    package var published: Date?
    /// The UTC offset, in seconds, the publication date was written in.
    package var publishedOffset: Int?
    /// When the feed says it was last updated.
    package var updated: Date?
    /// The UTC offset, in seconds, the update date was written in.
    package var updatedOffset: Int?
    /// The summary as HTML, as the feed gave it.
    package var summaryHTML: String?
    /// The content as HTML, as the feed gave it.
    package var contentHTML: String?
    /// The visible text of the content (or of the summary when there is no content).
    package var text: String
    /// Category labels.
    package var categories: [String]
    /// Attached files.
    package var enclosures: [FeedEnclosure]
    /// The entry's language, when given.
    package var language: String?
    /// The exact-copy key of the text (see `ContentFingerprint`), as a signed 64-bit integer for SQLite.
    package var contentKey: Int64?
    /// Normalized words in the text.
    package var wordCount: Int
    /// A hash of every stored field of the entry, to tell an updated entry from an unchanged one.
    package var entryHash: Int64
    /// When Seams first stored the article.
    package var firstSeenAt: Date
    /// When the article appeared (`Appearance.date` of its publication date and first sighting), set whenever either
    /// is written: what listings sort by and rebuilds replay in.
    package var appearedAt: Date
    /// When Seams last changed the article.
    package var updatedAt: Date
    /// The story cluster the article belongs to.
    package var clusterId: Int64?
    /// The article's relation to its cluster's canonical article (see ``ArticleRelation``).
    package var relation: ArticleRelation
    /// The MinHash signature of the article's shingles, little-endian 32-bit values.
    package var signature: Data?
    /// Normalized tokens left after boilerplate.
    package var tokenCount: Int
    /// How the article matched when it joined its cluster (`duplicate`, `near-duplicate`, `partial`), nil if it founded it.
    package var matchKind: MatchKind?
    /// The article it matched when it joined its cluster.
    package var matchedArticleId: Int64?
    /// Its similarity to the cluster's canonical article: resemblance, or containment for a partial copy.
    package var similarity: Double?
    /// True when the article is stitched from passages of other stories.
    package var isComposite: Bool
    /// True when the article copies one that appeared long before.
    package var isRecycled: Bool

    /// Creates an article from every field (a backend reading its row).
    package init(
        id: Int64?,
        feedId: Int64,
        guid: String,
        url: String?,
        canonicalURL: String?,
        title: String?,
        authors: [FeedPerson],
        published: Date?,
        publishedOffset: Int?,
        updated: Date?,
        updatedOffset: Int?,
        summaryHTML: String?,
        contentHTML: String?,
        text: String,
        categories: [String],
        enclosures: [FeedEnclosure],
        language: String?,
        contentKey: Int64?,
        wordCount: Int,
        entryHash: Int64,
        firstSeenAt: Date,
        appearedAt: Date,
        updatedAt: Date,
        clusterId: Int64?,
        relation: ArticleRelation,
        signature: Data?,
        tokenCount: Int,
        matchKind: MatchKind?,
        matchedArticleId: Int64?,
        similarity: Double?,
        isComposite: Bool,
        isRecycled: Bool
    ) {
        self.id = id
        self.feedId = feedId
        self.guid = guid
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.authors = authors
        self.published = published
        self.publishedOffset = publishedOffset
        self.updated = updated
        self.updatedOffset = updatedOffset
        self.summaryHTML = summaryHTML
        self.contentHTML = contentHTML
        self.text = text
        self.categories = categories
        self.enclosures = enclosures
        self.language = language
        self.contentKey = contentKey
        self.wordCount = wordCount
        self.entryHash = entryHash
        self.firstSeenAt = firstSeenAt
        self.appearedAt = appearedAt
        self.updatedAt = updatedAt
        self.clusterId = clusterId
        self.relation = relation
        self.signature = signature
        self.tokenCount = tokenCount
        self.matchKind = matchKind
        self.matchedArticleId = matchedArticleId
        self.similarity = similarity
        self.isComposite = isComposite
        self.isRecycled = isRecycled
    }

    /// The publication date with the offset it was written in.
    package var publishedDate: FeedDate? { published.map { FeedDate(date: $0, utcOffset: publishedOffset) } }
    /// The update date with the offset it was written in.
    package var updatedDate: FeedDate? { updated.map { FeedDate(date: $0, utcOffset: updatedOffset) } }
}

/// An article's row: the GRDB record through which the store reads and writes an ``Article``.
struct ArticleRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "article"
    var article: Article

    init(_ article: Article) { self.article = article }
    init(from decoder: any Decoder) throws { article = try Article(from: decoder) }
    func encode(to encoder: any Encoder) throws { try article.encode(to: encoder) }
    mutating func didInsert(_ inserted: InsertionSuccess) { article.id = inserted.rowID }
}

/// A story's row: the set of articles that are copies of one another, and the one that stands for them.
struct ClusterRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "cluster"

    /// The store's id for the cluster; stable while the cluster grows.
    var id: Int64?
    /// The canonical article.
    var canonicalArticleId: Int64?
    /// When the cluster was created.
    var createdAt: Date
    /// When a member last joined, left or changed.
    var updatedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A passage of a stitched article and the story it came from.
struct CompositePassageRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "compositePassage"

    /// The store's id for the passage.
    var id: Int64?
    /// The stitched article.
    var compositeId: Int64
    /// The article the passage came from.
    var sourceId: Int64
    /// Where the passage starts in the stitched article's text, in Unicode scalars.
    var start: Int
    /// Where it ends (exclusive), in Unicode scalars.
    var end: Int
    /// How much of the source article the stitched article's passages from it cover (0…1).
    var coverage: Double

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension FailureCode: DatabaseValueConvertible {}
extension ArticleRelation: DatabaseValueConvertible {}
extension MatchKind: DatabaseValueConvertible {}
