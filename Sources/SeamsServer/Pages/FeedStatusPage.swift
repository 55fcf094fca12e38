import Foundation
import SeamsCore
import SeamsStore

/// Every subscribed feed with its schedule and health, as `seams feeds list` shows them.
struct FeedStatusPage {
    let feeds: [Subscription]
    let articleCounts: [Int64: Int]

    func render() -> String {
        let failing = feeds.filter { $0.lastErrorCode != nil }.count
        let body: HTML = """
            <h1>Feeds</h1>
            <p class="lead">\(feeds.count) \(feeds.count == 1 ? "feed" : "feeds"), \(failing) failing.</p>
            <div class="table-scroll"><table class="feeds">
            <thead><tr><th>Feed</th><th>Articles</th><th>Entries/day</th><th>304 rate</th><th>Last fetch</th>\
            <th>Next fetch</th><th>Status</th></tr></thead>
            <tbody>\(feeds.map(row))</tbody></table></div>
            """
        return PageLayout.page(title: "Feeds", section: .feeds, body: body)
    }

    private func row(_ feed: Subscription) -> HTML {
        var status: HTML
        if let disabled = feed.disabledAt {
            status =
                "<span class=\"status disabled\">disabled \(PageFormat.date(disabled)): \(feed.disabledReason?.rawValue ?? "")</span>"
        } else if let code = feed.lastErrorCode {
            status = """
                <span class="status failing">\(code.rawValue)</span> <span class="message">\(feed.lastErrorMessage ?? "")</span> \
                <span class="streak">(\(feed.consecutiveErrors) in a row)</span>
                """
        } else if let code = feed.lastStatus {
            status = "<span class=\"status ok\">ok (\(code == 0 ? "file" : String(code)))</span>"
        } else {
            status = "<span class=\"status pending\">not fetched yet</span>"
        }
        let perDay = feed.entriesPerDay.map { String(format: "%.1f", $0) } ?? "—"
        return """
            <tr><td data-label="Feed"><strong>\(feed.title ?? feed.url)</strong><br><code>\(feed.url)</code></td>\
            <td data-label="Articles">\(articleCounts[feed.id ?? 0] ?? 0)</td><td data-label="Entries/day">\(perDay)</td>\
            <td data-label="304 rate">\(PageFormat.percent(feed.notModifiedRate))</td>\
            <td data-label="Last fetch">\(PageFormat.date(feed.lastFetchedAt))</td>\
            <td data-label="Next fetch">\(feed.disabledAt == nil ? PageFormat.date(feed.nextFetchAt) : "—")</td>\
            <td data-label="Status">\(status)</td></tr>
            """
    }
}
