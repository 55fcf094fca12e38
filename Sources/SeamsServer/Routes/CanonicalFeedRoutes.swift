import Foundation
import HTTPTypes
import Hummingbird
import SeamsCore
import SeamsExport
import SeamsParse
import SeamsStore

/// `GET /feed.atom`, `/feed.rss`, `/feed.json`: the canonical feed, one entry per story, written by the same
/// ``FeedExporter`` as `seams export`.
///
/// Filters: `since`, `limit` (default 100), `feed`, `composites` (default `exclude`: stitched pages are
/// aggregator furniture, and their stories have entries of their own; `include` or `only` to see them).
/// Responses carry a strong `ETag` (a hash of the body) and a `Last-Modified` (the newest change to a listed
/// story), and answer `304 Not Modified` to `If-None-Match` or `If-Modified-Since`, so readers poll cheaply.
struct CanonicalFeedRoutes {
    let server: InspectionServer

    func register(on router: RouteTable) {
        for format in ExportFormat.allCases {
            router.get("/feed.\(format == .json ? "json" : format.rawValue)") { request, _ in
                try await feed(format, request: request)
            }
        }
    }

    private func feed(_ format: ExportFormat, request: Request) async throws -> Response {
        let parameters = ListingParameters(parameters: request.uri.queryParameters, store: server.store)
        var query = try await parameters.query(
            defaultLimit: 100,
            maximumLimit: server.configuration.maximumPageSize,
            defaultComposites: .exclude
        )
        query.order = .newest
        let clusters = try await server.reader.clusterPage(query).clusters
        let lastModified = clusters.map(\.updatedAt).max()
        var channel = ExportChannel()
        channel.generated = lastModified ?? Date(timeIntervalSince1970: 0)
        if let host = request.head.authority {
            channel.selfURL = "http://\(host)\(request.uri.path)"
        }
        let body = FeedExporter(format: format, channel: channel).write(clusters)
        var headers = HTTPFields()
        let etag = Self.entityTag(body)
        headers[.eTag] = etag
        headers[.cacheControl] = "no-cache"
        if let lastModified { headers[.lastModified] = FeedDate(date: lastModified, utcOffset: 0).httpDate }
        if Self.isNotModified(request.headers, etag: etag, lastModified: lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        return .text(body, type: format.mediaType, headers: headers)
    }

    /// A strong entity tag: XXH3 of the body, so identical bodies always share it, across restarts too.
    static func entityTag(_ body: String) -> String {
        let hash = StableHash.of(body)
        return "\"\(String(hash, radix: 16))\""
    }

    /// RFC 9110: `If-None-Match` decides when present; otherwise `If-Modified-Since`, at one-second precision.
    static func isNotModified(_ headers: HTTPFields, etag: String, lastModified: Date?) -> Bool {
        if let match = headers[.ifNoneMatch] {
            let tags = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.contains("*") || tags.contains { $0 == etag || $0 == "W/" + etag }
        }
        if let since = headers[.ifModifiedSince].flatMap(FeedDateParser.parse), let lastModified {
            return lastModified.timeIntervalSince1970.rounded(.down) <= since.date.timeIntervalSince1970
        }
        return false
    }
}

extension FeedDate {
    /// The date as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    var httpDate: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
