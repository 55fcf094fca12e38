import Foundation
package import HTTPTypes
import Hummingbird
import Logging
import SeamsStore

/// An error answered to an HTTP client: a status, a stable code and a message saying what to change.
///
/// The API renders it as `{"error": {"code": "…", "message": "…"}}`; pages render the message in HTML.
package struct APIError: Error, Sendable {
    /// The HTTP status.
    package var status: HTTPResponse.Status
    /// The stable code, such as `api.not_found` or `feed.forbidden_address`.
    package var code: String
    /// What went wrong, for a person.
    package var message: String
    /// Extra headers (`WWW-Authenticate` on a 401).
    package var headers: HTTPFields = [:]

    /// Creates an error.
    package init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "api.invalid_parameter", "\(name): \(message)")
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "api.not_found", message) }

    /// The error for any failure: API errors as they are, store errors by their code, Hummingbird's by status.
    init(from error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as StoreError where error.code == .notFound:
            self.init(.notFound, code: "api.not_found", error.message)
        case let error as StoreError:
            self.init(.serviceUnavailable, code: error.code.rawValue, error.message)
        case let error as any HTTPResponseError:
            let code: String
            switch error.status {
            case .notFound: code = "api.not_found"
            case .contentTooLarge: code = "api.body_too_large"
            case .methodNotAllowed: code = "api.method_not_allowed"
            default: code = error.status.code >= 500 ? "api.internal" : "api.bad_request"
            }
            let headers = (error as? HTTPError)?.headers ?? [:]
            let message =
                switch error.status {
                case .notFound: "there is nothing at this path"
                case .methodNotAllowed: "this path takes only \(headers[.allow] ?? "other methods")"
                default: error.status.reasonPhrase.lowercased()
                }
            self.init(error.status, code: code, message)
            self.headers = headers
        default:
            self.init(.internalServerError, code: "api.internal", "internal error")
        }
    }

    /// The JSON body.
    var json: String {
        let body = ["error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Renders every error once, at the edge: JSON under `/api/`, `/feed.*` and `/metrics`, an HTML page elsewhere.
/// Unexpected errors are logged; clients see only a code and a message.
struct ErrorRenderingMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(from: error)
            if apiError.status.code >= 500 {
                logger.error("request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(error)"])
            }
            var headers = apiError.headers
            let path = request.uri.path
            let body: String
            if path.hasPrefix("/api/") || path.hasPrefix("/feed.") || path == "/metrics" || path == "/healthz" {
                headers[.contentType] = "application/json; charset=utf-8"
                body = apiError.json
            } else {
                headers[.contentType] = "text/html; charset=utf-8"
                body = PageLayout.errorPage(apiError)
            }
            return Response(
                status: apiError.status,
                headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}

/// Headers on every response: a Content-Security-Policy that forbids every script, inline or not, and
/// framing; no MIME sniffing; no referrer leaking to the outlets linked.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String { ContentSecurityPolicy.value }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// The policy every page is sent with.
enum ContentSecurityPolicy {
    static let value =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

extension Response {
    /// A response with a text body of the given type.
    static func text(
        _ body: String,
        type: String,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A JSON response.
    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        text(body, type: "application/json; charset=utf-8", status: status)
    }

    /// An HTML page.
    static func html(_ body: String) -> Response { text(body, type: "text/html; charset=utf-8") }
}
