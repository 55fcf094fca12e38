import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

/// Any two stories of one language share a phrase now and then, and the bigger the store the more stored stories
/// share one with each arrival. Those share one winnowed fingerprint and nothing else: verifying each of them made
/// the work per arrival grow with the store. Only the ones a single fingerprint can decide something about are read.
struct StockPhraseTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    /// A phrase of common words, as stock phrases are; long enough to give one winnowed fingerprint.
    let phrase = "the company said in a statement on tuesday that it would not"

    /// A story of its own words, with the shared phrase after its opening.
    func story(_ name: String) -> String {
        Newsroom.words(name, 1...60) + " " + phrase + " " + Newsroom.words(name, 61...90)
    }

    /// The stored texts read to place one more story when `count` unrelated stories sharing the phrase are stored,
    /// and whether it stood alone.
    func work(storing count: Int) throws -> (textsRead: Int, rowsRead: Int, alone: Bool) {
        let storage = InMemoryClusterStorage()
        let configuration = DedupConfiguration()
        let cache = FingerprintCache()
        var engine = Deduplicator(storage: storage, configuration: configuration, cache: cache, now: start)
        func insert(feedId: Int64, title: String, text: String, entryHash: Int64) -> ClusterArticle {
            storage.insert(
                feedId: feedId,
                title: title,
                text: text,
                contentKey: nil,
                canonicalURL: nil,
                published: nil,
                firstSeen: start,
                entryHash: entryHash
            )
        }
        for index in 0..<count {
            let text = story("s\(index)x")
            let article = insert(feedId: 1, title: "Story \(index)", text: text, entryHash: Int64(index))
            try engine.add(article, text: text, learnFurniture: false, previousCluster: nil)
        }
        let text = story("arrival")
        let arrival = insert(feedId: 2, title: "Arrival", text: text, entryHash: -1)
        var deduplicator = Deduplicator(
            storage: storage,
            configuration: configuration,
            cache: FingerprintCache(),
            now: start
        )
        let before = (storage.textsRead, storage.articlesRead)
        try deduplicator.add(arrival, text: text, learnFurniture: false, previousCluster: nil)
        let rowsRead = storage.articlesRead - before.1
        let placed = try storage.article(arrival.id)
        let alone = try placed?.clusterId.map { try storage.members(of: $0).count == 1 } ?? false
        return (storage.textsRead - before.0, rowsRead, alone)
    }

    @Test func storiesSharingOneStockPhraseAreNotReadAgainForEveryArrival() throws {
        let many = try work(storing: 40)
        #expect(many.alone, "a phrase in common joins no stories")
        // Those the phrase gives a second fingerprint in common are read (two are evidence); the rest are not. Every
        // one of the forty was read before.
        #expect(many.textsRead * 2 < 40, "most of the stories sharing the phrase are left unread: \(many)")
    }

    @Test func theStoriesReadForSharingOnePhraseDoNotGrowWithTheStore() throws {
        // Ten stories or forty-five sharing the phrase (below the stock-phrase cap, so each is a candidate). Those
        // the phrase gives two fingerprints in common are verified, more of them the more there are; those sharing
        // one are read only to be weighed (their rows, not their texts), and no more of them for forty-five than for
        // ten — 27 instead of 8 before they were capped.
        let small = try work(storing: 10)
        let large = try work(storing: 45)
        #expect(small.alone && large.alone)
        let weighed = (small: small.rowsRead - small.textsRead, large: large.rowsRead - large.textsRead)
        #expect(weighed.large <= weighed.small + 2, "rows read and not verified: \(small) then \(large)")
    }
}
