import Foundation
package import SeamsCluster
import SeamsParse
package import SeamsStore

/// The documented JSON contract of `seams clusters --json` (and, later, of the HTTP API).
///
/// `{"clusters": [{"id", "canonical": ARTICLE_ID, "size": N, "articles": [ARTICLE, …]}]}` where each ARTICLE has `id`,
/// `feed` (the feed URL as subscribed), `guid`, `url`, `title`, `published` (RFC 3339 or null), `first_seen`
/// and `relation`. Missing values are `null`, never absent; new fields may be added, none removed.
package struct ClusterListJSON: Encodable, Sendable {
    /// The clusters.
    package var clusters: [ClusterJSON]
    /// The stitched articles among them, with the passages each source contributed.
    package var composites: [CompositeJSON]

    /// Creates the document for these clusters and the stitched articles among them.
    package init(_ clusters: [StoryCluster], composites: [CompositeArticle] = []) {
        self.clusters = clusters.map(ClusterJSON.init)
        let listed = Set(clusters.flatMap { $0.articles.compactMap(\.article.id) })
        self.composites = composites.filter { listed.contains($0.article.article.id!) }.map(CompositeJSON.init)
    }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }
}

/// One page of `GET /api/clusters`: `{"clusters": [CLUSTER, …], "next_cursor": "…" | null}`; pass `next_cursor`
/// back as `cursor` for the next page.
package struct ClusterPageJSON: Encodable, Sendable {
    let clusters: [ClusterJSON]
    let nextCursor: String?

    /// Creates the page document.
    package init(_ clusters: [StoryCluster], nextCursor: String?) {
        self.clusters = clusters.map(ClusterJSON.init)
        self.nextCursor = nextCursor
    }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }

    enum CodingKeys: String, CodingKey {
        case clusters
        case nextCursor = "next_cursor"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clusters, forKey: .clusters)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// One cluster in the JSON contract.
package struct ClusterJSON: Encodable, Sendable {
    /// The cluster's id.
    package var id: Int64
    /// The canonical article's id.
    package var canonical: Int64
    /// The members, canonical first: every one in the CLI's JSON, the first of them over HTTP.
    package var articles: [ArticleJSON]
    /// How many members the cluster has (more than `articles` holds when the listing was bounded).
    package var size: Int

    /// Creates the JSON form of a cluster.
    package init(_ cluster: StoryCluster) {
        id = cluster.id
        canonical = cluster.canonical.article.id!
        articles = cluster.articles.map(ArticleJSON.init)
        size = cluster.size
    }

    /// The cluster as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }
}

/// One article in the JSON contract.
package struct ArticleJSON: Encodable, Sendable {
    /// The article's id.
    package var id: Int64
    /// The URL of its feed, as subscribed.
    package var feed: String
    /// Its identity within the feed.
    package var guid: String
    /// Its web page.
    package var url: String?
    /// Its headline.
    package var title: String?
    /// When it was published, RFC 3339.
    package var published: String?
    /// When Seams first stored it, RFC 3339.
    package var firstSeen: String
    /// `canonical`, `duplicate`, `near-duplicate`, `partial` or `recycled`.
    package var relation: ArticleRelation
    /// Similarity to the cluster's canonical article: resemblance, or containment for a partial copy (1 for the canonical).
    package var similarity: Double

    /// Creates the JSON form of an article.
    package init(_ stored: StoredArticle) {
        id = stored.article.id!
        feed = stored.feedURL
        guid = stored.article.guid
        url = stored.article.url
        title = stored.article.title
        published = stored.article.publishedDate?.rfc3339
        firstSeen = FeedDate(date: stored.article.firstSeenAt, utcOffset: nil).rfc3339
        relation = stored.article.relation
        similarity = ((stored.article.similarity ?? 1) * 1000).rounded() / 1000
    }

    enum CodingKeys: String, CodingKey {
        case id, feed, guid, url, title, published
        case firstSeen = "first_seen"
        case relation, similarity
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(feed, forKey: .feed)
        try container.encode(guid, forKey: .guid)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(published, forKey: .published)
        try container.encode(firstSeen, forKey: .firstSeen)
        try container.encode(relation, forKey: .relation)
        try container.encode(similarity, forKey: .similarity)
    }
}

/// A stitched article in the JSON contract: the article, and each source with its passages.
///
/// `{"article": ARTICLE, "sources": [{"article": ID, "cluster": ID, "spans": [[start, end], …], "coverage": 0…1}]}`;
/// spans are offsets in Unicode scalars (code points) into the stitched article's extracted text, end exclusive.
package struct CompositeJSON: Encodable, Sendable {
    /// One source.
    package struct Source: Encodable, Sendable {
        /// The source article's id.
        package var article: Int64
        /// The source article's cluster id.
        package var cluster: Int64?
        /// The passages, as `[start, end]` offsets into the stitched text.
        package var spans: [[Int]]
        /// How much of the source the passages cover.
        package var coverage: Double
    }

    /// The stitched article.
    package var article: ArticleJSON
    /// Its sources, in the order their first passage appears.
    package var sources: [Source]

    /// Creates the JSON form of a stitched article.
    package init(_ composite: CompositeArticle) {
        article = ArticleJSON(composite.article)
        sources = composite.sources.map { source in
            Source(
                article: source.articleId,
                cluster: source.clusterId,
                spans: source.spans.map { [$0.lowerBound, $0.upperBound] },
                coverage: (source.coverage * 1000).rounded() / 1000
            )
        }
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
