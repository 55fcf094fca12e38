package import Foundation
import SeamsCore
import SeamsExtract
package import SeamsStore

/// The syndication formats Seams writes its canonical feed in.
package enum ExportFormat: String, Sendable, CaseIterable {
    /// Atom 1.0.
    case atom
    /// RSS 2.0.
    case rss
    /// JSON Feed 1.1.
    case json

    /// The MIME type to serve the format with.
    package var mediaType: String {
        switch self {
        case .atom: "application/atom+xml; charset=utf-8"
        case .rss: "application/rss+xml; charset=utf-8"
        case .json: "application/feed+json; charset=utf-8"
        }
    }
}

/// What the exported feed says about itself.
package struct ExportChannel: Sendable {
    /// The feed's title.
    package var title = "Seams: one copy of each story"
    /// The feed's own URL, if it is served somewhere.
    package var selfURL: String?
    /// A web page for the feed.
    package var link = "https://github.com/seams-news/seams"
    /// When the feed was generated.
    package var generated = Date()

    /// Creates the default channel description.
    package init() {}
}

/// Writes story clusters as a feed: one entry per cluster, from its canonical article, linking to every copy.
///
/// The same writer serves `seams export` and the HTTP server, so both always agree. Every value from a feed
/// is escaped for the target format; article HTML travels as escaped text, never as live markup.
///
/// For example:
///
/// ```swift
/// let atom = FeedExporter(format: .atom).write(try await store.clusters(ClusterQuery(limit: 100)))
/// ```
package struct FeedExporter: Sendable {
    /// The format written.
    package var format: ExportFormat
    /// The channel-level description.
    package var channel: ExportChannel

    /// Creates an exporter.
    package init(format: ExportFormat, channel: ExportChannel = ExportChannel()) {
        self.format = format
        self.channel = channel
    }

    /// The feed document for these clusters, in their order.
    package func write(_ clusters: [StoryCluster]) -> String {
        let clusters = clusters.map(\.withoutCredentials)  // an exported feed is public: no feed's credentials
        return switch format {
        case .atom: AtomWriter(channel: channel).write(clusters)
        case .rss: RSSWriter(channel: channel).write(clusters)
        case .json: JSONFeedWriter(channel: channel).write(clusters)
        }
    }
}

extension StoryCluster {
    /// A stable identifier for the cluster's entry in exported feeds.
    var entryID: String { "urn:seams:cluster:\(id)" }

    /// The best HTML for the entry: the canonical article's content, its summary, or its text as paragraphs;
    /// sanitized, because readers render it and it came from an untrusted feed.
    var entryHTML: String {
        let article = canonical.article
        if let content = article.contentHTML { return HTMLSanitizer().sanitize(content) }
        if let summary = article.summaryHTML { return HTMLSanitizer().sanitize(summary) }
        return article.text.split(separator: "\n").map { "<p>\(Markup.escape(String($0)))</p>" }.joined()
    }

    /// The copies that have a web page to link to (an `http` or `https` URL).
    var linkedCopies: [StoredArticle] { copies.filter { $0.webURL != nil } }
}

extension StoredArticle {
    /// The article's page if it is an `http` or `https` URL: a `javascript:` or `data:` link from a hostile feed
    /// is never passed on to readers.
    var webURL: String? {
        WebAddress.web(article.url)
    }
}
