import ArgumentParser
import Foundation
import Logging
import SeamsFetch
import SeamsServer
import SeamsStore
import ServiceLifecycle
import UnixSignals

/// `seams serve`: the web pages, JSON API and canonical feeds of a database, without syncing it.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web pages, the JSON API and the canonical feeds of a database, without syncing.",
        discussion: """
            `seams daemon` serves the same pages while it syncs; `seams serve` is for a database another process \
            (a daemon, a cron'd `seams sync`) keeps up to date. Settings come from flags, else SEAMS_* variables, \
            else the --config JSON file. SIGTERM or SIGINT stop it.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var addresses: AddressOptions
    @Option(help: "A JSON file of settings, keyed by flag name (env SEAMS_CONFIG).") var config: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let file = try SettingsFile(path: config ?? environment["SEAMS_CONFIG"])
        let values = SettingValues(
            flags: server.flags.merging(addresses.flags) { flag, _ in flag },
            environment: environment,
            file: file
        )
        var fetch = FetchConfiguration()
        fetch.allowsPrivateAddresses = try values.flag(.allowPrivateFeeds)
        guard let configuration = try values.server() else {
            throw CommandFailure("seams serve needs an address; --http off leaves nothing to do")
        }
        let level = Logger.Level(rawValue: values.text(.logLevel).lowercased()) ?? .info
        let logger = Logger(label: "seams") { _ in ConsoleLogHandler(level: level) }
        try await self.store.withStore { store in
            let server = InspectionServer(
                store: store,
                fetcher: FeedFetcher(configuration: fetch),
                configuration: configuration,
                logger: logger
            )
            AddressOptions.announce(fetch, command: "serve")
            Terminal.error("seams serve: \(store.path) at \(configuration.baseURL); Ctrl-C or SIGTERM to stop")
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [server.application()],
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    cancellationSignals: [],
                    logger: logger
                )
            )
            try await group.run()
        }
    }
}
