import Foundation
import SeamsCluster
import SeamsFingerprint
import Testing

/// What furniture learning keeps stays bounded as a feed publishes for months: lines that never recur are forgotten,
/// while a feed's furniture is still learned and lines that recur within the memory still become furniture.
struct FurnitureMemoryTests {
    /// A feed's item: three lines of its own story, the feed's footer, and every `rareEvery`-th item a rare line.
    func item(_ index: Int, rareEvery: Int = 0, rarer: Int = 0) -> String {
        // Words spelt in letters: a line of figures would share its shape with every other item's.
        var lines = (1...3).map { line in
            (1...12).map { Self.spelt(index * 100 + line * 20 + $0) }.joined(separator: " ")
        }
        lines.append("Đọc thêm tin tức mới nhất tại trang chủ của chúng tôi")
        if rareEvery > 0, index % rareEvery == 0 { lines.append("Chuyên mục tuần này do ban biên tập tuyển chọn") }
        if rarer > 0, index % rarer == 0 { lines.append("Thư bạn đọc gửi về tòa soạn trong năm") }
        return lines.joined(separator: "\n")
    }

    /// `number` in letters, a distinct word for each number.
    static func spelt(_ number: Int) -> String {
        String(String(number).map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(String($0))!)) }) + "x"
    }

    /// The storage after one feed published `items` items, one fetch each, with the given memory.
    func publish(items: Int, memory: Int, rareEvery: Int = 0, rarer: Int = 0) throws -> InMemoryClusterStorage {
        var configuration = DedupConfiguration()
        configuration.boilerplateLineMemory = memory
        let storage = InMemoryClusterStorage()
        var engine = Deduplicator(
            storage: storage,
            configuration: configuration,
            cache: FingerprintCache(),
            now: Date(timeIntervalSince1970: 1_700_000_000)
        )
        for index in 1...items {
            try engine.learnFurniture(from: [item(index, rareEvery: rareEvery, rarer: rarer)], feedId: 1)
        }
        return storage
    }

    @Test func linesThatNeverRecurAreForgottenAndTheStoreStopsGrowingByThem() throws {
        let linesPerItem = try publish(items: 1, memory: 20).rememberedLines
        let bounded = try publish(items: 400, memory: 20)
        let unbounded = try publish(items: 400, memory: 100_000)
        // At most one and a half memories of items' lines are kept between two forgettings, plus the furniture.
        #expect(bounded.rememberedLines <= linesPerItem * 31, "kept \(bounded.rememberedLines) lines")
        #expect(unbounded.rememberedLines == 3 * 400 + 1, "without forgetting every story line stays, and the footer")
        let footer = try bounded.furnitureLines(feedId: 1, minimumCount: DedupConfiguration().boilerplateLineCount)
        #expect(footer.count == 1, "the footer is still the feed's furniture: \(footer.count)")
    }

    @Test func aLineThatRecursWithinTheMemoryBecomesFurnitureAndOneThatDoesNotIsForgotten() throws {
        let storage = try publish(items: 300, memory: 20, rareEvery: 15, rarer: 40)
        let furniture = try storage.furnitureLines(
            feedId: 1,
            minimumCount: DedupConfiguration().boilerplateLineCount
        )
        // The footer and the line every 15 items are learned; the line every 40 items never reaches three counts.
        #expect(furniture.count == 2, "learned \(furniture.count) lines")
        let remembering = try publish(items: 300, memory: 100, rareEvery: 15, rarer: 40)
        let learned = try remembering.furnitureLines(feedId: 1, minimumCount: 3)
        #expect(learned.count == 3, "with a memory of 100 items the line every 40 is learned too: \(learned.count)")
    }
}
