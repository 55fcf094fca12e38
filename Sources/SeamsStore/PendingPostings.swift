import SeamsCluster

/// The postings of one write transaction, held back and written at its end in key order.
///
/// An arriving article's keys are random over the posting B-trees: written as each article is placed, every posting
/// lands on a page of its own, and once the trees outgrow the page cache nearly every one is a cache miss. Written
/// together in key order, the pages are visited once each, in order. Until then lookups read them from here, so
/// the articles placed later in the transaction see them as if they were written.
final class PendingPostings {
    /// Each pending article's keys, by article id.
    private var keysOf: [Int64: (bands: [PostingKey], prints: [PostingKey])] = [:]
    private var bands: [PostingKey: [Int64]] = [:]
    private var prints: [PostingKey: [Int64]] = [:]

    /// Creates an empty set.
    init() {}

    deinit {
        // Postings indexed and never written would be lost without an error: whoever indexes writes them.
        assert(keysOf.isEmpty, "postings were indexed in a transaction and never written")
    }

    /// True when nothing is pending.
    var isEmpty: Bool { keysOf.isEmpty }

    /// Holds back an article's keys (each distinct).
    func add(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) {
        keysOf[id] = (bandKeys, fingerprints)
        for key in bandKeys { bands[key, default: []].append(id) }
        for key in fingerprints { prints[key, default: []].append(id) }
    }

    /// Takes an article's pending keys out; false when it had none pending.
    func remove(_ id: Int64) -> Bool {
        guard let keys = keysOf.removeValue(forKey: id) else { return false }
        for key in keys.bands { bands[key]?.removeAll { $0 == id } }
        for key in keys.prints { prints[key]?.removeAll { $0 == id } }
        return true
    }

    /// The pending articles holding a band key, other than `excluded`.
    func bandArticles(_ key: PostingKey, excluding excluded: Int64) -> [Int64] {
        (bands[key] ?? []).filter { $0 != excluded }
    }

    /// The pending articles holding a fingerprint, other than `excluded`.
    func fingerprintArticles(_ key: PostingKey, excluding excluded: Int64) -> [Int64] {
        (prints[key] ?? []).filter { $0 != excluded }
    }

    /// Every pending (key, article) pair of each index, sorted by key then article — the order the B-trees keep —
    /// and empties the set.
    func drain() -> (bands: [(PostingKey, Int64)], prints: [(PostingKey, Int64)]) {
        func sorted(_ postings: [PostingKey: [Int64]]) -> [(PostingKey, Int64)] {
            postings.flatMap { key, ids in ids.map { (key, $0) } }.sorted {
                SQLiteClusterStorage.stored($0.0) < SQLiteClusterStorage.stored($1.0)
                    || (SQLiteClusterStorage.stored($0.0) == SQLiteClusterStorage.stored($1.0) && $0.1 < $1.1)
            }
        }
        defer {
            keysOf = [:]
            bands = [:]
            prints = [:]
        }
        return (sorted(bands), sorted(prints))
    }
}
