import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

/// An article joining a story copied ten thousand times costs what joining one copied ten times does: election weighs
/// a bounded part of the cluster and, while the canonical article stays, only the newcomer's relation is written.
struct ClusterGrowthTests {
    let text = Newsroom.words("wire", 1...80)
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// The rows read and written and the clusters created to place one more copy in a cluster of `size` copies from
    /// 50 outlets.
    func work(
        joining size: Int
    ) throws -> (read: Int, written: Int, created: Int, cluster: Int64?, canonical: Int64?) {
        let storage = InMemoryClusterStorage()
        let configuration = DedupConfiguration()
        let key = ContentFingerprint(title: nil, text: text).key.map { Int64(bitPattern: $0) }
        var engine = Deduplicator(storage: storage, configuration: configuration, cache: FingerprintCache(), now: start)
        let signature = try engine.fingerprint(text: text, feedId: 1).signature
        var cluster: Int64?
        for index in 0..<size {
            let copy = storage.insert(
                feedId: Int64(index % 50 + 1),
                text: text,
                contentKey: key,
                canonicalURL: "https://outlet\(index % 50).example/\(index)",
                published: start.addingTimeInterval(Double(index)),
                firstSeen: start.addingTimeInterval(Double(index)),
                entryHash: 1
            )
            if cluster == nil { cluster = try storage.createCluster(canonical: copy.id, at: start) }
            try storage.setFingerprint(of: copy.id, signature: signature, tokenCount: 80)
            try storage.setPlacement(
                of: copy.id,
                ArticlePlacement(clusterId: cluster, matchKind: index == 0 ? nil : .duplicate, similarity: 1)
            )
            try storage.setRelation(of: copy.id, index == 0 ? .canonical : .duplicate, similarity: 1)
        }
        let seen = start.addingTimeInterval(Double(size) + 7_200)
        let arrival = storage.insert(
            feedId: 99,
            text: text,
            contentKey: key,
            canonicalURL: "https://late.example/1",
            published: seen,
            firstSeen: seen,
            entryHash: 1
        )
        let before = (storage.articlesRead, storage.rowsWritten, storage.clustersCreated)
        var deduplicator = Deduplicator(
            storage: storage,
            configuration: configuration,
            cache: FingerprintCache(),
            now: seen
        )
        try deduplicator.add(arrival, text: text, learnFurniture: false, previousCluster: nil)
        let placed = try storage.article(arrival.id)
        return (
            storage.articlesRead - before.0 - 1, storage.rowsWritten - before.1, storage.clustersCreated - before.2,
            placed?.clusterId,
            placed?.clusterId.flatMap { storage.clusters[$0]?.canonical }
        )
    }

    @Test func joiningATenThousandCopyStoryCostsWhatJoiningATenCopyOneDoes() throws {
        let small = try work(joining: 10)
        let large = try work(joining: 10_000)
        #expect(small.cluster == 1 && large.cluster == 1, "both join the story")
        #expect(small.canonical == 1 && large.canonical == 1, "the first copy stays canonical")
        #expect(large.written == small.written, "only the newcomer's rows are written: \(small) \(large)")
        #expect(small.created == 0 && large.created == 0, "a copy that joins a story makes no cluster of its own")
        #expect(
            large.read <= small.read + 2 * Deduplicator<InMemoryClusterStorage>.electorateShare + 40,
            "rows read are bounded, not 10,000: \(small) \(large)"
        )
    }
}
