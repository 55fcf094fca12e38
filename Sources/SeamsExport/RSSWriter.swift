import Foundation
import SeamsExtract
import SeamsParse
import SeamsStore

/// Writes clusters as RSS 2.0; the copies of each story are `atom:link rel="related"` elements in the item,
/// the widely supported way to add links RSS itself has no element for.
struct RSSWriter {
    let channel: ExportChannel

    func write(_ clusters: [StoryCluster]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n"
        out += "  <title>\(Markup.escape(channel.title))</title>\n"
        out += "  <link>\(Markup.escape(channel.link))</link>\n"
        out +=
            "  <description>One entry per story, from its original article, with links to every copy.</description>\n"
        out += "  <generator>Seams \(SeamsExportVersion.current)</generator>\n"
        out += "  <lastBuildDate>\(FeedDate(date: channel.generated, utcOffset: 0).rfc822)</lastBuildDate>\n"
        if let selfURL = channel.selfURL {
            out += "  <atom:link rel=\"self\" href=\"\(Markup.escape(selfURL))\" type=\"application/rss+xml\"/>\n"
        }
        for cluster in clusters { out += item(cluster) }
        out += "</channel>\n</rss>\n"
        return out
    }

    private func item(_ cluster: StoryCluster) -> String {
        let article = cluster.canonical.article
        var out = "  <item>\n"
        out += "    <title>\(Markup.escape(article.title ?? "(untitled)"))</title>\n"
        if let url = cluster.canonical.webURL { out += "    <link>\(Markup.escape(url))</link>\n" }
        out += "    <guid isPermaLink=\"false\">\(cluster.entryID)</guid>\n"
        let published = article.publishedDate ?? FeedDate(date: article.firstSeenAt, utcOffset: 0)
        out += "    <pubDate>\(published.rfc822)</pubDate>\n"
        for person in article.authors {
            // RSS `author` must be an e-mail address; names alone go in as "noreply (Name)" would mislead, so skip.
            if let email = person.email {
                out += "    <author>\(Markup.escape(email + (person.name.map { " (\($0))" } ?? "")))</author>\n"
            }
        }
        for category in article.categories { out += "    <category>\(Markup.escape(category))</category>\n" }
        out += "    <source url=\"\(Markup.escape(cluster.canonical.feedURL))\">"
        out += "\(Markup.escape(cluster.canonical.feedTitle ?? cluster.canonical.feedURL))</source>\n"
        for copy in cluster.linkedCopies {
            let title = copy.feedTitle ?? copy.feedURL
            out +=
                "    <atom:link rel=\"related\" href=\"\(Markup.escape(copy.webURL!))\" title=\"\(Markup.escape(title))\"/>\n"
        }
        out += "    <description>\(Markup.escape(cluster.entryHTML))</description>\n"
        out += "  </item>\n"
        return out
    }
}
