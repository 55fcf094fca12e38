import Foundation
import SeamsParse
import SeamsStore

/// Writes clusters as JSON Feed 1.1; the copies of each story are listed in the item's `_seams` extension
/// object (`{"cluster": ID, "copies": [{"url", "feed", "title"}]}`), as the specification's extension rule allows.
struct JSONFeedWriter {
    let channel: ExportChannel

    struct Document: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var home_page_url: String
        var feed_url: String?
        var description: String
        var items: [Item]
    }

    struct Item: Encodable {
        var id: String
        var url: String?
        var title: String?
        var content_html: String
        var date_published: String
        var date_modified: String?
        var authors: [Author]?
        var tags: [String]?
        var _seams: Extension
    }

    struct Author: Encodable { var name: String }

    struct Extension: Encodable {
        var cluster: Int64
        var feed: String
        var copies: [Copy]
    }

    struct Copy: Encodable {
        var url: String
        var feed: String
        var title: String?
    }

    func write(_ clusters: [StoryCluster]) -> String {
        let document = Document(
            title: channel.title,
            home_page_url: channel.link,
            feed_url: channel.selfURL,
            description: "One entry per story, from its original article, with links to every copy.",
            items: clusters.map(item)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func item(_ cluster: StoryCluster) -> Item {
        let article = cluster.canonical.article
        let published = article.publishedDate ?? FeedDate(date: article.firstSeenAt, utcOffset: nil)
        let authors = article.authors.compactMap { $0.name ?? $0.email }.map(Author.init)
        return Item(
            id: cluster.entryID,
            url: cluster.canonical.webURL,
            title: article.title,
            content_html: cluster.entryHTML,
            date_published: published.rfc3339,
            date_modified: article.updatedDate?.rfc3339,
            authors: authors.isEmpty ? nil : authors,
            tags: article.categories.isEmpty ? nil : article.categories,
            _seams: Extension(
                cluster: cluster.id,
                feed: cluster.canonical.feedURL,
                copies: cluster.linkedCopies.map { Copy(url: $0.webURL!, feed: $0.feedURL, title: $0.article.title) }
            )
        )
    }
}
