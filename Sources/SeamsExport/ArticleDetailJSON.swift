package import SeamsStore

/// The JSON of `seams article ID --json`: `{"article": ARTICLE, "cluster": ID, "text": "…", "composite": null |
/// {"article", "sources"}}`; the composite's spans index `text` in Unicode scalars.
package struct ArticleDetailJSON: Encodable, Sendable {
    let article: ArticleJSON
    let cluster: Int64?
    let text: String
    let furniture: [String]
    let composite: CompositeJSON?

    /// Creates the document for an article, the lines of its text left out as furniture and, when it is stitched,
    /// its passages.
    package init(_ stored: StoredArticle, composite: CompositeArticle?, furniture: [String] = []) {
        article = ArticleJSON(stored)
        cluster = stored.article.clusterId
        text = stored.article.text
        self.furniture = furniture
        self.composite = composite.map(CompositeJSON.init)
    }

    /// The document as pretty-printed JSON with sorted keys.
    package func encoded() -> String { JSONOutput.encode(self) }

    enum CodingKeys: String, CodingKey { case article, cluster, text, furniture, composite }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article, forKey: .article)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(text, forKey: .text)
        try container.encode(furniture, forKey: .furniture)
        try container.encode(composite, forKey: .composite)
    }
}
