import Foundation
import Hummingbird
import SeamsStore

/// The web pages: server-rendered HTML, no script, readable on a phone.
struct PageRoutes {
    let server: InspectionServer

    func register(on router: RouteTable) {
        router.get("/") { request, _ in try await home(request) }
        router.get("/clusters/:id") { _, context in
            let cluster = try await server.reader.cluster(
                id: try context.identifier("id"),
                memberLimit: server.configuration.maximumPageSize
            )
            return Response.html(ClusterDetailPage(cluster: cluster).render())
        }
        router.get("/articles/:id") { _, context in
            let id = try context.identifier("id")
            let article = try await server.reader.article(id: id)
            let composite = try await server.reader.composite(articleId: id)
            var sources: [Int64: StoredArticle] = [:]
            for source in composite?.sources ?? [] {
                sources[source.articleId] = try? await server.reader.article(id: source.articleId)
            }
            return Response.html(ArticlePage(article: article, composite: composite, sources: sources).render())
        }
        router.get("/feeds") { _, _ in
            let feeds = try await server.reader.feeds()
            return Response.html(
                FeedStatusPage(feeds: feeds, articleCounts: try await server.reader.articleCounts()).render()
            )
        }
    }

    private func home(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let query = try await ListingParameters(parameters: parameters, store: server.store)
            .query(defaultLimit: 50, maximumLimit: server.configuration.maximumPageSize, defaultComposites: .include)
        let page = try await server.reader.clusterPage(query)
        let base = parameters.filter { $0.key != "cursor" }
            .map { "\(Self.percentEncoded(String($0.key)))=\(Self.percentEncoded(String($0.value)))" }
            .joined(separator: "&")
        return .html(ClusterListPage(page: page, query: query, baseQuery: base).render())
    }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
