import ArgumentParser
import Foundation
import SeamsPostgres
import SeamsStore

/// `seams store copy`: move a store to another database.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a store to another database.",
        subcommands: [Copy.self]
    )

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite store into an empty PostgreSQL database and check that nothing was lost.",
            discussion: """
                Feeds and their schedules, articles, clusters, stitched passages, learned furniture and the \
                candidate indexes keep their ids; nothing is fetched or placed again. The copy is one transaction: \
                a failure leaves the PostgreSQL database as it was. Stop the daemons on the SQLite file first.
                """
        )

        @Option(help: "The SQLite store to copy.") var from: String
        @Option(help: "The PostgreSQL database to copy into, as postgres://USER@HOST:PORT/DB?sslmode=….") var to: String
        @Option(help: "A JSON file of deduplicator settings (default: $SEAMS_DEDUP_CONFIG; see README).")
        var dedupConfig: String?

        func run() async throws {
            guard !PostgresLocation.names(from) else {
                throw CommandFailure("--from names a SQLite file; \(from) is a PostgreSQL address")
            }
            guard PostgresLocation.names(to) else {
                throw CommandFailure("--to must be a PostgreSQL address (postgres://USER@HOST:PORT/DB)")
            }
            guard FileManager.default.fileExists(atPath: from) else {
                throw CommandFailure("there is no SQLite store at \(from)")
            }
            let deduplication = try StoreOptions.deduplication(file: dedupConfig)
            let source = try Store(path: from, deduplication: deduplication)
            let lock = try StoreLock(databasePath: source.path)
            defer { withExtendedLifetime(lock) {} }
            let report = try await PostgresStore.withStore(at: try PostgresLocation(to), deduplication: deduplication) {
                destination in
                try await StoreCopy.copy(from: source, to: destination) { table, rows in
                    Terminal.progress("copying \(table): \(rows) rows")
                }
            }
            Terminal.clearProgress()
            let counts = report.tables.map { "\($0.rows) \($0.name)" }.joined(separator: ", ")
            print("copied \(from) to \(try PostgresLocation(to)): \(counts); every count checked")
        }
    }
}
