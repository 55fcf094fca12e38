import Foundation
import SeamsCluster
import SeamsExtract
import SeamsStore

/// One article. For a stitched page, the picture of its seams: the article's text with each passage coloured by
/// the story it came from and linked to that story's cluster, with a legend naming every source.
struct ArticlePage {
    let article: StoredArticle
    let composite: CompositeArticle?
    /// The source articles of a composite, by id: their titles and outlets for the legend.
    let sources: [Int64: StoredArticle]

    /// How many distinct colours the legend cycles through (`.source-0` … in the stylesheet).
    static let palette = 8

    func render() -> String {
        let record = article.article
        var body: HTML = """
            <p class="crumbs"><a href="/">Stories</a> › <a href="/clusters/\(record.clusterId ?? 0)">cluster \(record.clusterId ?? 0)</a> › article \(record.id ?? 0)</p>
            <h1>\(record.title ?? "(untitled)")</h1>
            <p class="lead">\(article.feedTitle ?? article.feedURL) · \(PageFormat.date(record.appearedAt)) · \
            <span class="relation \(record.relation.rawValue)">\(record.relation.rawValue)</span>\(externalLink)</p>
            """
        if let composite, !composite.sources.isEmpty {
            body += seams(composite)
        } else if let content = record.contentHTML ?? record.summaryHTML {
            body += "<article class=\"content\">\(HTML(trusted: HTMLSanitizer().sanitize(content)))</article>"
        } else {
            body += "<article class=\"content plain\">\(record.text)</article>"
        }
        return PageLayout.page(title: record.title ?? "Article \(record.id ?? 0)", section: .none, body: body)
    }

    private var externalLink: HTML {
        guard let url = PageFormat.externalURL(article.article.url) else { return "" }
        return " · <a class=\"external\" href=\"\(url)\" rel=\"nofollow noopener noreferrer\">the outlet's page ↗</a>"
    }

    /// The legend, then the text cut at every passage boundary; text no source accounts for (page furniture,
    /// the aggregator's own words) stays uncoloured.
    private func seams(_ composite: CompositeArticle) -> HTML {
        var legend: [HTML] = []
        var passages: [(span: Range<Int>, source: Int)] = []
        for (index, source) in composite.sources.enumerated() {
            let stored = sources[source.articleId]
            let colour = index % Self.palette
            let cluster = source.clusterId.map { "/clusters/\($0)" } ?? "/articles/\(source.articleId)"
            legend.append(
                """
                <li class="source source-\(colour)" data-source="\(source.articleId)"><span class="swatch"></span>\
                <a href="\(cluster)">\(stored?.article.title ?? "article \(source.articleId)")</a> \
                <span class="outlet">\(stored.map { $0.feedTitle ?? $0.feedURL } ?? "")</span> \
                <span class="coverage">\(source.spans.count) \(source.spans.count == 1 ? "passage" : "passages"), \
                covers \(PageFormat.percent(source.coverage)) of the source</span></li>
                """
            )
            for span in source.spans { passages.append((span, index)) }
        }
        passages.sort { $0.span.lowerBound < $1.span.lowerBound }
        let scalars = Array(article.article.text.unicodeScalars)
        var text: [HTML] = []
        var cursor = 0
        for (span, index) in passages {
            let start = min(max(span.lowerBound, cursor), scalars.count)
            let end = min(span.upperBound, scalars.count)
            guard start < end else { continue }
            if cursor < start { text.append(.text(Self.string(scalars[cursor..<start]))) }
            let source = composite.sources[index]
            let target = source.clusterId.map { "/clusters/\($0)" } ?? "/articles/\(source.articleId)"
            let title = sources[source.articleId]?.article.title ?? "article \(source.articleId)"
            text.append(
                """
                <a class="passage source-\(index % Self.palette)" data-source="\(source.articleId)" href="\(target)" \
                title="From: \(title)">\(Self.string(scalars[start..<end]))</a>
                """
            )
            cursor = end
        }
        if cursor < scalars.count { text.append(.text(Self.string(scalars[cursor...]))) }
        return """
            <section class="seams" aria-label="Where each passage came from">
            <h2>\(composite.sources.count) stories stitched into this page</h2>
            <ol class="legend">\(legend)</ol>
            <div class="stitched-text">\(text)</div>
            </section>
            """
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: scalars)
        return String(string)
    }
}
