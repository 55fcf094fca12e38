import ArgumentParser
import Foundation
import SeamsCore
import SeamsExport
import SeamsFetch
import SeamsParse
import SeamsStore
import SeamsSync

/// `seams feeds …`: manage subscriptions.
struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List, add, remove, import and export subscribed feeds.",
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscribed feeds and their status.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            let (feeds, counts) = try await self.store.withStore { store in
                (try await store.feeds(), try await store.articleCounts())
            }
            if json {
                print(FeedStatusJSON(feeds, articleCounts: counts).encoded())
                return
            }
            if feeds.isEmpty {
                print("no feeds subscribed (add one with `seams feeds add URL`)")
                return
            }
            let time = { (date: Date?) in date.map { FeedDate(date: $0, utcOffset: nil).rfc3339 } ?? "-" }
            for feed in feeds {
                let status = feed.lastStatus.map { $0 == 0 ? "file" : "HTTP \($0)" } ?? "-"
                let state =
                    feed.disabledAt.map {
                        "disabled since \(time($0)) (\(feed.disabledReason?.rawValue ?? "disabled"))"
                    }
                    ?? (feed.lastSuccessAt == nil && feed.lastErrorCode == nil ? "never fetched" : "enabled")
                let rate = feed.notModifiedRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
                let perDay = feed.entriesPerDay.map { String(format: "%.2f", $0) } ?? "-"
                print("\(feed.id!)\t\(feed.title ?? "(untitled)")\n\t\(feed.url)")
                print(
                    "\tarticles: \(counts[feed.id!] ?? 0)  entries/day: \(perDay)  304 rate: \(rate) of \(feed.fetchCount)  \(state)"
                )
                print(
                    "\tlast fetch: \(time(feed.lastFetchedAt)) (\(status))  next fetch: \(feed.disabledAt == nil ? time(feed.nextFetchAt) : "-")"
                )
                if let code = feed.lastErrorCode {
                    print("\tlast error: \(code): \(feed.lastErrorMessage ?? "")  (\(feed.consecutiveErrors) in a row)")
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to a feed by URL or file path.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The feed's URL or file path.") var url: String
        @Option(help: "A title for the feed until the feed gives its own.") var title: String?
        @Flag(help: "Let this feed use loopback, private and link-local addresses (an intranet feed).")
        var allowPrivate = false
        @OptionGroup var addresses: AddressOptions

        func run() async throws {
            let configuration = try addresses.fetchConfiguration()
            AddressOptions.announce(configuration, command: "feeds add")
            let (url, title, allowPrivate) = (self.url, self.title, self.allowPrivate)
            let subscription = try await self.store.withStore { store in
                try await SubscriptionService(store: store, fetcher: FeedFetcher(configuration: configuration))
                    .subscribe(
                        url,
                        title: title,
                        by: .operator(allowsPrivateAddresses: allowPrivate || configuration.allowsPrivateAddresses)
                    )
            }
            print(
                "\(subscription.created ? "subscribed" : "already subscribed") \(subscription.feed.id!): \(subscription.feed.url)"
            )
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe from a feed and delete its articles.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The feed's id or URL.") var feed: String

        func run() async throws {
            let feed = self.feed
            let removed = try await self.store.withStore { store in try await store.removeFeed(feed) }
            print("removed \(removed.id!): \(removed.url)")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to every feed of an OPML file.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The OPML file.") var file: String

        func run() async throws {
            let file = self.file
            let feeds = try await self.store.withStore { store in
                try await Subscriptions.add([file], to: store, fetcher: FeedFetcher())
            }
            print("imported \(feeds.count) feeds from \(file)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the subscriptions as OPML 2.0.")

        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let opml = OPMLWriter().write(try await self.store.withStore { store in try await store.feeds() })
            try OutputFile.write(opml, to: output)
        }
    }
}

/// Writes command output to a file or standard output.
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
