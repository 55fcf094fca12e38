import GRDB

/// One candidate index — the LSH bands or the fingerprints — kept in two levels of the same shape: a large `main`
/// table, and a small `recent` one that takes each transaction's postings and is merged into `main` now and then.
///
/// A transaction's postings land on keys spread over the whole key space, so written straight into one large B-tree
/// they touch nearly every leaf of it, and each transaction rewrote the index (and logged it to the WAL) as the
/// store grew. The recent level stays small enough to be written cheaply; a merge walks it in key order into
/// `main`, touching each of `main`'s leaves once for many transactions' postings. Merging when the recent level
/// reaches a fixed share of the main one (``mergeIsDue(mainRows:recentRows:)``) keeps the amortized cost of a
/// posting from growing with the store. Lookups read both levels; a posting is in exactly one.
struct PostingIndex: Sendable {
    /// The large level's table.
    let main: String
    /// The small level's table, of the same schema.
    let recent: String
    /// Whether lookups return the newest articles first (the bands) or the oldest (the fingerprints).
    let newestFirst: Bool

    /// The LSH bands.
    static let bands = PostingIndex(main: "bandPosting", recent: "bandPostingRecent", newestFirst: true)
    /// The winnowed fingerprints.
    static let prints = PostingIndex(main: "printPosting", recent: "printPostingRecent", newestFirst: false)
    /// Both indexes.
    static let all = [bands, prints]

    /// Both levels' tables.
    var tables: [String] { [main, recent] }

    /// The schema of a level: a posting is (key, article), keyed without row ids.
    static func createTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (key INTEGER NOT NULL, articleId INTEGER NOT NULL, PRIMARY KEY (key, articleId)) \
        WITHOUT ROWID
        """
    }

    /// Rows the recent level may hold however small the main one is: merging more often would cost more than it saves.
    static let recentFloor = 262_144
    /// The recent level is merged once it holds this fraction of the main level's rows (or ``recentFloor``).
    static let mainRowsPerRecentRow = 16

    /// Whether the recent level is due to be merged into the main one.
    static func mergeIsDue(mainRows: Int, recentRows: Int) -> Bool {
        recentRows >= max(recentFloor, mainRows / mainRowsPerRecentRow)
    }
}

extension PostingIndex {
    /// The rows each level holds, as `postingLevel` keeps them (counting a large table costs a walk of it).
    func rows(in db: Database) throws -> (main: Int, recent: Int) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT mainRows, recentRows FROM postingLevel WHERE posting = ?"),
            arguments: [main]
        )
        return (row?[0] ?? 0, row?[1] ?? 0)
    }

    /// Adds to the levels' row counts (negative for rows taken out).
    func count(main addedToMain: Int, recent addedToRecent: Int, in db: Database) throws {
        guard addedToMain != 0 || addedToRecent != 0 else { return }
        try db.run(
            "UPDATE postingLevel SET mainRows = mainRows + ?, recentRows = recentRows + ? WHERE posting = ?",
            [addedToMain, addedToRecent, main]
        )
    }

    /// Moves every posting of the recent level into the main one, in key order.
    func merge(in db: Database) throws {
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO \(main) (key, articleId) SELECT key, articleId FROM \(recent) ORDER BY key, articleId"
        )
        let moved = db.changesCount
        try db.execute(sql: "DELETE FROM \(recent)")
        try db.run("UPDATE postingLevel SET mainRows = mainRows + ?, recentRows = 0 WHERE posting = ?", [moved, main])
    }
}
