import ArgumentParser
import Foundation
import SeamsExport
import SeamsParse
import SeamsStore

extension ExportFormat: ExpressibleByArgument {}
extension ClusterQuery.Composites: ExpressibleByArgument {}

/// `seams export`: the canonical feed, one entry per story.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one entry per story cluster, from its canonical article, as Atom, RSS or JSON Feed.",
        discussion: """
            Entries are newest first; each links to the other outlets' copies of the story. Stitched pages are left \
            out by default (their stories have entries of their own); --composites include or only brings them in. \
            The daemon serves the same feed at /feed.atom, /feed.rss and /feed.json.
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "atom, rss or json.") var format: ExportFormat = .atom
    @Option(help: "At most this many entries.") var limit = 100
    @Option(help: "Only stories that appeared at or after this date (RFC 3339, RFC 822 or YYYY-MM-DD).") var since:
        String?
    @Option(help: "Stitched pages: include, exclude or only.") var composites: ClusterQuery.Composites = .exclude
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        if let since, FeedDateParser.parse(since) == nil {
            throw ValidationError("--since: \"\(since)\" is not a date")
        }
    }

    func run() async throws {
        var query = ClusterQuery(limit: limit, since: since.flatMap(FeedDateParser.parse)?.date)
        query.composites = composites
        query.memberLimit = ClusterQuery.listedMembers
        let clusters = try await self.store.withStore { store in try await store.clusters(query) }
        try OutputFile.write(FeedExporter(format: format).write(clusters), to: output)
    }
}
