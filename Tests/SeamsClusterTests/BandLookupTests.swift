import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

/// The LSH bands are read only when the fingerprints cannot see: a story copied more widely than the stock-phrase cap
/// has only stock fingerprints, and its copies are found through the bands. Every other arrival leaves them unread —
/// half of an arrival's index lookups, each a page of its own once the index outgrows the cache.
struct BandLookupTests {
    /// A story of its own words with every `step`-th word changed: a light edit, as outlets make.
    func story(_ name: String, editedEvery step: Int? = nil) -> String {
        (1...120).map { index in
            step.map { index % $0 == 0 } == true ? "edit\(index)" : "\(name)\(index)"
        }.joined(separator: " ")
    }

    @Test func aLightEditOfAStoryCopiedPastTheStockCapJoinsItThroughTheBands() throws {
        var configuration = DedupConfiguration()
        configuration.maximumFingerprintFrequency = 3
        let newsroom = Newsroom(configuration: configuration)
        for outlet in 0..<6 {
            try newsroom.arrive("copy\(outlet)", feed: "outlet\(outlet)", title: "Summit", text: story("wire"))
        }
        let before = newsroom.storage.bandKeysLookedUp
        try newsroom.arrive("edited", feed: "late", title: "Summit talks", text: story("wire", editedEvery: 30))
        #expect(newsroom.storage.bandKeysLookedUp > before, "its fingerprints are all stock: the bands are read")
        #expect(newsroom.article("edited")?.clusterId == newsroom.article("copy0")?.clusterId)
    }

    @Test func anArrivalWhoseFingerprintsAreRareReadsNoBands() throws {
        let newsroom = Newsroom()
        for index in 0..<5 {
            try newsroom.arrive("story\(index)", feed: "wire", title: "Story \(index)", text: story("s\(index)x"))
        }
        try newsroom.arrive("copied", feed: "wire", title: "Copied", text: story("copied"))
        let before = newsroom.storage.bandKeysLookedUp
        try newsroom.arrive("unrelated", feed: "other", title: "Unrelated", text: story("unrelated"))
        try newsroom.arrive("edited", feed: "other", title: "Copied again", text: story("copied", editedEvery: 30))
        #expect(newsroom.storage.bandKeysLookedUp == before, "rare fingerprints find every copy the bands would")
        #expect(newsroom.article("edited")?.clusterId == newsroom.article("copied")?.clusterId)
        #expect(
            newsroom.article("unrelated").flatMap(\.clusterId).map { try? newsroom.storage.members(of: $0).count } == 1
        )
    }
}
