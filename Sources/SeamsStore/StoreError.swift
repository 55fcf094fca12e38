import GRDB
package import SeamsCore

/// Why the store could not do what was asked.
///
/// Carries what a user needs to act: the database path for open failures, the feed or cluster that was not
/// found; and the underlying error (SQLite's, with its code and statement) as ``cause``, for the logs.
package struct StoreError: CodedError {
    /// The kind of failure, with a stable string value.
    package enum Code: String, FailureCodes {
        /// The database file cannot be opened or is not a Seams database.
        case cannotOpen = "store.cannot_open"
        /// A feed, cluster or article that was named does not exist.
        case notFound = "store.not_found"
        /// The disk, or the database's size limit, has no room for what was being stored. Nothing committed is lost;
        /// storing resumes once there is room.
        case full = "store.full"
        /// SQLite reported an error (corruption, a busy lock that did not clear, an I/O failure).
        case database = "store.database"
        /// The task was cancelled (a shutdown that ran out of time) before the write began; nothing was written.
        case cancelled = "store.cancelled"
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong, for a person.
    package var message: String

    /// The error that caused it (a GRDB `DatabaseError`), if any.
    package var cause: (any Error)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var failureCode: FailureCode { code.failureCode }

    /// The error for a write that found no room.
    static func full(path: String, maximumSize: Int?, cause: (any Error)? = nil) -> StoreError {
        let limit =
            maximumSize.map { size in
                let shown = size >= 1_048_576 ? "\(size / 1_048_576) MB" : "\(size / 1024) KB"
                return "the database's size limit (\(shown), --max-db-size)"
            } ?? "the disk"
        return StoreError(
            .full,
            "the database \(path) is full: \(limit) has no room for more; nothing stored was lost, and storing resumes once there is room",
            cause: cause
        )
    }

    /// Runs a database operation, turning SQLite errors into ``StoreError``s; `store` names the database in a
    /// disk-full error.
    static func wrapping<T>(_ store: Store? = nil, _ operation: () async throws -> T) async throws(StoreError) -> T {
        do {
            return try await operation()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where Task.isCancelled && error.isCancellation {
            // GRDB interrupts a cancelled task's access and rolls its transaction back: nothing was written.
            throw StoreError(.cancelled, "cancelled before it was stored; nothing was written", cause: error)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw full(path: store?.path ?? "", maximumSize: store?.maximumSize, cause: error)
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                "database error: \(error.message ?? "SQLite code \(error.resultCode.rawValue)")",
                cause: error
            )
        } catch let error as CancellationError {
            throw StoreError(.cancelled, "cancelled before it was stored; nothing was written", cause: error)
        } catch {
            throw StoreError(.database, "database error: \(error)", cause: error)
        }
    }
}

extension DatabaseError {
    /// Whether this is how SQLite reports an interrupted statement or a transaction rolled back under it — what
    /// GRDB makes of a task cancelled mid-access.
    fileprivate var isCancellation: Bool {
        resultCode == .SQLITE_INTERRUPT || resultCode == .SQLITE_ABORT
    }
}

extension Database {
    /// Executes one statement, prepared once per connection and reused: the deduplicator runs the same few
    /// statements for every article, and preparing them again each time cost a tenth of a sync.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
