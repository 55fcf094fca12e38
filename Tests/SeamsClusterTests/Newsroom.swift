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

    /// The address each named feed is subscribed at.
    let feedAddress: @Sendable (String) -> String

    init(
        configuration: DedupConfiguration = DedupConfiguration(),
        feedAddress: @escaping @Sendable (String) -> String = { "https://\($0).example/feed" }
    ) {
        self.configuration = configuration
        self.feedAddress = feedAddress
    }

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
        let feedId = feedId(of: feed)
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

    /// Stores one fetch of `feed` — articles named, headlined and written as given — and places them as an ingest
    /// does: their recurring lines are learned as the feed's furniture before the first of them is matched.
    func arrive(batch: [(name: String, title: String, text: String)], feed: String, seen: Date? = nil) throws {
        let feedId = feedId(of: feed)
        let firstSeen = seen ?? start
        let articles = batch.map { item in
            let article = storage.insert(
                feedId: feedId,
                title: item.title,
                text: item.text,
                contentKey: ContentFingerprint(title: item.title, text: item.text).key.map { Int64(bitPattern: $0) },
                canonicalURL: nil,
                published: nil,
                firstSeen: firstSeen,
                entryHash: Int64(bitPattern: StableHash.of(item.title + "\u{1F}" + item.text))
            )
            ids[item.name] = article.id
            return article
        }
        var deduplicator = Deduplicator(storage: storage, configuration: configuration, cache: cache, now: firstSeen)
        try deduplicator.learnFurniture(from: batch.map(\.text), feedId: feedId)
        for (article, item) in zip(articles, batch) {
            try deduplicator.add(article, text: item.text, learnFurniture: false, previousCluster: nil)
        }
    }

    /// The id of the named feed, subscribed at ``feedAddress`` when first named.
    private func feedId(of feed: String) -> Int64 {
        if let known = feeds[feed] { return known }
        let id = Int64(feeds.count + 1)
        feeds[feed] = id
        storage.feedAddresses[id] = feedAddress(feed)
        return id
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

    /// The names of the stitched pages.
    var composites: Set<String> { Set(ids.filter { storage.articles[$0.value]?.placement.isComposite == true }.keys) }

    /// The names of the articles a stitched page's passages come from.
    func sources(of name: String) -> Set<String> {
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
        return Set((ids[name].flatMap { storage.passages[$0] } ?? []).compactMap { names[$0.sourceId] })
    }

    /// Words `prefix1 prefix2 …` as a text.
    static func words(_ prefix: String, _ range: ClosedRange<Int>) -> String {
        range.map { "\(prefix)\($0)" }.joined(separator: " ")
    }
}
