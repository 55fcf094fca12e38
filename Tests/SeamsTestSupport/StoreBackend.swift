package import SeamsFingerprint
import SeamsPostgres
package import SeamsStore

/// The store's two backends, for suites that run one set of behaviour tests against both: SQLite in memory, and a
/// fresh PostgreSQL database on the throwaway server `make test` starts (see ``PostgresTestDatabase``).
package enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The embedded default.
    case sqlite
    /// The shared database.
    case postgres

    package var description: String { rawValue }

    /// Runs `body` with a new, empty store of this backend, which is gone after.
    package func withStore<Result: Sendable>(
        deduplication: DedupConfiguration = DedupConfiguration(),
        _ body: (any StoryStore) async throws -> Result
    ) async throws -> Result {
        switch self {
        case .sqlite:
            return try await body(try Store(path: ":memory:", deduplication: deduplication))
        case .postgres:
            return try await PostgresTestDatabase.withFresh { location in
                try await PostgresStore.withStore(at: location, deduplication: deduplication) { try await body($0) }
            }
        }
    }
}
