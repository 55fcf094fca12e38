import ArgumentParser
import Foundation
import SeamsExport
import SeamsExtract
import SeamsFetch
import SeamsParse
import SeamsSync

/// `seams parse SOURCE`: show how Seams reads a feed, without storing anything.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Fetch and parse one feed and print what Seams understood, without storing anything.",
        discussion:
            "With --json, prints the document described in README.md (format, feed, entries with text, warnings)."
    )

    @Argument(help: "A feed URL or file.") var source: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var addresses: AddressOptions

    func run() async throws {
        let url = SubscriptionSource.feedURL(for: source)
        let configuration = try addresses.fetchConfiguration()
        AddressOptions.announce(configuration, command: "parse")
        let response = try await FeedFetcher(configuration: configuration).fetch(
            FetchRequest(url: url, allowsFiles: true)
        )
        let feed = try FeedParser().parse(response.body, url: response.effectiveURL, httpCharset: response.charset)
        let extractor = TextExtractor()
        let texts = feed.entries.map { extractor.articleText(content: $0.content, summary: $0.summary) }
        if json {
            print(ParsedFeedJSON(feed, texts: texts).encoded())
            return
        }
        print("\(feed.format.rawValue): \(feed.metadata.title ?? "(untitled)") — \(feed.entries.count) entries")
        for (entry, text) in zip(feed.entries, texts) {
            let date = entry.published?.rfc3339 ?? "no date"
            print("  \(date)  \(entry.title ?? "(untitled)")  [\(text.split(separator: " ").count) words]")
        }
        for warning in feed.warnings { print("warning: \(warning)") }
    }
}
