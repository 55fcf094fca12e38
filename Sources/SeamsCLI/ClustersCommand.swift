import ArgumentParser
import Foundation
import SeamsExport
import SeamsParse
import SeamsStore

/// `seams clusters`: inspect story clusters.
struct ClustersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "List story clusters, or show one with every copy.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the newest story clusters.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print the JSON contract documented in README.md.") var json = false
        @Option(help: "At most this many clusters.") var limit = 50
        @Option(help: "Only clusters with at least this many articles (2: stories that were copied).") var minSize = 1
        @Flag(help: "Only stitched articles (pages made of passages from several stories).") var composites = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
            guard minSize > 0 else { throw ValidationError("--min-size must be at least 1") }
        }

        func run() async throws {
            try await self.store.withStore { store in
                var query = ClusterQuery(limit: limit, minimumSize: minSize)
                query.compositesOnly = composites
                let clusters = try await store.clusters(query)
                if json {
                    print(ClusterListJSON(clusters, composites: try await store.composites(limit: 100_000)).encoded())
                    return
                }
                if clusters.isEmpty {
                    print("no clusters yet (run `seams sync` first)")
                    return
                }
                for cluster in clusters {
                    let canonical = cluster.canonical
                    let copies = cluster.articles.count == 1 ? "1 article" : "\(cluster.articles.count) articles"
                    print("\(cluster.id)\t\(copies)\t\(canonical.article.title ?? "(untitled)")")
                    if cluster.articles.count > 1 {
                        for member in cluster.articles {
                            let similarity = String(format: "%.2f", member.article.similarity ?? 1)
                            print("\t\t\(member.article.relation) \(similarity)\t\(member.feedTitle ?? member.feedURL)")
                        }
                    }
                    if cluster.canonical.article.isComposite {
                        print("\t\tstitched from other stories (seams clusters show \(cluster.id))")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one cluster: each article, its feed and relation."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The cluster id.") var id: Int64
        @Flag(help: "Print JSON (one cluster in the shape of `clusters --json`).") var json = false

        func run() async throws {
            try await self.store.withStore { store in
                let cluster = try await store.cluster(id: id, memberLimit: nil)
                if json {
                    print(ClusterJSON(cluster).encoded())
                    return
                }
                print("cluster \(cluster.id): \(cluster.canonical.article.title ?? "(untitled)")")
                print("\(cluster.articles.count) article(s); canonical: \(cluster.canonical.article.id!)")
                for member in cluster.articles {
                    let article = member.article
                    let published = article.publishedDate?.rfc3339 ?? "no date"
                    print("")
                    let similarity = String(format: "%.2f", article.similarity ?? 1)
                    print("  \(article.id!)  \(article.relation)  similarity \(similarity)  \(published)")
                    print("    title: \(article.title ?? "(untitled)")")
                    print("    feed:  \(member.feedTitle ?? "") <\(member.feedURL)>")
                    if let url = article.url { print("    url:   \(url)") }
                    print(
                        "    text:  \(article.wordCount) words; first seen \(FeedDate(date: article.firstSeenAt, utcOffset: nil).rfc3339)"
                    )
                    if let composite = try await store.composite(articleId: article.id!) {
                        print(
                            PassageReport(composite).text.split(separator: "\n").map { "    " + $0 }.joined(
                                separator: "\n"
                            )
                        )
                    }
                }
            }
        }
    }
}
