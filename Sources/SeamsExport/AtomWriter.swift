import SeamsExtract
import SeamsParse
import SeamsStore

/// Writes clusters as Atom 1.0; each copy of the story is a `link rel="related"` whose title names its feed.
struct AtomWriter {
    let channel: ExportChannel

    func write(_ clusters: [StoryCluster]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <title>\(Markup.escape(channel.title))</title>\n"
        out += "  <id>urn:seams:feed</id>\n"
        let updated = clusters.map(\.updatedAt).max() ?? channel.generated
        out += "  <updated>\(FeedDate(date: updated, utcOffset: nil).rfc3339)</updated>\n"
        out += "  <link rel=\"alternate\" href=\"\(Markup.escape(channel.link))\"/>\n"
        if let selfURL = channel.selfURL { out += "  <link rel=\"self\" href=\"\(Markup.escape(selfURL))\"/>\n" }
        out += "  <generator version=\"\(SeamsExportVersion.current)\">Seams</generator>\n"
        for cluster in clusters { out += entry(cluster) }
        out += "</feed>\n"
        return out
    }

    private func entry(_ cluster: StoryCluster) -> String {
        let article = cluster.canonical.article
        var out = "  <entry>\n"
        out += "    <id>\(cluster.entryID)</id>\n"
        out += "    <title type=\"text\">\(Markup.escape(article.title ?? "(untitled)"))</title>\n"
        let published = article.publishedDate ?? FeedDate(date: article.firstSeenAt, utcOffset: nil)
        let updated = article.updatedDate ?? published
        out += "    <published>\(published.rfc3339)</published>\n"
        out += "    <updated>\(max(updated, published).rfc3339)</updated>\n"
        if let url = cluster.canonical.webURL {
            out += "    <link rel=\"alternate\" href=\"\(Markup.escape(url))\"/>\n"
        }
        for copy in cluster.linkedCopies {
            let title = copy.feedTitle ?? copy.feedURL
            out +=
                "    <link rel=\"related\" href=\"\(Markup.escape(copy.webURL!))\" title=\"\(Markup.escape(title))\"/>\n"
        }
        let authors = article.authors.compactMap { $0.name ?? $0.email }
        for name in authors { out += "    <author><name>\(Markup.escape(name))</name></author>\n" }
        if authors.isEmpty {
            out +=
                "    <author><name>\(Markup.escape(cluster.canonical.feedTitle ?? cluster.canonical.feedURL))</name></author>\n"
        }
        for category in article.categories { out += "    <category term=\"\(Markup.escape(category))\"/>\n" }
        out += "    <content type=\"html\">\(Markup.escape(cluster.entryHTML))</content>\n"
        out += "  </entry>\n"
        return out
    }
}

/// The version written into exported feeds' generator fields.
enum SeamsExportVersion {
    static let current = "0.1.0"
}
