package import Foundation
package import SeamsFingerprint

/// A ``ClusterStorage`` in dictionaries: the deduplicator's tests run on it without a database, and it is the
/// reference a new backend is checked against (the same arrivals must give the same clusters).
///
/// It is a class because the engine writes through a shared handle, as it does through a database connection; it is
/// not thread-safe, like a transaction.
package final class InMemoryClusterStorage: ClusterStorage {
    /// A cluster: its canonical article and when it was created and last changed.
    package struct Cluster: Sendable, Hashable {
        /// The canonical article.
        package var canonical: Int64
        /// When the cluster was created.
        package var createdAt: Date
        /// When its canonical article was last elected.
        package var updatedAt: Date
    }

    /// Every article, by id.
    package private(set) var articles: [Int64: ClusterArticle] = [:]
    /// Every cluster, by id.
    package private(set) var clusters: [Int64: Cluster] = [:]
    /// The passages of each stitched page, by the page's id.
    package private(set) var passages: [Int64: [StitchedPassage]] = [:]
    /// The address each feed was subscribed at, by feed id (unset: unknown).
    package var feedAddresses: [Int64: String] = [:]
    /// The articles every read has returned, counted once per read: the rows a database would have read. Tests
    /// assert on it that work per arrival is bounded.
    package private(set) var articlesRead = 0
    /// The writes made to articles and clusters (placements, relations, fingerprints, canonical records), one per call.
    package private(set) var rowsWritten = 0
    /// The clusters created, one per call: an article that joins a story should not make one of its own.
    package private(set) var clustersCreated = 0
    /// The texts read, one per call: each is a stored article fingerprinted again to verify it as a candidate.
    package private(set) var textsRead = 0
    /// The LSH band keys looked up, over all calls: each is a page read of its own in a database's index.
    package private(set) var bandKeysLookedUp = 0
    /// The lines counted towards furniture that are remembered, over all feeds: tests assert on it that what
    /// learning keeps is bounded.
    package var rememberedLines: Int { lineCounts.values.reduce(0) { $0 + $1.count } }
    private var texts: [Int64: String] = [:]
    private var bands: [PostingKey: Set<Int64>] = [:]
    private var bandsOf: [Int64: [PostingKey]] = [:]
    private var prints: [PostingKey: Set<Int64>] = [:]
    private var printsOf: [Int64: [PostingKey]] = [:]
    private var lineCounts: [Int64: [UInt64: LineCount]] = [:]
    private var furnitureClocks: [Int64: Int] = [:]
    private var lastArticleId: Int64 = 0
    private var lastClusterId: Int64 = 0

    /// Creates an empty storage.
    package init() {}

    /// Stores a new, unplaced article with the next id (ids start at 1 and are never reused), and returns it with
    /// that id; pass it to ``Deduplicator/add(_:text:learnFurniture:previousCluster:)`` to place it.
    package func insert(
        feedId: Int64,
        title: String? = nil,
        text: String,
        contentKey: Int64?,
        canonicalURL: String?,
        published: Date?,
        firstSeen: Date,
        entryHash: Int64
    ) -> ClusterArticle {
        lastArticleId += 1
        let article = ClusterArticle(
            id: lastArticleId,
            feedId: feedId,
            title: title,
            contentKey: contentKey,
            canonicalURL: canonicalURL,
            published: published,
            firstSeen: firstSeen,
            entryHash: entryHash
        )
        articles[article.id] = article
        texts[article.id] = text
        return article
    }

    /// The members of every cluster, each set of ids sorted: the partition, to compare with another run's.
    package var partition: Set<[Int64]> {
        Set(
            Dictionary(grouping: articles.values.filter { $0.clusterId != nil }, by: { $0.clusterId! }).values.map {
                $0.map(\.id).sorted()
            }
        )
    }

    package func article(_ id: Int64) throws -> ClusterArticle? {
        articlesRead += 1
        return articles[id]
    }

    package func candidateArticles(_ ids: [Int64]) throws -> [ClusterArticle] {
        try ids.sorted().compactMap(article).map { article in
            var article = article
            article.signature = nil
            return article
        }
    }

    package func text(of id: Int64) throws -> String? {
        textsRead += 1
        return texts[id]
    }

    package func members(of cluster: Int64) throws -> [ClusterArticle] {
        let members = articles.values.filter { $0.clusterId == cluster }.sorted { $0.id < $1.id }
        articlesRead += members.count
        return members
    }

    package func memberCount(of cluster: Int64) throws -> Int {
        articles.values.count { $0.clusterId == cluster }
    }

    package func electorate(of cluster: Int64, limit: Int) throws -> [ClusterArticle] {
        let members = articles.values.filter { $0.clusterId == cluster }
        let earliest = members.sorted { ($0.appeared, $0.id) < ($1.appeared, $1.id) }.prefix(limit)
        let fullest = members.sorted { ($1.tokenCount, $1.id) < ($0.tokenCount, $0.id) }.prefix(limit)
        var chosen: [Int64: ClusterArticle] = [:]
        if let canonical = clusters[cluster]?.canonical, let article = articles[canonical] {
            chosen[canonical] = article
        }
        for member in earliest + fullest { chosen[member.id] = member }
        articlesRead += chosen.count
        return chosen.values.sorted { $0.id < $1.id }
    }

    package func canonical(of cluster: Int64) throws -> Int64? { clusters[cluster]?.canonical }

    package func setFingerprint(of id: Int64, signature: MinHashSignature, tokenCount: Int) throws {
        rowsWritten += 1
        articles[id]?.signature = signature
        articles[id]?.tokenCount = tokenCount
    }

    package func setPlacement(of id: Int64, _ placement: ArticlePlacement) throws {
        rowsWritten += 1
        articles[id]?.placement = placement
    }

    package func setRelation(of id: Int64, _ relation: ArticleRelation, similarity: Double) throws {
        rowsWritten += 1
        articles[id]?.relation = relation
        articles[id]?.placement.similarity = similarity
    }

    package func createCluster(canonical: Int64, at now: Date) throws -> Int64 {
        clustersCreated += 1
        lastClusterId += 1
        clusters[lastClusterId] = Cluster(canonical: canonical, createdAt: now, updatedAt: now)
        return lastClusterId
    }

    package func setCanonical(of cluster: Int64, to article: Int64, at now: Date) throws {
        rowsWritten += 1
        clusters[cluster]?.canonical = article
        clusters[cluster]?.updatedAt = now
    }

    package func mergeCluster(_ source: Int64, into target: Int64) throws {
        for (id, article) in articles where article.clusterId == source { articles[id]?.placement.clusterId = target }
        clusters[source] = nil
    }

    package func deleteCluster(_ id: Int64) throws { clusters[id] = nil }

    package func index(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) throws {
        for key in bandsOf[id] ?? [] { bands[key]?.remove(id) }
        for key in printsOf[id] ?? [] { prints[key]?.remove(id) }
        bandsOf[id] = bandKeys
        for key in bandKeys { bands[key, default: []].insert(id) }
        printsOf[id] = fingerprints
        for key in fingerprints { prints[key, default: []].insert(id) }
    }

    package func exactCopies(contentKey: Int64?, canonicalURL: String?, excluding: Int64, limit: Int) throws -> [Int64]
    {
        let matches = articles.values.filter { article in
            article.id != excluding && article.clusterId != nil
                && ((contentKey != nil && article.contentKey == contentKey)
                    || (canonicalURL != nil && article.canonicalURL == canonicalURL))
        }
        return Array(matches.map(\.id).sorted(by: >).prefix(limit))
    }

    package func bandPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [Int64] {
        bandKeysLookedUp += keys.count
        return keys.flatMap { key in (bands[key] ?? []).subtracting([excluding]).sorted(by: >).prefix(limit) }
    }

    package func fingerprintPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [[Int64]] {
        keys.map { key in Array((prints[key] ?? []).subtracting([excluding]).sorted().prefix(limit)) }
    }

    package func address(ofFeed feedId: Int64) throws -> String? { feedAddresses[feedId] }

    package func firstPage(ofFeed feedId: Int64) throws -> String? {
        articles.values.filter { $0.feedId == feedId && $0.canonicalURL != nil }.min { $0.id < $1.id }?.canonicalURL
    }

    package func recentArticles(feedId: Int64, limit: Int) throws -> [ClusterArticle] {
        let placed = articles.values.filter { $0.feedId == feedId && $0.clusterId != nil }
        let recent = Array(placed.sorted { $0.id > $1.id }.prefix(limit))
        articlesRead += recent.count
        return recent
    }

    package func furnitureLines(feedId: Int64, minimumCount: Int) throws -> Set<UInt64> {
        Set((lineCounts[feedId] ?? [:]).filter { $0.value.count >= minimumCount }.keys)
    }

    package func countLines(_ lines: Set<UInt64>, feedId: Int64, body: UInt64) throws -> Int {
        let clock = furnitureClocks[feedId, default: 0] + 1
        furnitureClocks[feedId] = clock
        for line in lines {
            let known = lineCounts[feedId]?[line]
            let count = (known?.count ?? 0) + (known?.body == body ? 0 : 1)
            lineCounts[feedId, default: [:]][line] = LineCount(count: count, body: body, lastCounted: clock)
        }
        return clock
    }

    package func forgetLines(feedId: Int64, countedFewerThan minimumCount: Int, lastCountedBefore clock: Int) throws {
        lineCounts[feedId] = lineCounts[feedId]?.filter {
            $0.value.count >= minimumCount || $0.value.lastCounted >= clock
        }
    }

    package func replacePassages(of composite: Int64, with passages: [StitchedPassage]) throws {
        self.passages[composite] = passages.isEmpty ? nil : passages
    }

    package func composites(citing source: Int64) throws -> [Int64] {
        passages.filter { $0.value.contains { $0.sourceId == source } }.keys.sorted()
    }
}

/// What a storage remembers of one line of a feed: in how many distinct items it was counted, the last item's body,
/// and the feed's furniture clock when it was last counted.
private struct LineCount {
    var count: Int
    var body: UInt64
    var lastCounted: Int
}
