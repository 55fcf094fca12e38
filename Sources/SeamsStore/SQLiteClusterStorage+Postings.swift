import Foundation
import GRDB
import SeamsCluster

/// The candidate indexes in SQLite: `bandPosting` and `printPosting` (each in two levels, see ``PostingIndex``) map a
/// ``PostingKey`` to the articles that hold it, keyed (key, article) without row ids, and `articlePosting` keeps each
/// article's keys so they can be taken out.
///
/// Posting tables have no foreign key and no index by article: each would be written once per posting (twice the
/// bytes, a parent lookup per insert) only to serve deletions, which are rare — re-indexing an article and removing a
/// feed — and read the article's keys instead. Keys are stored as signed 32-bit integers, which SQLite keeps in
/// four bytes. The postings of a transaction are held in ``PendingPostings`` and written at its end, in key order
/// (``writePendingPostings(intoMainLevel:)``); `articlePosting` is written at once.
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
        let written = try writtenPostings(keys, in: .bands, excluding: excluding, limit: limit)
        return keys.flatMap { key in
            let held = pending.bandArticles(key, excluding: excluding)
            let stored = written[Self.stored(key)] ?? []
            // The newest first, as the statement reads them: pending articles are mostly the newest.
            return held.isEmpty ? stored : Array((held + stored).sorted(by: >).prefix(limit))
        }
    }

    func fingerprintPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [[Int64]] {
        let written = try writtenPostings(keys, in: .prints, excluding: excluding, limit: limit)
        return keys.map { key in
            let held = pending.fingerprintArticles(key, excluding: excluding)
            let stored = written[Self.stored(key)] ?? []
            return held.isEmpty ? stored : Array((held + stored).prefix(limit))
        }
    }

    /// The written articles of each key (by its stored form) in both levels of `index`, in the index's order and
    /// within `limit`. One statement per chunk of keys: a round trip per key cost more than the lookups themselves.
    private func writtenPostings(
        _ keys: [PostingKey],
        in index: PostingIndex,
        excluding: Int64,
        limit: Int
    ) throws -> [Int64: [Int64]] {
        let order = index.newestFirst ? "DESC" : "ASC"
        let perKey = index.tables.map { table in
            """
            SELECT * FROM (SELECT key, articleId FROM \(table) WHERE key = ? AND articleId != ? \
            ORDER BY articleId \(order) LIMIT ?)
            """
        }
        .joined(separator: " UNION ALL ")
        var found: [Int64: [Int64]] = [:]
        for start in stride(from: 0, to: keys.count, by: Self.keysPerStatement) {
            let chunk = keys[start..<min(start + Self.keysPerStatement, keys.count)]
            // Each size's statement is prepared once; chunks stay well under SQLite's 500 terms of a compound SELECT.
            let statement = try db.cachedStatement(
                sql: Array(repeating: perKey, count: chunk.count).joined(separator: " UNION ALL ")
            )
            var arguments: StatementArguments = []
            for key in chunk {
                for _ in index.tables { arguments += [Self.stored(key), excluding, limit] }
            }
            // A cursor's row is read in place, not copied: a lookup reads up to the cap's worth of rows per key.
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() { found[row[0] as Int64, default: []].append(row[1]) }
        }
        // A key's articles come from two levels, each in order: merged, they are what one table would give.
        for (key, articles) in found where articles.count > 1 {
            let ordered = index.newestFirst ? articles.sorted(by: >) : articles.sorted()
            found[key] = Array(ordered.prefix(limit))
        }
        return found
    }

    /// The most keys looked up in one statement (two terms each, one per level).
    private static var keysPerStatement: Int { 32 }

    /// Writes the postings held back in this transaction, in key order, into the recent level of each index, and
    /// merges a level grown large enough into the main one. The transaction's owner calls it before committing
    /// (see ``Store/deduplicating(_:at:_:)``). `intoMainLevel` is for v12's migration, which predates the levels.
    func writePendingPostings(intoMainLevel: Bool = false) throws {
        guard !pending.isEmpty else { return }
        let (bands, prints) = pending.drain()
        for (index, postings) in [(PostingIndex.bands, bands), (PostingIndex.prints, prints)] {
            if intoMainLevel {
                try insert(postings, into: index.main)
                continue
            }
            try index.count(main: 0, recent: try insert(postings, into: index.recent), in: db)
            let rows = try index.rows(in: db)
            if PostingIndex.mergeIsDue(mainRows: rows.main, recentRows: rows.recent) { try index.merge(in: db) }
        }
    }

    /// Inserts postings in batches of rows per statement, in the order given; returns how many rows were new.
    @discardableResult
    private func insert(_ postings: [(PostingKey, Int64)], into table: String) throws -> Int {
        let batch = 256
        var inserted = 0
        for start in stride(from: 0, to: postings.count, by: batch) {
            let rows = postings[start..<min(start + batch, postings.count)]
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO \(table) (key, articleId) VALUES "
                    + Array(repeating: "(?, ?)", count: rows.count).joined(separator: ", ")
            )
            var arguments: StatementArguments = []
            for (key, id) in rows { arguments += [Self.stored(key), id] }
            try statement.execute(arguments: arguments)
            inserted += db.changesCount
        }
        return inserted
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
        try remove(Self.keys(row[0]), of: id, from: .bands)
        try remove(Self.keys(row[1]), of: id, from: .prints)
        try db.run("DELETE FROM articlePosting WHERE articleId = ?", [id])
    }

    /// Deletes the article's postings of `keys` from whichever level of `index` holds each, keeping the counts.
    private func remove(_ keys: [PostingKey], of id: Int64, from index: PostingIndex) throws {
        var fromMain = 0
        var fromRecent = 0
        for key in keys {
            try db.run("DELETE FROM \(index.recent) WHERE key = ? AND articleId = ?", [Self.stored(key), id])
            if db.changesCount > 0 {
                fromRecent += 1
                continue
            }
            try db.run("DELETE FROM \(index.main) WHERE key = ? AND articleId = ?", [Self.stored(key), id])
            fromMain += db.changesCount
        }
        try index.count(main: -fromMain, recent: -fromRecent, in: db)
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
