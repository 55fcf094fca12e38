package import Foundation

/// The founding example: one Vietnamese page stitched from four stories, split into its stories across three
/// outlets' feeds, with the stitched page itself in a fourth (an aggregator). The deduplicator's tests (in memory)
/// and the store's (SQLite) ingest the same stories.
package enum SeedPage {
    /// One story of the seed, as an outlet's feed carries it.
    package struct Story: Sendable {
        /// The feed that carries it.
        package var feed: String
        /// Its entry id, also its name in the tests.
        package var id: String
        /// Its headline.
        package var title: String
        /// Its paragraphs.
        package var lines: [String]
        /// Its publication date, RFC 3339.
        package var date: String
        /// Its publication date.
        package var published: Date { ISO8601DateFormatter().date(from: date) ?? Date(timeIntervalSince1970: 0) }
        /// Its link.
        package var link: String { "https://\(id.lowercased()).example/story" }
        /// Its text: the paragraphs, one per line.
        package var text: String { lines.joined(separator: "\n") }
    }

    /// The stitched page's 31 lines.
    package static let lines: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "seed-stitched-page.txt"
        )
        return (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }()

    /// The seed by line (1-based): A = 1 title, 2–8 and 10 (9 is "Video đang HOT"); B = 11 title, 12–25 then
    /// resumed at 28–30; C (the related-story box) = 26 title, 27; D (the cut-off teaser) = 31; and the page itself.
    package static var stories: [Story] {
        let l = lines
        guard l.count == 31 else { return [] }
        let dTitle = "Bộ Tư lệnh LHQ: Hàn Quốc và Triều Tiên vi phạm hiệp định đình chiến"
        let dText = String(l[30].dropFirst(dTitle.count)).trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "...", with: "")
        return [
            Story(
                feed: "https://a.example/feed",
                id: "A",
                title: l[0],
                lines: Array(l[1...7]) + [l[9]],
                date: "2023-03-08T06:00:00+07:00"
            ),
            Story(
                feed: "https://b.example/feed",
                id: "B",
                title: l[10],
                lines: Array(l[11...24]) + Array(l[27...29]),
                date: "2023-03-08T07:00:00+07:00"
            ),
            Story(
                feed: "https://c.example/feed",
                id: "C",
                title: l[25],
                lines: [l[26]],
                date: "2023-03-07T10:00:00+07:00"
            ),
            Story(
                feed: "https://c.example/feed",
                id: "D",
                title: dTitle,
                lines: [dText],
                date: "2023-03-07T09:00:00+07:00"
            ),
            Story(
                feed: "https://aggregator.example/feed",
                id: "stitched",
                title: l[0],
                lines: l,
                date: "2023-03-08T14:00:00+07:00"
            ),
        ]
    }

    /// Every order the five can arrive in (120).
    package static var arrivalOrders: [[String]] { permutations(stories.map(\.id)) }

    private static func permutations(_ items: [String]) -> [[String]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
