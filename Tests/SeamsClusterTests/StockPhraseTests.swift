import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

/// Any two stories of one language share a phrase now and then, and the bigger the store the more stored stories
/// share one with each arrival. Those share a winnowed fingerprint or two and nothing else: verifying each of them
/// made the work per arrival grow with the store. Only the ones so short a passage can decide something about are
/// read.
struct StockPhraseTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    /// A phrase of common words, as stock phrases are; long enough to give one winnowed fingerprint.
    let phrase = "the company said in a statement on tuesday that it would not"

    /// A stock sentence of sixteen words: two winnowed fingerprints, fewer tokens than a substantial passage.
    let sentence = "the company said in a statement on tuesday that it would not comment on the matter"

    /// A story of its own words, with the shared phrase after its opening.
    func story(_ name: String, sharing phrase: String) -> String {
        Newsroom.words(name, 1...60) + " " + phrase + " " + Newsroom.words(name, 61...90)
    }

    /// The stored texts read to place one more story when `count` unrelated stories sharing `phrase` (by default
    /// ``phrase``) are stored, and whether it stood alone.
    func work(storing count: Int, sharing phrase: String? = nil) throws -> (textsRead: Int, rowsRead: Int, alone: Bool)
    {
        let phrase = phrase ?? self.phrase
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
            let text = story("s\(index)x", sharing: phrase)
            let article = insert(feedId: 1, title: "Story \(index)", text: text, entryHash: Int64(index))
            try engine.add(article, text: text, learnFurniture: false, previousCluster: nil)
        }
        let text = story("arrival", sharing: phrase)
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
        // Every one of the forty was read before.
        #expect(many.textsRead * 2 < 40, "most of the stories sharing the phrase are left unread: \(many)")
    }

    @Test func theStoriesReadForSharingOnePhraseDoNotGrowWithTheStore() throws {
        // Ten stories or forty-five sharing the phrase (below the stock-phrase cap, so each is a candidate). Those
        // sharing one fingerprint are read only to be weighed (their rows, not their texts), and no more of them for
        // forty-five than for ten — 27 instead of 8 before they were capped.
        let small = try work(storing: 10)
        let large = try work(storing: 45)
        #expect(small.alone && large.alone)
        let weighed = (small: small.rowsRead - small.textsRead, large: large.rowsRead - large.textsRead)
        #expect(weighed.large <= weighed.small + 2, "rows read and not verified: \(small) then \(large)")
    }

    @Test func storiesSharingAStockSentenceAreWeighedNotVerified() throws {
        // A sentence in common gives two stories two or three fingerprints (the windows at its ends decide); a
        // substantial passage gives three at least. Those sharing three are verified (their texts read and
        // tokenized); those sharing two are weighed as those sharing one are, at most a few of them — every one of
        // them was verified before.
        let configuration = DedupConfiguration()
        func prints(_ text: String) -> Set<UInt64> {
            let fingerprint = ArticleFingerprint(
                tokens: MatchTokenizer(configuration: configuration).tokenize(text),
                configuration: configuration
            )
            return Set(Shingles.winnow(fingerprint.shingles, window: configuration.winnowWindow).map(\.hash))
        }
        let arrival = prints(story("arrival", sharing: sentence))
        let shared = (0..<45).map { prints(story("s\($0)x", sharing: sentence)).intersection(arrival).count }
        let decisive = configuration.substantialPassagePrints
        let (two, more) = (shared.filter { $0 == 2 }.count, shared.filter { $0 >= decisive }.count)
        #expect(two >= 10 && decisive == 3, "stories sharing two fingerprints: \(shared)")
        let small = try work(storing: 10, sharing: sentence)
        let large = try work(storing: 45, sharing: sentence)
        #expect(small.alone && large.alone, "a sentence in common joins no stories")
        #expect(large.textsRead <= more, "verified: \(large.textsRead) of \(more) sharing three, \(two) sharing two")
        let weighed = (small: small.rowsRead - small.textsRead, large: large.rowsRead - large.textsRead)
        #expect(weighed.large <= weighed.small + 2, "rows read and not verified: \(small) then \(large)")
    }
}
