import Foundation
import SeamsCluster
import SeamsCore
import SeamsFingerprint

/// The deduplicator over in-memory storage, fed articles by name as outlets would publish them.
final class Newsroom {
    let storage = InMemoryClusterStorage()
    let cache = FingerprintCache()
    let configuration: DedupConfiguration
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    private(set) var ids: [String: Int64] = [:]
    private var feeds: [String: Int64] = [:]

    init(configuration: DedupConfiguration = DedupConfiguration()) { self.configuration = configuration }

    /// Stores an article of `feed` and places it, first seen at `seen` (default: the newsroom's start).
    func arrive(
        _ name: String,
        feed: String,
        title: String? = nil,
        text: String,
        link: String? = nil,
        published: Date? = nil,
        seen: Date? = nil
    ) throws {
        let feedId = feeds[feed] ?? Int64(feeds.count + 1)
        feeds[feed] = feedId
        let firstSeen = seen ?? start
        let article = storage.insert(
            feedId: feedId,
            title: title,
            text: text,
            contentKey: ContentFingerprint(title: title, text: text).key.map { Int64(bitPattern: $0) },
            canonicalURL: CanonicalURL.canonical(link),
            published: published,
            firstSeen: firstSeen,
            entryHash: Int64(bitPattern: StableHash.of((title ?? "") + "\u{1F}" + text))
        )
        ids[name] = article.id
        var deduplicator = Deduplicator(storage: storage, configuration: configuration, cache: cache, now: firstSeen)
        try deduplicator.add(article, text: text, learnFurniture: true, previousCluster: nil)
    }

    /// The named article as stored now.
    func article(_ name: String) -> ClusterArticle? { ids[name].flatMap { storage.articles[$0] } }

    /// The names of the articles in each cluster, each set sorted.
    var partition: Set<[String]> {
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
        return Set(storage.partition.map { $0.compactMap { names[$0] }.sorted() })
    }

    /// The canonical article of the named article's cluster, by name.
    func canonical(of name: String) -> String? {
        guard let cluster = article(name)?.clusterId, let canonical = storage.clusters[cluster]?.canonical else {
            return nil
        }
        return ids.first { $0.value == canonical }?.key
    }

    /// Words `prefix1 prefix2 …` as a text.
    static func words(_ prefix: String, _ range: ClosedRange<Int>) -> String {
        range.map { "\(prefix)\($0)" }.joined(separator: " ")
    }
}
