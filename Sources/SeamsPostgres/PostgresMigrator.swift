import Logging
import PostgresNIO
import SeamsStore

/// Brings a PostgreSQL database to ``PostgresSchema``'s migrations, one node at a time.
///
/// The node that migrates holds a session advisory lock for the whole run; every other node opening the store waits
/// on the same lock, then finds the migrations recorded and has nothing to do. Each migration commits with its
/// record in `seams_migration`, so a node killed mid-way leaves the database at a migration boundary. A database
/// that records a migration this build does not know was migrated by a newer Seams and is refused, untouched.
enum PostgresMigrator {
    /// The advisory lock key migrations are serialized on (`seams-mi` in ASCII).
    static let lockKey: Int64 = 0x7365_616D_732D_6D69

    static func migrate(
        _ connection: PostgresConnection,
        location: PostgresLocation,
        logger: Logger
    ) async throws {
        try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
        do {
            try await migrateHoldingTheLock(connection, location: location, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            throw error
        }
    }

    private static func migrateHoldingTheLock(
        _ connection: PostgresConnection,
        location: PostgresLocation,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS seams_migration (
                name text PRIMARY KEY, appliedAt timestamptz NOT NULL DEFAULT now())
            """,
            logger: logger
        )
        var applied = Set<String>()
        for try await name in try await connection.query("SELECT name FROM seams_migration", logger: logger)
            .decode(String.self)
        {
            applied.insert(name)
        }
        let unknown = applied.subtracting(PostgresSchema.known).sorted()
        guard unknown.isEmpty else {
            throw StoreError(
                .cannotOpen,
                "cannot open the database \(location): its schema is newer than this seams knows (migration \(unknown.joined(separator: ", "))); upgrade seams"
            )
        }
        for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
            logger.info("migrating the database", metadata: ["migration": "\(migration.name)"])
            try await connection.query("BEGIN", logger: logger)
            do {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO seams_migration (name) VALUES (\(migration.name))",
                    logger: logger
                )
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
