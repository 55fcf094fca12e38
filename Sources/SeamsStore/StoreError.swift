import GRDB

/// Why the store could not do what was asked.
///
/// Carries what a user needs to act: the database path for open failures, the feed or cluster that was not
/// found, and the SQLite message for anything else.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, with a stable string value.
    public enum Code: String, Sendable {
        /// The database file cannot be opened or is not a Seams database.
        case cannotOpen = "store.cannot_open"
        /// A feed, cluster or article that was named does not exist.
        case notFound = "store.not_found"
        /// SQLite reported an error (disk full, corruption, a busy lock that did not clear).
        case database = "store.database"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Runs a database operation, turning SQLite errors into ``StoreError``s.
    static func wrapping<T>(_ operation: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await operation()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(.database, "database error: \(error.message ?? error.description)")
        } catch {
            throw StoreError(.database, "database error: \(error)")
        }
    }
}

extension Database {
    /// Executes one statement, prepared once per connection and reused: the deduplicator runs the same few
    /// statements for every article, and preparing them again each time cost a tenth of a sync.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
