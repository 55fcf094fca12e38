package import Foundation
import GRDB

extension Store {
    /// Feeds due at `now` — never fetched, or whose next fetch time has come, or not fetched for
    /// `maximumInterval` (so lowering the maximum takes effect at once) — most overdue first, leaving out
    /// disabled feeds and those in `excluded` (the ones being fetched).
    package func dueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double = .infinity,
        excluding excluded: Set<Int64> = []
    ) async throws(StoreError) -> [Subscription] {
        let stale = maximumInterval.isFinite ? now.addingTimeInterval(-maximumInterval) : Date.distantPast
        return try await StoreError.wrapping(self) {
            try await writer.read { db in
                let feeds = try FeedRecord.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM feed WHERE disabledAt IS NULL
                        AND (nextFetchAt IS NULL OR nextFetchAt <= ? OR lastFetchedAt <= ?)
                        ORDER BY nextFetchAt IS NOT NULL, nextFetchAt, id LIMIT ?
                        """,
                    arguments: [now, stale, limit + excluded.count]
                )
                return Array(feeds.lazy.map(\.subscription).filter { !excluded.contains($0.id!) }.prefix(limit))
            }
        }
    }

    /// The earliest next fetch time of any enabled feed; nil when no feed is enabled. A feed never fetched
    /// counts as due at the distant past.
    package func nextFetchTime(maximumInterval: Double = .infinity) async throws(StoreError) -> Date? {
        try await StoreError.wrapping(self) {
            try await writer.read { db in
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM feed WHERE disabledAt IS NULL)") == true
                else {
                    return nil
                }
                if try Bool.fetchOne(
                    db,
                    sql: "SELECT EXISTS (SELECT 1 FROM feed WHERE disabledAt IS NULL AND nextFetchAt IS NULL)"
                ) == true {
                    return Date.distantPast
                }
                let next = try Date.fetchOne(db, sql: "SELECT MIN(nextFetchAt) FROM feed WHERE disabledAt IS NULL")
                guard maximumInterval.isFinite,
                    let oldest = try Date.fetchOne(
                        db,
                        sql: "SELECT MIN(lastFetchedAt) FROM feed WHERE disabledAt IS NULL"
                    )
                else { return next }
                return min(next ?? .distantFuture, oldest.addingTimeInterval(maximumInterval))
            }
        }
    }

    /// Writes many fetches' results in one transaction: each feed's articles, status and schedule.
    ///
    /// Each update is applied inside its own savepoint: an update that fails (a constraint, a corrupt entry)
    /// is rolled back alone and recorded on its feed as a `store.database` error; the others commit. Only a
    /// failure of the transaction itself (such as a full disk) throws, and then nothing of the batch is kept.
    package func apply(_ updates: [FeedUpdate]) async throws(StoreError) -> [FeedUpdateOutcome] {
        try await StoreError.wrapping(self) {
            try await writer.write { db in
                try self.withPendingPostings(db) { pending in
                    try self.apply(updates, pending: pending, in: db)
                }
            }
        }
    }

    /// The body of ``apply(_:)``: each update in a savepoint, the postings of all held in `pending` and written once,
    /// in key order, when the batch is done.
    private func apply(
        _ updates: [FeedUpdate],
        pending: PendingPostings,
        in db: Database
    ) throws -> [FeedUpdateOutcome] {
        var outcomes: [FeedUpdateOutcome] = []
        outcomes.reserveCapacity(updates.count)
        for update in updates {
            var outcome = FeedUpdateOutcome(
                feedId: update.feedId,
                ingest: nil,
                adoptedURL: nil,
                redirectConflict: false
            )
            pending.beginSavepoint()
            do {
                try db.inSavepoint {
                    try self.apply(update, to: &outcome, pending: pending, in: db)
                    return .commit
                }
                pending.releaseSavepoint()
            } catch let error as DatabaseError where Self.failsTheTransaction(error) || !db.isInsideTransaction {
                throw error  // a full disk or a broken file: SQLite has rolled the whole batch back
            } catch {
                pending.rollbackSavepoint()  // the update's postings go with its savepoint
                let failure =
                    (error as? DatabaseError).map {
                        StoreError(.database, "database error: \($0.message ?? "\($0)")", cause: $0)
                    }
                    ?? StoreError(.database, "database error: \(error)", cause: error)
                outcome.ingest = .failure(failure)
                try self.recordFetch(update, in: db)
                try db.run(
                    """
                    UPDATE feed SET lastErrorCode = ?, lastErrorMessage = ?, consecutiveErrors = consecutiveErrors + 1
                    WHERE id = ?
                    """,
                    [failure.failureCode, failure.message, update.feedId]
                )
            }
            outcomes.append(outcome)
            if pending.count >= PendingPostings.writeThreshold {
                try SQLiteClusterStorage(db: db, pending: pending).writePendingPostings()
            }
        }
        return outcomes
    }

    /// Errors that are about the database, not the update: no other update of the batch can succeed either. An
    /// interrupt (a cancelled task) is one: GRDB rolls the whole transaction back under it.
    static func failsTheTransaction(_ error: DatabaseError) -> Bool {
        [
            .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_READONLY, .SQLITE_INTERRUPT,
            .SQLITE_ABORT,
        ]
        .contains(error.resultCode)
    }

    private func apply(
        _ update: FeedUpdate,
        to outcome: inout FeedUpdateOutcome,
        pending: PendingPostings,
        in db: Database
    ) throws {
        try recordFetch(update, in: db)
        switch update.result {
        case .parsed(let snapshot, let drafts):
            outcome.ingest = .success(
                try ingest(
                    feedId: update.feedId,
                    snapshot: snapshot,
                    drafts: drafts,
                    at: update.seenAt,
                    pending: pending,
                    in: db
                )
            )
        case .unchanged(let status, let etag, let lastModified):
            try db.run(
                """
                UPDATE feed SET lastSuccessAt = ?, lastStatus = ?, lastErrorCode = NULL, lastErrorMessage = NULL,
                consecutiveErrors = 0, etag = COALESCE(?, etag), lastModified = COALESCE(?, lastModified),
                notModifiedCount = notModifiedCount + ? WHERE id = ?
                """,
                [update.fetchedAt, status, etag, lastModified, status == 304 ? 1 : 0, update.feedId]
            )
        case .failed(let code, let message, let status):
            try db.run(
                """
                UPDATE feed SET lastStatus = ?, lastErrorCode = ?, lastErrorMessage = ?,
                consecutiveErrors = consecutiveErrors + 1 WHERE id = ?
                """,
                [status, code, message, update.feedId]
            )
        }
        guard let target = update.schedule.adoptURL else { return }
        let taken = try Bool.fetchOne(
            db,
            sql: "SELECT EXISTS (SELECT 1 FROM feed WHERE url = ? AND id != ?)",
            arguments: [target, update.feedId]
        )
        if taken == true {
            outcome.redirectConflict = true
        } else {
            try db.run(
                "UPDATE feed SET url = ?, redirectURL = NULL, redirectCount = 0 WHERE id = ?",
                [target, update.feedId]
            )
            outcome.adoptedURL = target
        }
    }

    /// The fields every fetch sets, whatever it brought: time, counters, schedule.
    private func recordFetch(_ update: FeedUpdate, in db: Database) throws {
        let schedule = update.schedule
        try db.run(
            """
            UPDATE feed SET lastFetchedAt = ?, fetchCount = fetchCount + 1, nextFetchAt = ?, fetchInterval = ?,
            entriesPerDay = COALESCE(?, entriesPerDay), disabledAt = CASE WHEN ? IS NULL THEN disabledAt ELSE ? END,
            disabledReason = COALESCE(?, disabledReason), redirectURL = ?, redirectCount = ?,
            lastUnconditionalAt = CASE WHEN ? THEN ? ELSE lastUnconditionalAt END, lastDuration = ?, lastBytes = ?
            WHERE id = ?
            """,
            [
                update.fetchedAt, schedule.nextFetchAt, schedule.interval, schedule.entriesPerDay,
                schedule.disabledReason, update.fetchedAt, schedule.disabledReason, schedule.redirectURL,
                schedule.redirectCount, update.wasUnconditional, update.fetchedAt, update.duration, update.bytes,
                update.feedId,
            ]
        )
    }
}
