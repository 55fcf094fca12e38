package import Foundation
import PostgresNIO
import SeamsCluster
import SeamsCore
import SeamsFetch
import SeamsFingerprint
package import SeamsStore

/// The schedule in PostgreSQL, shared by every node: which feeds are due, who is fetching them, and one transaction
/// per batch of fetch results.
///
/// A node takes the due feeds it will fetch with a lease (``leaseDueFeeds(at:limit:maximumInterval:perHost:excluding:)``):
/// the rows are locked with `FOR UPDATE SKIP LOCKED`, so two nodes asking at once get different feeds, and marked
/// with the node and an expiry. Until the lease expires — the store renews its own leases while they are held — no
/// other node takes the feed; storing the fetch (``apply(_:)``) sets its next fetch time and releases it. A node that
/// dies holding leases loses them when they expire, and the others fetch those feeds then.
extension PostgresStore {
    /// The due-feed condition of ``dueFeeds(at:limit:maximumInterval:excluding:)``, its parameters $1 (now) and $2
    /// (the stale limit).
    private static let due = """
        disabledAt IS NULL AND (nextFetchAt IS NULL OR nextFetchAt <= $1 OR lastFetchedAt <= $2)
        """

    /// Feeds due at `now`, soonest first, at most `limit`, leaving out `excluded`, whether or not another node holds
    /// them: what `seams daemon` counts when it starts.
    package func dueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double = .infinity,
        excluding excluded: Set<Int64> = []
    ) async throws(StoreError) -> [Subscription] {
        try await subscriptions(
            """
            SELECT \(Self.feedColumns) FROM feed WHERE \(Self.due) AND NOT (id = ANY($3))
            ORDER BY nextFetchAt IS NOT NULL, nextFetchAt, id LIMIT $4
            """,
            [now, Self.stale(now, maximumInterval), Array(excluded), limit]
        )
    }

    /// Takes up to `limit` due feeds that no node holds, soonest first, leasing each to this node — and never so
    /// many that the fleet would hold more than `perHost` feeds of one host (`FetchRequest.hostKey`) at once: the
    /// politeness limit holds for every node together. Leasing is serialized by an advisory lock, so that two nodes
    /// counting a host's leases at once cannot both take its last place.
    package func leaseDueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double,
        perHost: Int,
        excluding excluded: Set<Int64>
    ) async throws(StoreError) -> [Subscription] {
        guard limit > 0 else { return [] }
        let node = self.node
        let seconds = leaseDuration.seconds
        let leased = try await transaction(placing: false) { session -> [Subscription] in
            try session.run("SELECT pg_advisory_xact_lock($1)", [Self.leasingLockKey])
            var held: [String: Int] = [:]
            for row in try session.rows("SELECT url FROM feed WHERE leaseExpiresAt >= now()") {
                held[FetchRequest.hostKey(of: try row.decode(String.self)), default: 0] += 1
            }
            // Enough of the soonest due feeds to fill `limit` places past hosts that are full.
            var chosen: [Int64] = []
            for row in try session.rows(
                """
                SELECT id, url FROM feed WHERE \(Self.due) AND NOT (id = ANY($3))
                    AND (leaseExpiresAt IS NULL OR leaseExpiresAt < now())
                ORDER BY nextFetchAt IS NOT NULL, nextFetchAt, id LIMIT $4
                """,
                [now, Self.stale(now, maximumInterval), Array(excluded), limit * 8 + 64]
            ) where chosen.count < limit {
                let (id, url) = try row.decode((Int64, String).self)
                let host = FetchRequest.hostKey(of: url)
                guard held[host, default: 0] < max(1, perHost) else { continue }
                held[host, default: 0] += 1
                chosen.append(id)
            }
            guard !chosen.isEmpty else { return [] }
            let takeovers = try session.value(
                Int64.self,
                "SELECT COUNT(*) FROM feed WHERE id = ANY($1) AND leaseOwner IS NOT NULL AND leaseOwner <> $2",
                [chosen, node]
            )
            FleetMetrics.takeovers(Int(takeovers ?? 0))
            return try session.rows(
                """
                UPDATE feed SET leaseOwner = $1, leaseExpiresAt = now() + $2 * interval '1 second'
                WHERE id IN (SELECT id FROM feed WHERE id = ANY($3)
                    AND (leaseExpiresAt IS NULL OR leaseExpiresAt < now()) FOR UPDATE SKIP LOCKED)
                RETURNING \(Self.feedColumns)
                """,
                [node, seconds, chosen]
            ).map(Self.subscription)
        }
        await leases.hold(leased.compactMap(\.id))
        return leased.sorted { lhs, rhs in
            switch (lhs.nextFetchAt, rhs.nextFetchAt) {
            case (nil, nil): lhs.id! < rhs.id!
            case (nil, _): true
            case (_, nil): false
            case (let left?, let right?): left != right ? left < right : lhs.id! < rhs.id!
            }
        }
    }

    /// Extends this node's leases on the feeds it still holds: run every third of a lease while the store is open.
    func renewLeases() async throws(StoreError) {
        let held = await leases.held
        guard !held.isEmpty else { return }
        let (node, seconds) = (self.node, leaseDuration.seconds)
        try await transaction(placing: false) { session in
            // A row another transaction holds is being stored by this node's apply (which ends the lease) or was
            // taken by another node after the lease ran out: either way it is skipped, so renewals never wait on,
            // or deadlock with, a write.
            try session.run(
                """
                UPDATE feed SET leaseExpiresAt = now() + $1 * interval '1 second'
                WHERE id IN (SELECT id FROM feed WHERE id = ANY($2) AND leaseOwner = $3 FOR UPDATE SKIP LOCKED)
                """,
                [seconds, Array(held), node]
            )
        }
    }

    /// When the next enabled feed no node holds is due — or, when every due feed is held, when the first lease
    /// ends; nil when no feed is enabled.
    package func nextFetchTime(maximumInterval: Double = .infinity) async throws(StoreError) -> Date? {
        try await transaction(placing: false) { session in
            guard
                let row = try session.rows(
                    """
                    SELECT EXISTS (SELECT 1 FROM feed WHERE disabledAt IS NULL),
                        EXISTS (SELECT 1 FROM feed WHERE disabledAt IS NULL AND nextFetchAt IS NULL
                            AND (leaseExpiresAt IS NULL OR leaseExpiresAt < now())),
                        (SELECT MIN(nextFetchAt) FROM feed WHERE disabledAt IS NULL
                            AND (leaseExpiresAt IS NULL OR leaseExpiresAt < now())),
                        (SELECT MIN(lastFetchedAt) FROM feed WHERE disabledAt IS NULL
                            AND (leaseExpiresAt IS NULL OR leaseExpiresAt < now())),
                        (SELECT MIN(leaseExpiresAt) FROM feed WHERE disabledAt IS NULL AND leaseExpiresAt >= now()),
                        now()
                    """
                ).first
            else { return nil }
            let (any, unscheduled, next, oldest, leaseEnds, databaseNow) = try row.decode(
                (Bool, Bool, Date?, Date?, Date?, Date).self
            )
            guard any else { return nil }
            if unscheduled { return Date.distantPast }
            var candidates = [next, leaseEnds.map { Date().addingTimeInterval($0.timeIntervalSince(databaseNow)) }]
            if maximumInterval.isFinite { candidates.append(oldest?.addingTimeInterval(maximumInterval)) }
            return candidates.compactMap { $0 }.min() ?? Date.distantFuture
        }
    }

    private static func stale(_ now: Date, _ maximumInterval: Double) -> Date {
        maximumInterval.isFinite ? now.addingTimeInterval(-maximumInterval) : Date.distantPast
    }

    /// Writes many fetches' results in one transaction that holds the placement lock: each feed's articles, status
    /// and schedule, and the end of this node's lease on it.
    ///
    /// Each update runs inside its own savepoint: an update that fails is rolled back alone and recorded on its feed
    /// as a `store.database` error; the others commit. Only a failure of the transaction itself (the connection
    /// lost) throws, and then nothing of the batch is kept.
    package func apply(_ updates: [FeedUpdate]) async throws(StoreError) -> [FeedUpdateOutcome] {
        // The leases are renewed until the transaction that ends them commits (or fails): waiting for the placement
        // lock behind other nodes must not let another take the feeds and fetch them again.
        let feeds = updates.map(\.feedId)
        do {
            let outcomes = try await applyHoldingTheLeases(updates)
            await leases.release(feeds)
            return outcomes
        } catch {
            await leases.release(feeds)
            throw error
        }
    }

    private func applyHoldingTheLeases(_ updates: [FeedUpdate]) async throws(StoreError) -> [FeedUpdateOutcome] {
        let (configuration, cache, node) = (deduplication, fingerprints, self.node)
        return try await transaction(placing: true) { session in
            var outcomes: [FeedUpdateOutcome] = []
            for update in updates {
                var outcome = FeedUpdateOutcome(feedId: update.feedId)
                try session.run("SAVEPOINT feed_update")
                do {
                    try Self.apply(update, to: &outcome, configuration: configuration, cache: cache, in: session)
                    try Self.release(update.feedId, node: node, in: session)
                    try session.run("RELEASE SAVEPOINT feed_update")
                } catch {
                    try session.run("ROLLBACK TO SAVEPOINT feed_update")
                    let failure = Self.storeError(error)
                    outcome.ingest = .failure(failure)
                    try Self.recordFetch(update, in: session)
                    try session.run(
                        """
                        UPDATE feed SET lastErrorCode = $1, lastErrorMessage = $2,
                        consecutiveErrors = consecutiveErrors + 1 WHERE id = $3
                        """,
                        [failure.failureCode.rawValue, failure.message, update.feedId]
                    )
                    try Self.release(update.feedId, node: node, in: session)
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    private static func release(_ feedId: Int64, node: String, in session: BlockingSession) throws {
        try session.run(
            "UPDATE feed SET leaseOwner = NULL, leaseExpiresAt = NULL WHERE id = $1 AND leaseOwner = $2",
            [feedId, node]
        )
    }

    private static func apply(
        _ update: FeedUpdate,
        to outcome: inout FeedUpdateOutcome,
        configuration: DedupConfiguration,
        cache: FingerprintCache,
        in session: BlockingSession
    ) throws {
        try recordFetch(update, in: session)
        switch update.result {
        case .parsed(let snapshot, let drafts):
            var deduplicator = Deduplicator(
                storage: PostgresClusterStorage(session: session),
                configuration: configuration,
                cache: cache,
                now: update.seenAt
            )
            let report = try ingest(
                feedId: update.feedId,
                drafts: drafts,
                at: update.seenAt,
                deduplicator: &deduplicator,
                session: session
            )
            try recordSuccess(of: update.feedId, snapshot: snapshot, at: update.seenAt, in: session)
            outcome.ingest = .success(report)
        case .unchanged(let status, let etag, let lastModified):
            try session.run(
                """
                UPDATE feed SET lastSuccessAt = $1, lastStatus = $2, lastErrorCode = NULL, lastErrorMessage = NULL,
                consecutiveErrors = 0, etag = COALESCE($3, etag), lastModified = COALESCE($4, lastModified),
                notModifiedCount = notModifiedCount + $5 WHERE id = $6
                """,
                [update.fetchedAt, status, etag, lastModified, Int32(status == 304 ? 1 : 0), update.feedId]
            )
        case .failed(let code, let message, let status):
            try session.run(
                """
                UPDATE feed SET lastStatus = $1, lastErrorCode = $2, lastErrorMessage = $3,
                consecutiveErrors = consecutiveErrors + 1 WHERE id = $4
                """,
                [status.map(Int32.init(clamping:)), code.rawValue, message, update.feedId]
            )
        }
        guard let target = update.schedule.adoptURL else { return }
        let taken = try session.value(
            Bool.self,
            "SELECT EXISTS (SELECT 1 FROM feed WHERE url = $1 AND id <> $2)",
            [target, update.feedId]
        )
        if taken == true {
            outcome.redirectConflict = true
        } else {
            try session.run(
                "UPDATE feed SET url = $1, redirectURL = NULL, redirectCount = 0 WHERE id = $2",
                [target, update.feedId]
            )
            outcome.adoptedURL = target
        }
    }

    /// The fields every fetch sets, whatever it brought: time, counters, schedule.
    private static func recordFetch(_ update: FeedUpdate, in session: BlockingSession) throws {
        let schedule = update.schedule
        try session.run(
            """
            UPDATE feed SET lastFetchedAt = $1, fetchCount = fetchCount + 1, nextFetchAt = $2, fetchInterval = $3,
            entriesPerDay = COALESCE($4, entriesPerDay),
            disabledAt = CASE WHEN $5::text IS NULL THEN disabledAt ELSE $1 END,
            disabledReason = COALESCE($5, disabledReason), redirectURL = $6, redirectCount = $7,
            lastUnconditionalAt = CASE WHEN $8 THEN $1 ELSE lastUnconditionalAt END, lastDuration = $9,
            lastBytes = $10 WHERE id = $11
            """,
            [
                update.fetchedAt, schedule.nextFetchAt, schedule.interval, schedule.entriesPerDay,
                schedule.disabledReason?.rawValue, schedule.redirectURL, Int32(clamping: schedule.redirectCount),
                update.wasUnconditional, update.duration, update.bytes, update.feedId,
            ]
        )
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
