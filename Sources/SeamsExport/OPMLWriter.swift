package import Foundation
import SeamsExtract
import SeamsParse
package import SeamsStore

/// Writes the subscription list as OPML 2.0, which every feed reader imports.
package struct OPMLWriter: Sendable {
    /// Creates a writer.
    package init() {}

    /// The OPML document listing these feeds.
    package func write(_ feeds: [Subscription], generated: Date = Date()) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
        out += "    <title>Seams subscriptions</title>\n"
        out += "    <dateCreated>\(FeedDate(date: generated, utcOffset: 0).rfc822)</dateCreated>\n  </head>\n  <body>\n"
        for feed in feeds {
            let title = Markup.escape(feed.title ?? feed.url)
            out +=
                "    <outline type=\"rss\" text=\"\(title)\" title=\"\(title)\" xmlUrl=\"\(Markup.escape(feed.url))\""
            if let site = feed.siteURL { out += " htmlUrl=\"\(Markup.escape(site))\"" }
            out += "/>\n"
        }
        out += "  </body>\n</opml>\n"
        return out
    }
}
