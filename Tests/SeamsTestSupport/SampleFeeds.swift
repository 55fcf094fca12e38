package import Foundation

/// Small valid feeds for tests, with distinct stories so the deduplicator keeps them apart.
package enum SampleFeeds {
    /// An RSS 2.0 feed titled `title` with `count` items, one an hour back from `newest`; item texts are
    /// distinct per `title` and index.
    package static func rss(_ title: String, items count: Int, newest: Date = Date(), ttl: Int? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let words = [
            "harbour", "council", "budget", "river", "school", "market", "railway", "festival", "hospital", "library",
        ]
        var items = ""
        for index in 0..<count {
            let date = formatter.string(from: newest.addingTimeInterval(-Double(index) * 3600))
            let body = (0..<40).map { "\(words[($0 + index) % words.count])\(title.count)x\(index)y\($0)" }.joined(
                separator: " "
            )
            items += """
                <item><title>\(title) story \(index)</title><link>https://example.org/\(title)/\(index)</link>\
                <guid>\(title)-\(index)</guid><pubDate>\(date)</pubDate><description>\(title) reports \(body).</description></item>

                """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(title)</title><link>https://example.org/\(title)</link>\
            \(ttl.map { "<ttl>\($0)</ttl>" } ?? "")
            \(items)</channel></rss>
            """
    }
}
