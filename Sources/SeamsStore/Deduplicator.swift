import Foundation
import GRDB
import Synchronization
import SeamsCluster
import SeamsFingerprint

/// The deduplicator's reads and writes inside one write transaction: fingerprints, the LSH and fingerprint
/// indexes, learned boilerplate, and verified candidates.
struct Deduplicator {
    /// An article's fingerprint: its tokens, shingles (as a list and a set) and MinHash signature.
    struct ArticleFingerprint: Sendable {
        var tokens: MatchTokens
        var shingles: [UInt64]
        var shingleSet: Set<UInt64>
        var signature: MinHashSignature
    }

    let db: Database
    let configuration: DedupConfiguration
    private let tokenizer: MatchTokenizer
    private let cache: FingerprintCache
    private var boilerplate: [Int64: Set<UInt64>] = [:]

    init(db: Database, configuration: DedupConfiguration, cache: FingerprintCache) {
        self.db = db
        self.configuration = configuration
        self.tokenizer = MatchTokenizer(configuration: configuration)
        self.cache = cache
    }

    /// The lines a feed repeats often enough to be its boilerplate.
    mutating func boilerplateLines(feedId: Int64) throws -> Set<UInt64> {
        if let cached = boilerplate[feedId] { return cached }
        let hashes = try Int64.fetchAll(
            db, sql: "SELECT hash FROM boilerplateLine WHERE feedId = ? AND count >= ?",
            arguments: [feedId, configuration.boilerplateLineCount])
        let lines = Set(hashes.map { UInt64(bitPattern: $0) })
        boilerplate[feedId] = lines
        return lines
    }

    mutating func fingerprint(text: String, feedId: Int64) throws -> ArticleFingerprint {
        let tokens = tokenizer.tokenize(text, boilerplateLines: try boilerplateLines(feedId: feedId))
        let shingles = Shingles.hashes(tokens.hashes, k: configuration.shingleSize)
        return ArticleFingerprint(
            tokens: tokens, shingles: shingles, shingleSet: Set(shingles),
            signature: MinHashSignature(shingles: shingles, size: configuration.signatureSize))
    }

    /// The fingerprint of a stored article, from the cache when neither its text nor its feed's boilerplate changed.
    mutating func fingerprint(of article: CandidateRow) throws -> ArticleFingerprint {
        let lines = try boilerplateLines(feedId: article.feedId)
        if let cached = cache.fingerprint(article.id, entryHash: article.entryHash, boilerplate: lines.count) { return cached }
        let text = try String.fetchOne(db, sql: "SELECT text FROM article WHERE id = ?", arguments: [article.id]) ?? ""
        let fingerprint = try self.fingerprint(text: text, feedId: article.feedId)
        cache.store(fingerprint, for: article.id, entryHash: article.entryHash, boilerplate: lines.count)
        return fingerprint
    }

    /// Counts the article's distinct lines towards its feed's boilerplate.
    mutating func learn(lines: [UInt64], feedId: Int64) throws {
        for line in Set(lines) {
            try db.run(
                """
                    INSERT INTO boilerplateLine (feedId, hash, count) VALUES (?, ?, 1)
                    ON CONFLICT (feedId, hash) DO UPDATE SET count = count + 1
                    """, [feedId, Int64(bitPattern: line)])
        }
        boilerplate[feedId] = nil
    }

    /// Replaces the article's entries in the LSH and fingerprint indexes.
    func index(articleId: Int64, fingerprint: ArticleFingerprint) throws {
        try db.run("DELETE FROM lshBand WHERE articleId = ?", [articleId])
        try db.run("DELETE FROM fingerprint WHERE articleId = ?", [articleId])
        guard !fingerprint.shingles.isEmpty else { return }
        for key in Set(fingerprint.signature.bandKeys(bands: configuration.bands, rows: configuration.rows)) {
            try db.run("INSERT OR IGNORE INTO lshBand (key, articleId) VALUES (?, ?)", [Int64(bitPattern: key), articleId])
        }
        // One row per distinct hash: a text that repeats itself (5 MB of one word) would otherwise store a row for
        // every window, and nothing reads more than whether an article has a fingerprint.
        var indexed = Set<UInt64>()
        for print in Shingles.winnow(fingerprint.shingles, window: configuration.winnowWindow) where indexed.insert(print.hash).inserted {
            try db.run("INSERT OR IGNORE INTO fingerprint (hash, articleId, position) VALUES (?, ?, ?)", [Int64(bitPattern: print.hash), articleId, print.position])
        }
    }

