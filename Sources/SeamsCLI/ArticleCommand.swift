import ArgumentParser
import Foundation
import SeamsExport
import SeamsParse
import SeamsStore

/// `seams article ID`: one article, its text, its relation, the lines left out as its feed's furniture and, for a
/// stitched article, its passages.
struct ArticleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Show one article: its text, its relation to its cluster, and the passages of a stitched article."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "The article id.") var id: Int64
    @Flag(help: "Print JSON: {\"article\", \"cluster\", \"text\", \"furniture\", \"composite\"}.") var json = false

    func run() async throws {
        try await self.store.withStore { store in
            let stored = try await store.article(id: id)
            let composite = try await store.composite(articleId: id)
            let furniture = try await store.furniture(ofArticle: id)
            if json {
                print(ArticleDetailJSON(stored, composite: composite, furniture: furniture).encoded())
                return
            }
            let article = stored.article
            print("article \(id): \(article.title ?? "(untitled)")")
            print("feed: \(stored.feedTitle ?? "") <\(stored.feedURL)>")
            if let url = article.url { print("url: \(url)") }
            let similarity = article.similarity.map { String(format: "%.2f", $0) } ?? "-"
            print("cluster \(article.clusterId.map(String.init) ?? "-"), \(article.relation), similarity \(similarity)")
            if !furniture.isEmpty {
                print("left out as furniture (\(furniture.count) lines, not matched):")
                for line in furniture { print("  \(line)") }
            }
            if let composite { print(PassageReport(composite).text) }
            print("")
            print(article.text)
        }
    }
}

/// The passages of a stitched article, for people: each source, and where its passages lie in the text.
struct PassageReport {
    let composite: CompositeArticle

    init(_ composite: CompositeArticle) { self.composite = composite }

    var text: String {
        let scalars = Array(composite.article.article.text.unicodeScalars)
        var lines = ["stitched from \(composite.sources.count) stories:"]
        for source in composite.sources {
            let cluster = source.clusterId.map { "cluster \($0)" } ?? "no cluster"
            lines.append(
                "  article \(source.articleId) (\(cluster)), \(String(format: "%.0f", source.coverage * 100)) % of it, "
                    + "\(source.spans.count) passage(s):"
            )
            for span in source.spans {
                let clipped = span.clamped(to: 0..<scalars.count)
                let excerpt = String(String.UnicodeScalarView(scalars[clipped].prefix(70))).replacingOccurrences(
                    of: "\n",
                    with: " / "
                )
                lines.append("    [\(span.lowerBound), \(span.upperBound))  \"\(excerpt)…\"")
            }
        }
        return lines.joined(separator: "\n")
    }
}
