import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A document the loopback server serves at one path.
public struct ServedDocument: Sendable {
    /// The body.
    public var body: [UInt8]
    /// The `Content-Type`.
    public var contentType: String
    /// An `ETag` to send and to honour in `If-None-Match`.
    public var etag: String?
    /// A `Last-Modified` to send and to honour in `If-Modified-Since`.
    public var lastModified: String?
    /// The status to answer with.
    public var status: Int
    /// A `Location` for redirects.
    public var location: String?
    /// A wait before answering, to test timeouts and concurrency.
    public var delay: Duration?
    /// Further response headers, such as `Retry-After` or `Cache-Control`.
    public var headers: [String: String] = [:]

    /// Creates a document.
    public init(
        _ body: [UInt8], contentType: String = "application/xml", etag: String? = nil, lastModified: String? = nil,
        status: Int = 200, location: String? = nil, delay: Duration? = nil
    ) {
        self.body = body
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.status = status
        self.location = location
        self.delay = delay
    }

    /// A text document.
    public init(text: String, contentType: String = "application/xml", etag: String? = nil, lastModified: String? = nil) {
        self.init(Array(text.utf8), contentType: contentType, etag: etag, lastModified: lastModified)
    }

    /// A redirect to `location`.
    public static func redirect(to location: String, status: Int = 302) -> ServedDocument {
        ServedDocument([], contentType: "text/plain", status: status, location: location)
    }
}

/// An HTTP server on 127.0.0.1 and an ephemeral port, serving documents the test sets, and counting what it
/// is asked. Tests never reach beyond the loopback interface.
public final class FeedServer: Sendable {
    private struct State {
        var documents: [String: ServedDocument] = [:]
        var requests: [String: Int] = [:]
        var notModified: [String: Int] = [:]
        var unconditional: [String: Int] = [:]
        var userAgents: Set<String> = []
        var inFlight = 0
        var maximumInFlight = 0
    }

    private let state: Mutex<State>

    private init(_ documents: [String: ServedDocument]) {
        state = Mutex(State(documents: documents))
    }

    /// Serves or replaces the document at `path`.
    public func set(_ path: String, _ document: ServedDocument) {
        state.withLock { $0.documents[path] = document }
    }

    /// How many requests reached `path`.
    public func requests(_ path: String) -> Int { state.withLock { $0.requests[path] ?? 0 } }

    /// How many requests to `path` were answered 304.
    public func notModified(_ path: String) -> Int { state.withLock { $0.notModified[path] ?? 0 } }

    /// How many requests to `path` carried neither `If-None-Match` nor `If-Modified-Since`.
    public func unconditionalRequests(_ path: String) -> Int { state.withLock { $0.unconditional[path] ?? 0 } }

    /// The `User-Agent`s seen.
    public var userAgents: Set<String> { state.withLock { $0.userAgents } }

    /// The most requests the server was answering at once.
    public var maximumInFlight: Int { state.withLock { $0.maximumInFlight } }

    /// Starts a server, runs `body` with it and its base URL (`http://127.0.0.1:PORT`), then stops it.
    public static func run<T>(
        _ documents: [String: ServedDocument] = [:], host: String = "127.0.0.1", _ body: (FeedServer, String) async throws -> T
    ) async throws -> T {
        let server = FeedServer(documents)
        let router = Router()
        router.get("**") { request, _ in try await server.respond(to: request) }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "feed-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body(server, "http://\(host):\(port)")
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private func respond(to request: Request) async throws -> Response {
        let path = request.uri.path
        let document = state.withLock { state -> ServedDocument? in
            state.requests[path, default: 0] += 1
            if request.headers[.ifNoneMatch] == nil && request.headers[.ifModifiedSince] == nil {
                state.unconditional[path, default: 0] += 1
            }
            if let agent = request.headers[.userAgent] { state.userAgents.insert(agent) }
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            return state.documents[path]
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        guard let document else { return Response(status: .notFound) }
        if let delay = document.delay { try await Task.sleep(for: delay) }
        var headers = HTTPFields()
        headers[.contentType] = document.contentType
        if let location = document.location { headers[.location] = location }
        if let etag = document.etag { headers[.eTag] = etag }
        if let lastModified = document.lastModified { headers[.lastModified] = lastModified }
        for (name, value) in document.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let matchesETag = document.etag != nil && request.headers[.ifNoneMatch] == document.etag
        let matchesDate = document.lastModified != nil && request.headers[.ifModifiedSince] == document.lastModified
        if document.status == 200 && (matchesETag || matchesDate) {
            state.withLock { $0.notModified[path, default: 0] += 1 }
            return Response(status: .notModified, headers: headers)
        }
        return Response(
            status: HTTPResponse.Status(code: document.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: document.body)))
    }
}
