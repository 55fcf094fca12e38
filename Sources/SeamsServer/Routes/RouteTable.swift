import HTTPTypes
import Hummingbird

/// Registers the server's routes on its router and remembers which methods each path takes, so that a request for a
/// known path with a method it does not take is answered `405 Method Not Allowed` with `Allow`, not 404. `GET`
/// routes take `HEAD` too (the router generates those). Used only while the router is built.
final class RouteTable {
    let router: Router<BasicRequestContext>
    private var methods: [String: Set<HTTPRequest.Method>] = [:]

    init(router: Router<BasicRequestContext>) { self.router = router }

    /// Registers a `GET` (and `HEAD`) route.
    func get(
        _ path: String,
        use handler: @Sendable @escaping (Request, BasicRequestContext) async throws -> some ResponseGenerator
    ) {
        record(path, [.get, .head])
        router.on(RouterPath(path), method: .get, use: handler)
    }

    /// Registers a `POST` route.
    func post(
        _ path: String,
        use handler: @Sendable @escaping (Request, BasicRequestContext) async throws -> some ResponseGenerator
    ) {
        record(path, [.post])
        router.on(RouterPath(path), method: .post, use: handler)
    }

    /// Registers a `DELETE` route.
    func delete(
        _ path: String,
        use handler: @Sendable @escaping (Request, BasicRequestContext) async throws -> some ResponseGenerator
    ) {
        record(path, [.delete])
        router.on(RouterPath(path), method: .delete, use: handler)
    }

    /// The middleware that answers 405 for the routes registered so far; add it after the last route.
    var methodNotAllowed: MethodNotAllowedMiddleware<BasicRequestContext> {
        MethodNotAllowedMiddleware(routes: methods.map { ($0.key.split(separator: "/"), $0.value) })
    }

    private func record(_ path: String, _ added: Set<HTTPRequest.Method>) {
        methods[path, default: []].formUnion(added)
    }
}

/// Turns the router's 404 for a path that exists under other methods into `405 Method Not Allowed` with `Allow`
/// listing them (RFC 9110 §15.5.6). A segment written `:name` in a route matches any one segment.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [(segments: [Substring], methods: Set<HTTPRequest.Method>)]

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = Self.segments(of: request.uri.path)
            let allowed = routes.filter { Self.matches($0.segments, path) }.reduce(into: Set()) {
                $0.formUnion($1.methods)
            }
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw HTTPError(.methodNotAllowed, headers: [.allow: allow])
        }
    }

    static func segments(of path: String) -> [Substring] { path.split(separator: "/") }

    private static func matches(_ route: [Substring], _ path: [Substring]) -> Bool {
        route.count == path.count && zip(route, path).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }
}