    /// Stored articles that may match: the same exact key or page, a shared LSH band, or shared fingerprints
    /// (fingerprints found in too many articles are stock phrases and ignored). Each is verified against the
    /// article's tokens.
    mutating func candidates(for article: ArticleRecord, fingerprint: ArticleFingerprint) throws -> [MatchCandidate] {
        guard let id = article.id else { return [] }
        var ids = Set<Int64>()
        if article.contentKey != nil || article.canonicalURL != nil {
            ids.formUnion(
                try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT id FROM article WHERE id != ? AND clusterId IS NOT NULL
                            AND (contentKey = ? OR canonicalURL = ?) ORDER BY id DESC LIMIT ?
                            """), arguments: [id, article.contentKey, article.canonicalURL, Self.perKeyCandidates]))
        }
        if !fingerprint.shingles.isEmpty { ids.formUnion(try bandCandidates(fingerprint, excluding: id)) }
        ids.formUnion(try fingerprintCandidates(fingerprint, excluding: id))
        var candidates: [MatchCandidate] = []
        for candidateId in ids {
            guard let stored = try CandidateRow.fetchOne(db.cachedStatement(sql: CandidateRow.query), arguments: [candidateId]),
                let clusterId = stored.clusterId
            else { continue }
            let other = try self.fingerprint(of: stored)
            let overlap = Overlap(
                firstShingles: fingerprint.shingles, firstSet: fingerprint.shingleSet, secondSet: other.shingleSet,
                firstTokens: fingerprint.tokens.count, k: configuration.shingleSize,
                minimumPassageTokens: configuration.minimumPassageTokens)
            let exact =
                (article.contentKey != nil && article.contentKey == stored.contentKey)
                || (article.canonicalURL != nil && article.canonicalURL == stored.canonicalURL)
            candidates.append(
                MatchCandidate(
                    articleId: candidateId, clusterId: clusterId, overlap: overlap, tokenCount: other.tokens.count,
                    appeared: stored.appeared, isComposite: stored.isComposite, isExactCopy: exact))
        }
        return candidates
    }

    /// The most articles read for one LSH band key or one exact key. A story copied a thousand times has a thousand
    /// articles under each of its keys; reading them all for every new copy made ingest quadratic in the size of the
    /// biggest cluster. The newest few stand for the rest: they share its cluster.
    static let perKeyCandidates = 16

    /// Articles sharing LSH bands with this one, the most bands first, at most ``DedupConfiguration/maximumCandidates``.
    private func bandCandidates(_ fingerprint: ArticleFingerprint, excluding id: Int64) throws -> [Int64] {
        let keys = Array(Set(fingerprint.signature.bandKeys(bands: configuration.bands, rows: configuration.rows)))
        // One statement for all keys, each part bounded: a round trip per key cost more than the lookups themselves.
        let part = "SELECT * FROM (SELECT articleId FROM lshBand WHERE key = ? AND articleId != ? ORDER BY articleId DESC LIMIT \(Self.perKeyCandidates))"
        let statement = try db.cachedStatement(sql: Array(repeating: part, count: keys.count).joined(separator: " UNION ALL "))
        var arguments: StatementArguments = []
        for key in keys { arguments += [Int64(bitPattern: key), id] }
        var hits: [Int64: Int] = [:]
        for article in try Int64.fetchAll(statement, arguments: arguments) { hits[article, default: 0] += 1 }
        return Self.strongest(hits, configuration.maximumCandidates)
    }

    /// Articles sharing winnowed fingerprints with this one, the most shared first. A fingerprint found in more than
    /// ``DedupConfiguration/maximumFingerprintFrequency`` articles is a stock phrase and ignored; each lookup reads at
    /// most one row more than that, so a phrase in every article costs no more than a rare one.
    private func fingerprintCandidates(_ fingerprint: ArticleFingerprint, excluding id: Int64) throws -> [Int64] {
        let statement = try db.cachedStatement(
            sql: "SELECT DISTINCT articleId FROM fingerprint WHERE hash = ? AND articleId != ? LIMIT ?")
        let limit = configuration.maximumFingerprintFrequency + 1
        var hits: [Int64: Int] = [:]
        for hash in Set(Shingles.winnow(fingerprint.shingles, window: configuration.winnowWindow).map(\.hash)) {
            let articles = try Int64.fetchAll(statement, arguments: [Int64(bitPattern: hash), id, limit])
            guard articles.count < limit else { continue }
            for article in articles { hits[article, default: 0] += 1 }
        }
        return Self.strongest(hits, configuration.maximumCandidates)
    }

    /// The `count` articles with the most hits, ties to the lower id.
    private static func strongest(_ hits: [Int64: Int], _ count: Int) -> [Int64] {
        hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map(\.key)
    }
}

extension ArticleRecord {
    /// When the article appeared: its published date, or when Seams first saw it (the earlier of the two).
    var appeared: Date { published.map { min($0, firstSeenAt) } ?? firstSeenAt }
}

/// The columns of a candidate article that verification needs (its text is read only on a cache miss).
struct CandidateRow: FetchableRecord, Decodable {
    static let query = """
        SELECT id, feedId, clusterId, published, firstSeenAt, isComposite, contentKey, canonicalURL, entryHash
        FROM article WHERE id = ?
        """
    var id: Int64
    var feedId: Int64
    var clusterId: Int64?
    var published: Date?
    var firstSeenAt: Date
    var isComposite: Bool
    var contentKey: Int64?
    var canonicalURL: String?
    var entryHash: Int64

    var appeared: Date { published.map { min($0, firstSeenAt) } ?? firstSeenAt }
}

/// Fingerprints of stored articles, kept between transactions so candidates are not tokenized again and again.
///
/// An entry is valid while the article's entry hash (its text) and the size of its feed's learned boilerplate are
/// what they were. The cache holds at most `byteBudget` bytes of fingerprints (counted from their arrays) and
/// forgets everything when that would be passed, so a daemon's memory stays bounded however much it ingests. The
/// lock guards a dictionary that only the store's single writer touches, so it is never contended.
final class FingerprintCache: Sendable {
    private struct Entry {
        var entryHash: Int64
        var boilerplate: Int
        var fingerprint: Deduplicator.ArticleFingerprint
        var bytes: Int
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let byteBudget: Int

    init(byteBudget: Int = 32 * 1024 * 1024) { self.byteBudget = byteBudget }

    func fingerprint(_ id: Int64, entryHash: Int64, boilerplate: Int) -> Deduplicator.ArticleFingerprint? {
        state.withLock { state in
            guard let entry = state.entries[id], entry.entryHash == entryHash, entry.boilerplate == boilerplate else { return nil }
            return entry.fingerprint
        }
    }

    func store(_ fingerprint: Deduplicator.ArticleFingerprint, for id: Int64, entryHash: Int64, boilerplate: Int) {
        // Arrays of 8-byte hashes and 4-byte spans, the set's table at about twice its element size, and the rest.
        let tokens = fingerprint.tokens
        let bytes = tokens.hashes.count * 16 + tokens.lineHashes.count * 8 + fingerprint.shingles.count * 8
            + fingerprint.shingleSet.count * 24 + 1024
        state.withLock { state in
            if let old = state.entries[id] { state.bytes -= old.bytes }
            if state.bytes + bytes > byteBudget {
                state.entries.removeAll()
                state.bytes = 0
            }
            state.entries[id] = Entry(entryHash: entryHash, boilerplate: boilerplate, fingerprint: fingerprint, bytes: bytes)
            state.bytes += bytes
        }
    }

    func removeAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.bytes = 0
        }
    }
}
