import Foundation
import Hummingbird
import SeamsCluster
import SeamsParse
import SeamsStore

/// The query parameters shared by the cluster listings and the canonical feeds, read into a ``ClusterQuery``.
///
/// `limit`, `cursor`, `since` (RFC 3339, RFC 822 or `YYYY-MM-DD`), `feed` (a feed id or URL), `min_size`,
/// `relation`, `composites` (`include`, `exclude`, `only`) and `order` (`newest`, `biggest`). A value that does
/// not parse is a 400 naming the parameter, never silently ignored (a `feed` no subscribed feed has, or a `cursor` no
/// page of Seams' gave, names nothing: a 404); an empty `cursor`, `since` or `feed` (a form's empty
/// field, a first page's link template) is the same as none.
struct ListingParameters {
    /// An RFC 3339 date-time or full-date in any year: `since` names an instant, and a year no feed date falls in
    /// (`FeedDateParser.years`) still names one — before every story, or after them all.
    static func anyYear(_ text: String) -> Date? {
        let options: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime], [.withFullDate],
        ]
        for option in options {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = option
            if let date = formatter.date(from: text.uppercased()) { return date }
        }
        return nil
    }

    let parameters: Parameters
    let store: any StoryReader

    func query(
        defaultLimit: Int,
        maximumLimit: Int,
        defaultComposites: ClusterQuery.Composites
    ) async throws -> ClusterQuery {
        var query = ClusterQuery(limit: defaultLimit)
        query.memberLimit = ClusterQuery.listedMembers
        query.composites = defaultComposites
        if let text = parameters.get("limit") {
            guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
                throw APIError.badParameter(
                    "limit",
                    "expected a whole number from 1 to \(maximumLimit), got \"\(text)\""
                )
            }
            query.limit = limit
        }
        if let text = parameters.get("cursor"), !text.isEmpty {
            guard let cursor = ClusterCursor(rawValue: text) else {
                throw APIError.notFound("cursor: no page starts here (a cursor is a previous page's next_cursor)")
            }
            query.cursor = cursor
        }
        if let text = parameters.get("since"), !text.isEmpty {
            guard let date = FeedDateParser.parse(text)?.date ?? Self.anyYear(text) else {
                throw APIError.badParameter("since", "\"\(text)\" is not a date (use RFC 3339 or YYYY-MM-DD)")
            }
            query.since = date
        }
        if let text = parameters.get("min_size") {
            guard let size = Int(text), size >= 1 else {
                throw APIError.badParameter("min_size", "expected a whole number of at least 1, got \"\(text)\"")
            }
            query.minimumSize = size
        }
        if let text = parameters.get("relation") {
            guard let relation = ArticleRelation(rawValue: text) else {
                throw APIError.badParameter(
                    "relation",
                    "expected canonical, duplicate, near-duplicate, partial or recycled, got \"\(text)\""
                )
            }
            query.relation = relation
        }
        if let text = parameters.get("composites") {
            guard let composites = ClusterQuery.Composites(rawValue: text) else {
                throw APIError.badParameter("composites", "expected include, exclude or only, got \"\(text)\"")
            }
            query.composites = composites
        }
        if let text = parameters.get("order") {
            guard let order = ClusterQuery.Order(rawValue: text) else {
                throw APIError.badParameter("order", "expected newest or biggest, got \"\(text)\"")
            }
            query.order = order
        }
        if let text = parameters.get("feed"), !text.isEmpty {
            var feed: Subscription?
            if let id = Int64(text) { feed = try await store.feed(id: id) }
            if feed == nil { feed = try await store.feed(url: text) }
            guard let feed else {
                // Well formed, but naming nothing: what is not there is a 404, as for a cluster's id.
                throw APIError.notFound("feed: no subscribed feed has the id or URL \"\(text)\"")
            }
            query.feedId = feed.id
        }
        return query
    }
}
