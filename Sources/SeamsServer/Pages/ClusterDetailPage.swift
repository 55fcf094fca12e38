import Foundation
import SeamsCluster
import SeamsExtract
import SeamsStore

/// One story: every outlet's copy with its relation to the canonical article and its similarity, then the
/// canonical article's text.
struct ClusterDetailPage {
    let cluster: StoryCluster

    func render() -> String {
        let canonical = cluster.canonical
        let feeds = Set(cluster.articles.map(\.feedURL)).count
        let shown: HTML =
            cluster.size > cluster.articles.count
            ? "\(cluster.size) articles; the canonical one and the \(cluster.articles.count - 1) earliest others, from \(feeds) \(feeds == 1 ? "feed" : "feeds"), are shown."
            : "\(cluster.size) \(cluster.size == 1 ? "article" : "articles") from \(feeds) \(feeds == 1 ? "feed" : "feeds")."
        var body: HTML = """
            <p class="crumbs"><a href="/">Stories</a> › cluster \(cluster.id)</p>
            <h1>\(canonical.article.title ?? "(untitled)")</h1>
            <p class="lead">\(shown) The canonical article (★) stands for the story in the exported feed.</p>
            <div class="table-scroll"><table class="members">
            <thead><tr><th>Outlet</th><th>Article</th><th>Relation</th><th>Similarity</th><th>First seen</th><th>Published</th></tr></thead>
            <tbody>\(cluster.articles.map(row))</tbody></table></div>
            """
        let content = canonical.article.contentHTML ?? canonical.article.summaryHTML
        body += "<h2>Canonical text</h2>"
        if let content {
            body += "<article class=\"content\">\(HTML(trusted: HTMLSanitizer().sanitize(content)))</article>"
        } else {
            body += "<article class=\"content plain\">\(canonical.article.text)</article>"
        }
        return PageLayout.page(title: canonical.article.title ?? "Cluster \(cluster.id)", section: .none, body: body)
    }

    private func row(_ stored: StoredArticle) -> HTML {
        let article = stored.article
        let isCanonical = article.id == cluster.canonical.article.id
        let outlet: HTML = "\(stored.feedTitle ?? stored.feedURL)"
        var title: HTML = "<a href=\"/articles/\(article.id ?? 0)\">\(article.title ?? "(untitled)")</a>"
        if let url = PageFormat.externalURL(article.url) {
            title +=
                " <a class=\"external\" href=\"\(url)\" rel=\"nofollow noopener noreferrer\" title=\"the outlet's page\">↗</a>"
        }
        if article.isComposite { title += " <span class=\"badge composite\">stitched: see its seams</span>" }
        let relation: HTML =
            isCanonical
            ? "<span class=\"relation canonical\">★ canonical</span>"
            : "<span class=\"relation \(article.relation.rawValue)\">\(article.relation.rawValue)</span>"
        let rowClass: HTML = isCanonical ? " class=\"canonical\"" : ""
        let similarity = isCanonical ? "—" : PageFormat.percent(article.similarity)
        return """
            <tr\(rowClass)><td data-label="Outlet">\(outlet)</td><td data-label="Article">\(title)</td>\
            <td data-label="Relation">\(relation)</td><td data-label="Similarity">\(similarity)</td>\
            <td data-label="First seen">\(PageFormat.date(article.firstSeenAt))</td><td data-label="Published">\(PageFormat.date(article.published))</td></tr>
            """
    }
}
