import Foundation
import SeamsStore

/// The home page: story clusters, newest or most copied first, or only the stitched pages; paged by cursor.
struct ClusterListPage {
    let page: ClusterPage
    let query: ClusterQuery
    /// The query string of the listing without its cursor, to build the next page's link.
    let baseQuery: String

    var section: PageLayout.Section {
        if query.composites == .only { return .composites }
        return query.order == .biggest ? .biggest : .stories
    }

    var heading: String {
        switch section {
        case .composites: "Stitched pages"
        case .biggest: "Most copied stories"
        default: "Newest stories"
        }
    }

    func render() -> String {
        var body: HTML = "<h1>\(heading)</h1>"
        if section == .composites {
            body += "<p class=\"lead\">Pages stitched together from several stories. Open one to see its seams.</p>"
        }
        if page.clusters.isEmpty {
            body += "<p class=\"empty\">No stories yet. They appear here as the daemon syncs feeds.</p>"
        }
        body += "<ol class=\"clusters\">\(page.clusters.map(row))</ol>"
        if let next = page.next {
            let separator = baseQuery.isEmpty ? "" : "&"
            body +=
                "<p class=\"more\"><a rel=\"next\" href=\"/?\(baseQuery)\(separator)cursor=\(next.rawValue)\">More →</a></p>"
        }
        return PageLayout.page(title: heading, section: section, body: body)
    }

    private func row(_ cluster: StoryCluster) -> HTML {
        let canonical = cluster.canonical
        let outlets = Array(Set(cluster.articles.map { $0.feedTitle ?? $0.feedURL })).sorted()
        let composite = cluster.articles.contains { $0.article.isComposite }
        let relations = Dictionary(grouping: cluster.copies, by: \.article.relation).map {
            "\($0.value.count) \($0.key)"
        }.sorted()
        let size = cluster.size
        var badges: HTML =
            "<span class=\"badge size\" title=\"articles in the cluster\">\(size) \(size == 1 ? "copy" : "copies")</span>"
        if composite { badges += "<span class=\"badge composite\">stitched</span>" }
        if cluster.articles.contains(where: \.article.isRecycled) {
            badges += "<span class=\"badge recycled\">recycled</span>"
        }
        return """
            <li class="cluster"><a class="title" href="/clusters/\(cluster.id)">\(canonical.article.title ?? "(untitled)")</a>
            <div class="meta">\(badges) <span class="outlets">\(outlets.joined(separator: " · "))</span> \
            <span class="relations">\(relations.joined(separator: ", "))</span> \
            <time>\(PageFormat.date(canonical.article.appearedAt))</time></div></li>
            """
    }
}
