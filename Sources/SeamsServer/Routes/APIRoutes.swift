import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat
import SeamsExport
import SeamsStore
import SeamsSync

/// The JSON API under `/api/`, documented in `Resources/openapi.json` (served at `/api/openapi.json`).
///
/// Reads are open; `POST /api/feeds` and `DELETE /api/feeds/{id}` need the configured bearer token and are
/// off (403) when none is configured.
struct APIRoutes {
    let server: InspectionServer

    func register(on router: RouteTable) {
        router.get("/api/openapi.json") { _, _ in try Self.openAPIDocument() }
        router.get("/api/clusters") { request, _ in try await clusters(request) }
        router.get("/api/clusters/:id") { _, context in
            let cluster = try await server.reader.cluster(
                id: try context.identifier("id"),
                memberLimit: server.configuration.maximumPageSize
            )
            return Response.json(ClusterJSON(cluster).encoded())
        }
        router.get("/api/articles/:id") { _, context in
            let id = try context.identifier("id")
            let article = try await server.reader.article(id: id)
            let composite = try await server.reader.composite(articleId: id)
            let furniture = try await server.reader.furniture(ofArticle: id)
            return Response.json(ArticleDetailJSON(article, composite: composite, furniture: furniture).encoded())
        }
        router.get("/api/feeds") { _, _ in
            let feeds = try await server.reader.feeds()
            return Response.json(
                FeedStatusJSON(feeds, articleCounts: try await server.reader.articleCounts()).encoded()
            )
        }
        router.post("/api/feeds") { request, _ in try await subscribe(request) }
        router.delete("/api/feeds/:id") { request, context in
            try authorize(request)
            _ = try await server.store.removeFeed(String(try context.identifier("id")))
            return Response(status: .noContent)
        }
    }

    private func clusters(_ request: Request) async throws -> Response {
        let parameters = ListingParameters(parameters: request.uri.queryParameters, store: server.store)
        let query = try await parameters.query(
            defaultLimit: 50,
            maximumLimit: server.configuration.maximumPageSize,
            defaultComposites: .include
        )
        let page = try await server.reader.clusterPage(query)
        return .json(ClusterPageJSON(page.clusters, nextCursor: page.next?.rawValue).encoded())
    }

    private func subscribe(_ request: Request) async throws -> Response {
        try authorize(request)
        var request = request
        let body = try await request.collectBody(upTo: server.configuration.maximumRequestBodySize)
        struct SubscriptionRequest: Decodable {
            var url: String
            var title: String?
        }
        guard let subscription = try? JSONDecoder().decode(SubscriptionRequest.self, from: Data(buffer: body)) else {
            throw APIError(
                .badRequest,
                code: "api.invalid_body",
                "expected a JSON object {\"url\": \"https://…\", \"title\": \"…\"}"
            )
        }
        let service = SubscriptionService(store: server.store, fetcher: server.fetcher)
        let subscribed: SubscriptionService.Subscribed
        do {
            subscribed = try await service.subscribe(subscription.url, title: subscription.title, by: .remote)
        } catch {
            if let storeError = error.cause as? StoreError { throw storeError }
            throw APIError(.unprocessableContent, code: error.code.rawValue, error.message)
        }
        return .json(SubscribedFeedJSON(subscribed.feed).encoded(), status: subscribed.created ? .created : .ok)
    }

    /// Checks the bearer token; writes are off without a configured one.
    private func authorize(_ request: Request) throws {
        guard let token = server.configuration.apiToken, !token.isEmpty else {
            throw APIError(
                .forbidden,
                code: "api.writes_disabled",
                "write endpoints are off; start the daemon with an API token (SEAMS_API_TOKEN) to enable them"
            )
        }
        let presented = request.headers[.authorization].flatMap { value -> Substring? in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? parts[1] : nil
        }
        guard let presented, Self.constantTimeEqual(Array(presented.utf8), Array(token.utf8)) else {
            var error = APIError(
                .unauthorized,
                code: "api.unauthorized",
                "a valid bearer token is required for this endpoint"
            )
            error.headers[.wwwAuthenticate] = "Bearer realm=\"seams\""
            throw error
        }
    }

    /// Compares without returning early, so the time taken says nothing about the token.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            difference |= (index < lhs.count ? lhs[index] : 0) ^ (index < rhs.count ? rhs[index] : 0)
        }
        return difference == 0
    }

    static func openAPIDocument() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let document = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw APIError(.internalServerError, code: "api.internal", "the OpenAPI document is missing from the build")
        }
        return .json(document)
    }
}

extension BasicRequestContext {
    /// A positive integer path parameter, or a 400 naming it.
    func identifier(_ name: String) throws -> Int64 {
        guard let text = parameters.get(name), let value = Int64(text), value > 0 else {
            throw APIError.badParameter(name, "expected a positive whole number")
        }
        return value
    }
}
