import SeamsCluster

/// The postings of one write transaction, held back and written at its end in key order.
///
/// An arriving article's keys are random over the posting B-trees: written as each article is placed, every posting
/// lands on a page of its own, and once the trees outgrow the page cache nearly every one is a cache miss. Written
/// together in key order, at the end of the transaction — all the feeds of a batch at once — the pages are visited
/// once each, in order. Until then lookups read them from here, so that the articles placed later in the transaction
/// see them as if they were written. Savepoints are followed (``beginSavepoint()``), so that a feed's update rolled
/// back alone takes its postings with it.
final class PendingPostings {
    private typealias Keys = (bands: [PostingKey], prints: [PostingKey])

    /// Each pending article's keys, by article id.
    private var keysOf: [Int64: Keys] = [:]
    private var bands: [PostingKey: [Int64]] = [:]
    private var prints: [PostingKey: [Int64]] = [:]
    /// Inside savepoints: each change, as the article's pending keys it replaced (nil: it had none).
    private var journal: [(id: Int64, replaced: Keys?)] = []
    /// Where each open savepoint's changes start in the journal, innermost last.
    private var savepoints: [Int] = []

    /// Creates an empty set.
    init() {}

    deinit {
        // Postings indexed and never written would be lost without an error: whoever indexes writes or discards them.
        assert(keysOf.isEmpty, "postings were indexed in a transaction and neither written nor discarded")
    }

    /// True when nothing is pending.
    var isEmpty: Bool { keysOf.isEmpty }

    /// How many postings are pending.
    private(set) var count = 0

    /// Past this many pending postings (some 50 bytes each, 50 MB in all), a batch writes them after the update in
    /// progress rather than at its end, so that a batch of large fetches holds a bounded amount in memory.
    static let writeThreshold = 1_000_000

    /// Holds back an article's keys (each distinct), replacing any it had pending.
    func add(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) {
        record(id)
        unlink(id)
        link(id, (bandKeys, fingerprints))
    }

    /// Takes an article's pending keys out; false when it had none pending.
    func remove(_ id: Int64) -> Bool {
        guard keysOf[id] != nil else { return false }
        record(id)
        unlink(id)
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

    /// Marks where a database savepoint begins.
    func beginSavepoint() { savepoints.append(journal.count) }

    /// Keeps what changed since the innermost savepoint began (its database savepoint was released).
    func releaseSavepoint() {
        savepoints.removeLast()
        if savepoints.isEmpty { journal.removeAll() }
    }

    /// Undoes what changed since the innermost savepoint began (its database savepoint was rolled back).
    func rollbackSavepoint() {
        let start = savepoints.removeLast()
        for change in journal[start...].reversed() {
            unlink(change.id)
            if let replaced = change.replaced { link(change.id, replaced) }
        }
        journal.removeSubrange(start...)
    }

    /// Every pending (key, article) pair of each index, sorted by key then article — the order the B-trees keep —
    /// and empties the set.
    func drain() -> (bands: [(PostingKey, Int64)], prints: [(PostingKey, Int64)]) {
        func sorted(_ postings: [PostingKey: [Int64]]) -> [(PostingKey, Int64)] {
            var rows: [(stored: Int64, key: PostingKey, id: Int64)] = []
            for (key, ids) in postings {
                let stored = SQLiteClusterStorage.stored(key)
                for id in ids { rows.append((stored, key, id)) }
            }
            rows.sort { $0.stored != $1.stored ? $0.stored < $1.stored : $0.id < $1.id }
            return rows.map { ($0.key, $0.id) }
        }
        defer { discard() }
        return (sorted(bands), sorted(prints))
    }

    /// Forgets everything pending: the transaction is being rolled back.
    func discard() {
        keysOf = [:]
        count = 0
        bands = [:]
        prints = [:]
        journal = []
        savepoints = []
    }

    private func record(_ id: Int64) {
        if !savepoints.isEmpty { journal.append((id, keysOf[id])) }
    }

    private func link(_ id: Int64, _ keys: Keys) {
        keysOf[id] = keys
        count += keys.bands.count + keys.prints.count
        for key in keys.bands { bands[key, default: []].append(id) }
        for key in keys.prints { prints[key, default: []].append(id) }
    }

    private func unlink(_ id: Int64) {
        guard let keys = keysOf.removeValue(forKey: id) else { return }
        count -= keys.bands.count + keys.prints.count
        for key in keys.bands { bands[key]?.removeAll { $0 == id } }
        for key in keys.prints { prints[key]?.removeAll { $0 == id } }
    }
}
