import ArgumentParser
import Foundation
import Logging
import SeamsFingerprint
import SeamsPostgres
import SeamsStore
import Synchronization

/// The `--db` option every command takes.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The SQLite database file, or a PostgreSQL database as postgres://USER@HOST:PORT/DB?sslmode=… (password from PGPASSWORD or ~/.pgpass) (default: $SEAMS_DB, or ./seams.sqlite)."
    )
    var db: String?

    @Option(
        help:
            "With PostgreSQL: how long a node's lease on a feed it is fetching lasts unless renewed, such as 60s; a node that dies loses its feeds to the others after it (default: $SEAMS_LEASE_DURATION, or 60s)."
    )
    var leaseDuration: String?

    @Option(help: "A JSON file of deduplicator settings (default: $SEAMS_DEDUP_CONFIG; see README).")
    var dedupConfig: String?

    @Option(
        help:
            "The most the database file may grow to, such as 2GB; a write past it fails like a full disk (default: $SEAMS_MAX_DB_SIZE, or no limit)."
    )
    var maxDbSize: String?

    /// The database path or address: the flag, then `SEAMS_DB`, then `./seams.sqlite`.
    var path: String { db ?? ProcessInfo.processInfo.environment["SEAMS_DB"] ?? "seams.sqlite" }

    /// Whether the database is PostgreSQL's rather than a SQLite file.
    var isPostgres: Bool { PostgresLocation.names(path) }

    /// The lease length: the flag, then `SEAMS_LEASE_DURATION`, else a minute.
    func lease() throws -> Duration {
        let (text, origin) =
            leaseDuration.map { ($0, "--lease-duration") } ?? (
                ProcessInfo.processInfo.environment["SEAMS_LEASE_DURATION"], "SEAMS_LEASE_DURATION"
            )
        guard let text else { return PostgresStore.defaultLeaseDuration }
        guard let lease = SettingParser.duration(text), lease > .zero else {
            throw CommandFailure("invalid duration \"\(text)\" for \(origin): use a number with s, m or h, such as 60s")
        }
        return lease
    }

    /// The deduplicator's settings: the file named by the flag or `SEAMS_DEDUP_CONFIG`, else the defaults.
    func deduplication() throws -> DedupConfiguration { try Self.deduplication(file: dedupConfig) }

    /// The deduplicator's settings in `file`, else in the file `SEAMS_DEDUP_CONFIG` names, else the defaults.
    static func deduplication(file: String?) throws -> DedupConfiguration {
        guard let file = file ?? ProcessInfo.processInfo.environment["SEAMS_DEDUP_CONFIG"] else {
            return DedupConfiguration()
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("cannot read the deduplicator settings \(file)")
        }
        do {
            return try JSONDecoder().decode(DedupConfiguration.self, from: data)
        } catch {
            throw CommandFailure("the deduplicator settings \(file) are not valid: \(error)")
        }
    }

    /// The database size limit: the flag, then `SEAMS_MAX_DB_SIZE`, else none.
    func maximumSize() throws -> Int? {
        let (text, origin) =
            maxDbSize.map { ($0, "--max-db-size") } ?? (
                ProcessInfo.processInfo.environment["SEAMS_MAX_DB_SIZE"], "SEAMS_MAX_DB_SIZE"
            )
        guard let text else { return nil }
        guard let size = SettingParser.size(text) else {
            throw CommandFailure("invalid size \"\(text)\" for \(origin): use bytes or KB, MB, GB, such as 2GB")
        }
        return size
    }

    /// Opens the store `--db` names — a SQLite file, or a PostgreSQL database for a `postgres://` address — runs
    /// `body` with it, and closes it; PostgreSQL's messages at `logLevel` or above go to standard error.
    func withStore<Result: Sendable>(
        logLevel: Logger.Level = .warning,
        _ body: (any StoryStore) async throws -> Result
    ) async throws -> Result {
        guard isPostgres else { return try await body(try sqlite()) }
        guard maxDbSize == nil, ProcessInfo.processInfo.environment["SEAMS_MAX_DB_SIZE"] == nil else {
            throw CommandFailure("--max-db-size is for SQLite files; PostgreSQL's size is the server's to limit")
        }
        return try await PostgresStore.withStore(
            at: try PostgresLocation(path),
            deduplication: try deduplication(),
            leaseDuration: try lease(),
            logger: Logger(label: "seams.postgres") { _ in ConsoleLogHandler(level: logLevel) }
        ) { store in try await body(store) }
    }

    /// The SQLite store, for what only SQLite does yet; `command` names it in the error for a PostgreSQL address.
    func sqlite(for command: String? = nil) throws -> Store {
        if isPostgres {
            throw CommandFailure(
                "seams \(command ?? "this command") works on SQLite stores only for now, not on \(path)"
            )
        }
        return try Store(path: path, deduplication: try deduplication(), maximumSize: try maximumSize())
    }
}

/// Lines for people: standard output for results, standard error for progress, logs and problems.
///
/// On a terminal, standard error carries one progress line that log lines are written above.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) == 1
    private static let progressLine = Mutex("")

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes a log line to standard error, above the progress line.
    static func log(_ line: String) {
        progressLine.withLock { progress in
            let clear = isInteractive && !progress.isEmpty ? "\r\u{1B}[2K" : ""
            let redraw = isInteractive ? progress : ""
            FileHandle.standardError.write(Data("\(clear)\(line)\n\(redraw)".utf8))
        }
    }

    /// Rewrites the progress line on a terminal; does nothing when standard error is not one.
    static func progress(_ text: String) {
        guard isInteractive else { return }
        progressLine.withLock { progress in
            progress = text
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
        }
    }

    static func clearProgress() {
        guard isInteractive else { return }
        progressLine.withLock { progress in
            progress = ""
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }

    /// A progress bar: `[#####-----] 45/90 feeds` and a note.
    static func bar(_ done: Int, of total: Int, note: String) -> String {
        let width = 30
        let filled = total == 0 ? width : min(width, done * width / max(total, 1))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(done)/\(total) feeds  \(note)"
    }
}

/// A command-line failure that has already been explained: its message is the one line shown.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
