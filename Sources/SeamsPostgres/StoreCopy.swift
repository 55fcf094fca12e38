import Foundation
import PostgresNIO
package import SeamsStore

/// `seams store copy`: a SQLite store moved into an empty PostgreSQL store — feeds and their schedules, articles,
/// clusters, stitched passages, learned furniture and the candidate indexes — with the same ids, in one transaction,
/// then counted on both sides. Nothing is fetched or placed again: the copy decides nothing.
package enum StoreCopy {
    /// One table: its name on each side and its columns, each with its name on each side and how it is read.
    struct Table {
        let source: String
        let destination: String
        let columns: [(source: String, destination: String, kind: CopiedColumnKind)]
        /// Rows per statement: what fits PostgreSQL's 65,535 parameters with the bodies of articles in mind.
        let batch: Int
    }

    /// What was copied: rows per table, as counted on both sides.
    package struct Report: Sendable {
        /// Each table's name and rows.
        package var tables: [(name: String, rows: Int)]
    }

    static func same(_ names: [String], _ kinds: [CopiedColumnKind]) -> [(String, String, CopiedColumnKind)] {
        zip(names, kinds).map { ($0, $0, $1) }
    }

    static let feed = Table(
        source: "feed",
        destination: "feed",
        columns: same(
            [
                "id", "url", "title", "siteURL", "format", "etag", "lastModified", "bodyHash", "addedAt",
                "lastFetchedAt", "lastSuccessAt", "lastStatus", "lastErrorCode", "lastErrorMessage",
                "consecutiveErrors",
                "nextFetchAt", "fetchInterval", "entriesPerDay", "disabledAt", "disabledReason", "fetchCount",
                "notModifiedCount", "redirectURL", "redirectCount", "lastUnconditionalAt", "lastDuration", "lastBytes",
                "allowsPrivateAddresses",
            ],
            [
                .integer, .text, .text, .text, .text, .text, .text, .integer, .date, .date, .date, .integer, .text,
                .text,
                .integer, .date, .real, .real, .date, .text, .integer, .integer, .text, .integer, .date, .real,
                .integer,
                .bool,
            ]
        ),
        batch: 500
    )

    static let cluster = Table(
        source: "cluster",
        destination: "cluster",
        columns: same(["id", "canonicalArticleId", "createdAt", "updatedAt"], [.integer, .integer, .date, .date]),
        batch: 2000
    )

    static let article = Table(
        source: "article",
        destination: "article",
        columns: same(
            [
                "id", "feedId", "clusterId", "relation", "tokenCount", "isComposite", "isRecycled", "matchKind",
                "matchedArticleId", "similarity", "contentKey", "entryHash", "wordCount", "appearedAt", "published",
                "publishedOffset", "firstSeenAt", "updated", "updatedOffset", "updatedAt", "title", "canonicalURL",
                "signature", "guid", "url", "language", "authors", "categories", "enclosures", "summaryHTML",
                "contentHTML", "text",
            ],
            [
                .integer, .integer, .integer, .text, .integer, .bool, .bool, .text, .integer, .real, .integer, .integer,
                .integer, .date, .date, .integer, .date, .date, .integer, .date, .text, .text, .blob, .text, .text,
                .text,
                .text, .text, .text, .text, .text, .text,
            ]
        ),
        batch: 200
    )

    static let passage = Table(
        source: "compositePassage",
        destination: "compositePassage",
        columns: [
            ("id", "id", .integer), ("compositeId", "compositeId", .integer), ("sourceId", "sourceId", .integer),
            ("start", "spanStart", .integer), ("end", "spanEnd", .integer), ("coverage", "coverage", .real),
        ],
        batch: 2000
    )

    static let furnitureClock = Table(
        source: "furnitureClock",
        destination: "furnitureClock",
        columns: same(["feedId", "texts"], [.integer, .integer]),
        batch: 2000
    )

    /// A feed's learned lines, read feed by feed (the table's key is the feed and the line).
    static let line = Table(
        source: "boilerplateLine",
        destination: "boilerplateLine",
        columns: same(
            ["hash", "feedId", "count", "lastBody", "lastCounted"],
            [.integer, .integer, .integer, .integer, .integer]
        ),
        batch: 2000
    )

    static let postings = Table(
        source: "articlePosting",
        destination: "articlePosting",
        columns: same(["articleId", "bandKeys", "printKeys"], [.integer, .blob, .blob]),
        batch: 1000
    )

    /// Copies `source` into `destination`, which must hold no feed yet.
    ///
    /// - Throws: ``StoreError`` when the destination is not empty, a read or write fails (then nothing of the copy
    ///   is kept), or the counts disagree after.
    package static func copy(
        from source: Store,
        to destination: PostgresStore,
        progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws(StoreError) -> Report {
        try await destination.transaction(placing: true) { session in
            guard try session.value(Int64.self, "SELECT COUNT(*) FROM feed") == 0 else {
                throw StoreError(
                    .cannotOpen,
                    "the store \(destination.location) already holds feeds: copy into an empty database"
                )
            }
            var report = Report(tables: [])
            for table in [feed, cluster, article, passage, furnitureClock] {
                let rows = try copy(table, from: source, in: session, progress: progress)
                report.tables.append((table.destination, rows))
            }
            var lines = 0
            for feedId in try session.rows("SELECT id FROM feed ORDER BY id").map({ try $0.decode(Int64.self) }) {
                lines += try copy(line, from: source, in: session, where: ("feedId", feedId), progress: progress)
            }
            report.tables.append((line.destination, lines))
            report.tables.append(
                (postings.destination, try copy(postings, from: source, in: session, progress: progress))
            )
            try finish(in: session)
            try verify(report, source: source, in: session)
            return report
        }
    }

    /// Writes one table a batch at a time; returns how many rows it wrote.
    private static func copy(
        _ table: Table,
        from source: Store,
        in session: BlockingSession,
        where filter: (column: String, value: Int64)? = nil,
        progress: @Sendable (String, Int) -> Void
    ) throws -> Int {
        var after: Int64?
        var written = 0
        let columns = table.columns.map { ($0.source, $0.kind) }
        let names = table.columns.map(\.destination).joined(separator: ", ")
        while true {
            let rows = try source.copiedRows(
                of: table.source,
                columns: columns,
                after: after,
                limit: table.batch,
                where: filter
            )
            guard !rows.isEmpty else { return written }
            var binds: [any PostgresBind] = []
            var tuples: [String] = []
            for row in rows {
                var placeholders: [String] = []
                for (value, column) in zip(row, table.columns) {
                    binds.append(bind(value, keys: table.source == "articlePosting" && column.kind == .blob))
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            try session.run(
                "INSERT INTO \(table.destination) (\(names)) VALUES \(tuples.joined(separator: ", "))",
                binds
            )
            written += rows.count
            progress(table.destination, written)
            if case .integer(let last) = rows[rows.count - 1][0] { after = last } else { return written }
        }
    }

    private static func bind(_ value: CopiedValue, keys: Bool) -> any PostgresBind {
        switch value {
        case .null: return String?.none
        case .integer(let value): return value
        case .real(let value): return value
        case .text(let value): return value
        case .blob(let value) where keys: return postingKeys(value)
        case .blob(let value): return value
        case .date(let value): return value
        case .bool(let value): return value
        }
    }

    /// A SQLite key list (four little-endian bytes each) as PostgreSQL's integer array.
    private static func postingKeys(_ blob: Data) -> [Int32] {
        let bytes = [UInt8](blob)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) })
        }
    }

    /// What follows from the copied rows: the postings by key, the clusters' listing keys, the id sequences.
    private static func finish(in session: BlockingSession) throws {
        try session.run(
            "INSERT INTO bandPosting (key, articleId) SELECT unnest(bandKeys), articleId FROM articlePosting ON CONFLICT DO NOTHING"
        )
        try session.run(
            "INSERT INTO printPosting (key, articleId) SELECT unnest(printKeys), articleId FROM articlePosting ON CONFLICT DO NOTHING"
        )
        // Articles were inserted after their clusters, so the triggers counted them; the sort key is set here.
        try session.run(
            """
            UPDATE cluster SET sortKey = (SELECT appearedAt FROM article WHERE id = cluster.canonicalArticleId),
                size = (SELECT COUNT(*) FROM article WHERE clusterId = cluster.id),
                hasComposite = EXISTS (SELECT 1 FROM article WHERE clusterId = cluster.id AND isComposite)
            """
        )
        for table in ["feed", "cluster", "article", "compositePassage"] {
            try session.run(
                "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST((SELECT MAX(id) FROM \(table)), 1))"
            )
        }
    }

    /// Counts each table on both sides, and the postings: a copy that lost anything fails.
    private static func verify(_ report: Report, source: Store, in session: BlockingSession) throws {
        for (name, _) in report.tables {
            let sourceName =
                [feed, cluster, article, passage, furnitureClock, line, postings]
                .first { $0.destination == name }?.source ?? name
            let expected = try source.rowCount(of: sourceName)
            let copied = Int(try session.value(Int64.self, "SELECT COUNT(*) FROM \(name)") ?? -1)
            guard copied == expected else {
                throw StoreError(
                    .database,
                    "the copy of \(name) holds \(copied) rows where \(source.path) holds \(expected)"
                )
            }
        }
        let expectedPostings = try ["bandPosting", "bandPostingRecent", "printPosting", "printPostingRecent"]
            .reduce(0) { $0 + (try source.rowCount(of: $1)) }
        let copiedPostings = Int(
            try session.value(
                Int64.self,
                "SELECT (SELECT COUNT(*) FROM bandPosting) + (SELECT COUNT(*) FROM printPosting)"
            )
                ?? -1
        )
        guard copiedPostings == expectedPostings else {
            throw StoreError(
                .database,
                "the copy holds \(copiedPostings) postings where \(source.path) holds \(expectedPostings)"
            )
        }
    }
}
