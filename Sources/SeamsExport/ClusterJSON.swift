import Foundation
import SeamsParse
import SeamsStore

/// The documented JSON contract of `seams clusters --json` (and, later, of the HTTP API).
///
/// `{"clusters": [{"id", "canonical": ARTICLE_ID, "articles": [ARTICLE, …]}]}` where each ARTICLE has `id`,
/// `feed` (the feed URL as subscribed), `guid`, `url`, `title`, `published` (RFC 3339 or null), `first_seen`
/// and `relation`. Missing values are `null`, never absent; new fields may be added, none removed.
public struct ClusterListJSON: Encodable, Sendable {
    /// The clusters.
    public var clusters: [ClusterJSON]

    /// Creates the document for these clusters.
    public init(_ clusters: [StoryCluster]) {
        self.clusters = clusters.map(ClusterJSON.init)
    }

    /// The document as pretty-printed JSON with sorted keys.
    public func encoded() -> String { JSONOutput.encode(self) }
}

/// One cluster in the JSON contract.
public struct ClusterJSON: Encodable, Sendable {
    /// The cluster's id.
    public var id: Int64
    /// The canonical article's id.
    public var canonical: Int64
    /// The members, canonical first.
    public var articles: [ArticleJSON]

    /// Creates the JSON form of a cluster.
    public init(_ cluster: StoryCluster) {
        id = cluster.id
        canonical = cluster.canonical.article.id!
        articles = cluster.articles.map(ArticleJSON.init)
    }

    /// The cluster as pretty-printed JSON with sorted keys.
    public func encoded() -> String { JSONOutput.encode(self) }
}

/// One article in the JSON contract.
public struct ArticleJSON: Encodable, Sendable {
    /// The article's id.
    public var id: Int64
    /// The URL of its feed, as subscribed.
    public var feed: String
    /// Its identity within the feed.
    public var guid: String
    /// Its web page.
    public var url: String?
    /// Its headline.
    public var title: String?
    /// When it was published, RFC 3339.
    public var published: String?
    /// When Seams first stored it, RFC 3339.
    public var firstSeen: String
    /// `canonical` or `duplicate`.
    public var relation: String

    /// Creates the JSON form of an article.
    public init(_ stored: StoredArticle) {
        id = stored.article.id!
        feed = stored.feedURL
        guid = stored.article.guid
        url = stored.article.url
        title = stored.article.title
        published = stored.article.publishedDate?.rfc3339
        firstSeen = FeedDate(date: stored.article.firstSeenAt, utcOffset: nil).rfc3339
        relation = stored.article.relation
    }

    enum CodingKeys: String, CodingKey { case id, feed, guid, url, title, published, firstSeen = "first_seen", relation }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(feed, forKey: .feed)
        try container.encode(guid, forKey: .guid)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(published, forKey: .published)
        try container.encode(firstSeen, forKey: .firstSeen)
        try container.encode(relation, forKey: .relation)
    }
}

/// Shared JSON output settings: pretty, sorted keys, slashes unescaped, so output is stable and diffable.
enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
