import Foundation
package import Logging
import NIOPosix
import PostgresNIO
import SeamsCluster
package import SeamsFingerprint
import SeamsStore

/// The store in a PostgreSQL database: the same feeds, articles and story clusters as the SQLite store, shared by
/// every Seams node that names the same database.
///
/// Open it with ``withStore(at:deduplication:logger:_:)``, which runs the connection pool for as long as its body
/// runs. Reads and feed writes go through the pool. Placement — the deduplicator's reads and writes for a batch of
/// articles — runs in one transaction that first takes the placement lock (a transaction-scoped advisory lock), so
/// two nodes ingesting copies of one story at once place them one after the other and end with one cluster; a
/// serialization failure or a deadlock is retried, never lost.
package final class PostgresStore: Sendable {
    /// Where the database is (its ``PostgresLocation/description`` never shows a password).
    package let location: PostgresLocation
    /// The deduplicator's settings.
    package let deduplication: DedupConfiguration
    /// This node's name in the leases it holds: host, process and a random part, unique to this run.
    package let node: String
    /// How long a lease on a feed lasts unless renewed; the store renews its own every third of that.
    package let leaseDuration: Duration
    let client: PostgresClient
    let logger: Logger
    let fingerprints = FingerprintCache()
    let leases = FeedLeases()
    let scheduleChanges = ScheduleChanges()

    /// The advisory lock every placement transaction takes first (`seams-pl` in ASCII).
    static let placementLockKey: Int64 = 0x7365_616D_732D_706C
    /// The advisory lock leasing takes, so that the fleet's count of a host's leases is exact (`seams-le`).
    static let leasingLockKey: Int64 = 0x7365_616D_732D_6C65
    /// How many times a transaction that lost a serialization race or a deadlock is run again.
    static let retries = 5

    private init(
        location: PostgresLocation,
        deduplication: DedupConfiguration,
        leaseDuration: Duration,
        client: PostgresClient,
        logger: Logger
    ) {
        self.location = location
        self.deduplication = deduplication
        self.leaseDuration = leaseDuration
        self.client = client
        self.logger = logger
        let host = ProcessInfo.processInfo.hostName
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        node = "\(host):\(ProcessInfo.processInfo.processIdentifier):\(random)"
    }

    /// The default lease on a feed: a minute.
    package static let defaultLeaseDuration: Duration = .seconds(60)

    /// Connects to the database at `location`, brings its schema up to date (waiting while another node does), and
    /// runs `body` with the store; the connections close when `body` returns or throws. `logger` receives the store's
    /// and the connection pool's messages (none by default).
    ///
    /// - Throws: ``StoreError`` with ``StoreError/Code/cannotOpen`` when the server cannot be reached, refuses the
    ///   login, or holds a schema newer than this build knows; whatever `body` throws.
    package static func withStore<Result: Sendable>(
        at location: PostgresLocation,
        deduplication: DedupConfiguration = DedupConfiguration(),
        leaseDuration: Duration = PostgresStore.defaultLeaseDuration,
        maximumConnections: Int = 8,
        logger: Logger = Logger(label: "seams.postgres") { _ in SwiftLogNoOpLogHandler() },
        _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(
            configuration: try location.clientConfiguration(maximumConnections: maximumConnections),
            backgroundLogger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = PostgresStore(
                location: location,
                deduplication: deduplication,
                leaseDuration: leaseDuration,
                client: client,
                logger: logger
            )
            try await store.open()
            // The store's own background work ends before the pool it uses does.
            return try await withThrowingTaskGroup(of: Void.self) { background in
                background.addTask { await store.renewLeasesWhileOpen() }
                background.addTask { await store.scheduleChanges.listen(client, logger: logger) }
                defer { background.cancelAll() }
                return try await body(store)
            }
        }
    }

    /// Migrates on a connection of its own, made directly rather than from the pool: a server that cannot be reached
    /// fails here at once, where the pool would keep trying.
    private func open() async throws(StoreError) {
        let configuration = try location.connectionConfiguration()
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(),
                configuration: configuration,
                id: 0,
                logger: logger
            )
            do {
                try await PostgresMigrator.migrate(connection, location: location, logger: logger)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .cannotOpen,
                "cannot open the database \(location): \(Self.reason(error))",
                cause: error
            )
        }
    }

    /// Renews this node's leases every third of a lease until cancelled (the store closing); a failure is logged and
    /// tried again at the next turn, while the leases still run.
    private func renewLeasesWhileOpen() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: leaseDuration / 3)
            } catch {
                return
            }
            do {
                try await renewLeases()
            } catch {
                logger.warning("cannot renew feed leases", metadata: ["error.message": "\(error.message)"])
            }
        }
    }

    /// Runs `body` on a leased connection, turning PostgreSQL's errors into ``StoreError``s.
    func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws(StoreError) -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in one transaction on a leased connection, on a thread of the blocking pool (the deduplicator's
    /// storage is synchronous). With `placing`, the transaction first takes the placement lock. A transaction that
    /// fails on a serialization conflict or a deadlock is rolled back and run again, up to ``retries`` times.
    func transaction<Result: Sendable>(
        placing: Bool,
        _ body: @escaping @Sendable (BlockingSession) throws -> Result
    ) async throws(StoreError) -> Result {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await NIOThreadPool.singleton.runIfActive { [logger] in
                        let session = BlockingSession(connection: connection, logger: logger)
                        try session.run("BEGIN")
                        do {
                            if placing {
                                let asked = ContinuousClock.now
                                try session.run("SELECT pg_advisory_xact_lock($1)", [Self.placementLockKey])
                                let waited = ContinuousClock.now - asked
                                FleetMetrics.placementLockWait(
                                    nanoseconds: waited.components.seconds * 1_000_000_000
                                        + waited.components.attoseconds / 1_000_000_000
                                )
                            }
                            let result = try body(session)
                            try session.run("COMMIT")
                            return result
                        } catch {
                            try? session.run("ROLLBACK")
                            throw error
                        }
                    }
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt <= Self.retries {
                logger.notice(
                    "retrying a transaction",
                    metadata: ["attempt": "\(attempt)", "reason": "\(Self.reason(error))"]
                )
                continue
            } catch {
                throw Self.storeError(error)
            }
        }
    }

    /// Serialization failures (40001) and deadlocks (40P01): the transaction did nothing and may simply run again.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    /// The error a user sees for a failed statement or connection.
    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if error is CancellationError {
            return StoreError(.cancelled, "cancelled before it was stored; nothing was written", cause: error)
        }
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "53100" {
            return StoreError(.full, "the database server's disk is full; nothing stored was lost", cause: error)
        }
        return StoreError(.database, "database error: \(reason(error))", cause: error)
    }

    /// What PostgreSQL or the connection said, in one line.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return message + state
        }
        if let cause = error.underlying { return "\(error.code): \(cause)" }
        return "\(error.code)"
    }
}

/// The feeds this node holds leases on and has not yet stored: what it renews.
actor FeedLeases {
    private(set) var held: Set<Int64> = []

    func hold(_ feeds: [Int64]) {
        held.formUnion(feeds)
        FleetMetrics.leasesHeld(held.count)
    }

    func release(_ feeds: [Int64]) {
        held.subtract(feeds)
        FleetMetrics.leasesHeld(held.count)
    }
}
