import Foundation
import GRDB
import SeamsFingerprint

/// The store's LSH band index (the `lshBand` table: 32 keys per article, WITHOUT ROWID) at `articles` articles:
/// bulk insert, then 10,000 lookups with the store's own query (p50/p99), then 1,000 online insert + lookup pairs,
/// and the file's bytes per article.
func indexBenchmark(articles: Int, folder: String) throws {
    let path = (folder as NSString).appendingPathComponent("seams-index-\(articles).sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    var configuration = Configuration()
    configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
    }
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    try queue.write { db in
        try db.execute(
            sql:
                "CREATE TABLE lshBand (key INTEGER NOT NULL, articleId INTEGER NOT NULL, PRIMARY KEY (key, articleId)) WITHOUT ROWID"
        )
    }
    var generator = SystemRandomNumberGenerator()
    func keys(_ article: Int) -> [Int64] {
        // Band keys are 64-bit hashes: uniformly spread. A fixed mix of the article number keeps them reproducible.
        (0..<32).map { band in Int64(bitPattern: Shingles.finalize(UInt64(article) << 6 | UInt64(band))) }
    }
    let insertStarted = ContinuousClock.now
    let batch = 20_000
    for start in stride(from: 0, to: articles, by: batch) {
        try queue.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO lshBand (key, articleId) VALUES (?, ?)")
            for article in start..<min(start + batch, articles) {
                for key in keys(article) { try statement.execute(arguments: [key, article]) }
            }
        }
    }
    let insertSeconds = seconds(ContinuousClock.now - insertStarted)
    try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    let placeholders = Array(repeating: "?", count: 32).joined(separator: ",")
    let query = "SELECT DISTINCT articleId FROM lshBand WHERE key IN (\(placeholders)) AND articleId != ?"
    var latencies: [Double] = []
    var found = 0
    try queue.read { db in
        let statement = try db.makeStatement(sql: query)
        for probe in 0..<10_000 {
            // One query in ten shares a band with a stored article (a copy); the rest match nothing.
            var probeKeys = keys(articles + probe)
            if probe % 10 == 0 {
                probeKeys[probe % 32] = keys(Int.random(in: 0..<articles, using: &generator))[probe % 32]
            }
            let started = ContinuousClock.now
            found += try Int64.fetchAll(statement, arguments: StatementArguments(probeKeys) + [-1]).count
            latencies.append(seconds(ContinuousClock.now - started))
        }
    }
    latencies.sort()
    let onlineStarted = ContinuousClock.now
    for article in articles..<(articles + 1_000) {
        try queue.write { db in
            _ = try Int64.fetchAll(db, sql: query, arguments: StatementArguments(keys(article)) + [article])
            let statement = try db.cachedStatement(sql: "INSERT INTO lshBand (key, articleId) VALUES (?, ?)")
            for key in keys(article) { try statement.execute(arguments: [key, article]) }
        }
    }
    let onlineSeconds = seconds(ContinuousClock.now - onlineStarted) / 1_000
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    printJSON([
        "articles": articles, "bulk_insert_seconds": insertSeconds,
        "lookup_p50_us": latencies[latencies.count / 2] * 1e6,
        "lookup_p99_us": latencies[latencies.count * 99 / 100] * 1e6, "matches_found": found,
        "online_insert_and_lookup_us": onlineSeconds * 1e6, "bytes_per_article": Double(bytes) / Double(articles),
    ])
}
