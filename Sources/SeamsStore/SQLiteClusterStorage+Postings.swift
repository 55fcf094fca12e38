import Foundation
import GRDB
import SeamsCluster

/// The candidate indexes in SQLite: `bandPosting` and `printPosting` map a ``PostingKey`` to the articles that hold
/// it, keyed (key, article) without row ids, and `articlePosting` keeps each article's keys so they can be taken out.
///
/// Posting tables have no foreign key and no index by article: each would be written once per posting (twice the
/// bytes, a parent lookup per insert) only to serve deletions, which are rare — re-indexing an article and removing a
/// feed — and read the article's keys instead. Keys are stored as signed 32-bit integers, which SQLite keeps in
/// four bytes. The postings of a transaction are held in ``PendingPostings`` and written at its end, in key order
/// (``writePendingPostings()``); `articlePosting` is written at once.
extension SQLiteClusterStorage {
    func index(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) throws {
        try removePostings(of: id)
        guard !bandKeys.isEmpty || !fingerprints.isEmpty else { return }
        pending.add(id, bandKeys: bandKeys, fingerprints: fingerprints)
        try db.run(
            "INSERT INTO articlePosting (articleId, bandKeys, printKeys) VALUES (?, ?, ?)",
            [id, Self.blob(bandKeys), Self.blob(fingerprints)]
        )
    }

    func bandPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [Int64] {
        guard !keys.isEmpty else { return [] }
        // One statement for all keys, each part bounded: a round trip per key cost more than the lookups themselves.
        let part = """
            SELECT * FROM (SELECT key, articleId FROM bandPosting WHERE key = ? AND articleId != ? \
            ORDER BY articleId DESC LIMIT ?)
            """
        let statement = try db.cachedStatement(
            sql: Array(repeating: part, count: keys.count).joined(separator: " UNION ALL ")
        )
        var arguments: StatementArguments = []
        for key in keys { arguments += [Self.stored(key), excluding, limit] }
        var stored: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(statement, arguments: arguments) { stored[row[0], default: []].append(row[1]) }
        return keys.flatMap { key in
            let held = pending.bandArticles(key, excluding: excluding)
            let written = stored[Self.stored(key)] ?? []
            // The newest first, as the statement reads them: pending articles are mostly the newest.
            return held.isEmpty ? written : Array((held + written).sorted(by: >).prefix(limit))
        }
    }

    func fingerprintPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [[Int64]] {
        // A statement per chunk of keys rather than per key, as for the bands; chunks stay well under SQLite's
        // 500 terms of a compound SELECT, and each size's statement is prepared once.
        var stored: [Int64: [Int64]] = [:]
        for start in stride(from: 0, to: keys.count, by: Self.keysPerStatement) {
            let chunk = keys[start..<min(start + Self.keysPerStatement, keys.count)]
            let statement = try db.cachedStatement(
                sql: Array(
                    repeating:
                        "SELECT * FROM (SELECT key, articleId FROM printPosting WHERE key = ? AND articleId != ? LIMIT ?)",
                    count: chunk.count
                ).joined(separator: " UNION ALL ")
            )
            var arguments: StatementArguments = []
            for key in chunk { arguments += [Self.stored(key), excluding, limit] }
            for row in try Row.fetchAll(statement, arguments: arguments) { stored[row[0], default: []].append(row[1]) }
        }
        return keys.map { key in
            let held = pending.fingerprintArticles(key, excluding: excluding)
            let written = stored[Self.stored(key)] ?? []
            return held.isEmpty ? written : Array((held + written).prefix(limit))
        }
    }

    /// The most keys looked up in one statement.
    private static var keysPerStatement: Int { 64 }

    /// Writes the postings held back in this transaction, in key order. The transaction's owner calls it before
    /// committing (see ``Store/deduplicating(_:at:_:)``).
    func writePendingPostings() throws {
        guard !pending.isEmpty else { return }
        let (bands, prints) = pending.drain()
        try insert(bands, into: "bandPosting")
        try insert(prints, into: "printPosting")
    }

    /// Inserts postings in batches of rows per statement, in the order given.
    private func insert(_ postings: [(PostingKey, Int64)], into table: String) throws {
        let batch = 256
        for start in stride(from: 0, to: postings.count, by: batch) {
            let rows = postings[start..<min(start + batch, postings.count)]
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO \(table) (key, articleId) VALUES "
                    + Array(repeating: "(?, ?)", count: rows.count).joined(separator: ", ")
            )
            var arguments: StatementArguments = []
            for (key, id) in rows { arguments += [Self.stored(key), id] }
            try statement.execute(arguments: arguments)
        }
    }

    /// Takes every article of the feed out of the candidate indexes, before the feed and its articles are deleted.
    func removePostings(ofFeed feedId: Int64) throws {
        for id in try Int64.fetchAll(
            db,
            sql: "SELECT articleId FROM articlePosting WHERE articleId IN (SELECT id FROM article WHERE feedId = ?)",
            arguments: [feedId]
        ) {
            try removePostings(of: id)
        }
    }

    /// Takes the article's keys out of the candidate indexes (or out of those pending).
    private func removePostings(of id: Int64) throws {
        if pending.remove(id) {
            try db.run("DELETE FROM articlePosting WHERE articleId = ?", [id])
            return
        }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT bandKeys, printKeys FROM articlePosting WHERE articleId = ?"),
                arguments: [id]
            )
        else { return }
        for key in Self.keys(row[0]) {
            try db.run("DELETE FROM bandPosting WHERE key = ? AND articleId = ?", [Self.stored(key), id])
        }
        for key in Self.keys(row[1]) {
            try db.run("DELETE FROM printPosting WHERE key = ? AND articleId = ?", [Self.stored(key), id])
        }
        try db.run("DELETE FROM articlePosting WHERE articleId = ?", [id])
    }

    /// The key as SQLite stores it: a signed 32-bit integer, four bytes on disk.
    static func stored(_ key: PostingKey) -> Int64 {
        Int64(Int32(bitPattern: key.rawValue))
    }

    /// Keys as four little-endian bytes each.
    static func blob(_ keys: [PostingKey]) -> Data {
        var data = Data(capacity: 4 * keys.count)
        for key in keys { withUnsafeBytes(of: key.rawValue.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Keys read back from ``blob(_:)``.
    static func keys(_ blob: Data) -> [PostingKey] {
        let bytes = [UInt8](blob)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            PostingKey(rawValue: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) })
        }
    }
}
