import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A document the loopback server serves at one path.
package struct ServedDocument: Sendable {
    /// The body.
    package var body: [UInt8]
    /// The `Content-Type`.
    package var contentType: String
    /// An `ETag` to send and to honour in `If-None-Match`.
    package var etag: String?
    /// A `Last-Modified` to send and to honour in `If-Modified-Since`.
    package var lastModified: String?
    /// The status to answer with.
    package var status: Int
    /// A `Location` for redirects.
    package var location: String?
    /// A wait before answering, for tests where a slow server is the setting rather than what is tested (a sync that
    /// lasts long enough to be interrupted). Tests of what happens while a response is outstanding use ``gate``.
    package var delay: Duration?
    /// When set, the response is held until the test opens this gate (or the server stops): a stalled server for
    /// exactly as long as the test needs, whatever the machine's speed.
    package var gate: Gate?
    /// Further response headers, such as `Retry-After` or `Cache-Control`.
    package var headers: [String: String] = [:]

    /// Creates a document.
    package init(
        _ body: [UInt8],
        contentType: String = "application/xml",
        etag: String? = nil,
        lastModified: String? = nil,
        status: Int = 200,
        location: String? = nil,
        delay: Duration? = nil,
        gate: Gate? = nil
    ) {
        self.body = body
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.status = status
        self.location = location
        self.delay = delay
        self.gate = gate
    }

    /// A text document.
    package init(
        text: String,
        contentType: String = "application/xml",
        etag: String? = nil,
        lastModified: String? = nil
    ) {
        self.init(Array(text.utf8), contentType: contentType, etag: etag, lastModified: lastModified)
    }

    /// A redirect to `location`.
    package static func redirect(to location: String, status: Int = 302) -> ServedDocument {
        ServedDocument([], contentType: "text/plain", status: status, location: location)
    }
}

/// An HTTP server on a loopback address and an ephemeral port, serving documents the test sets, and counting what
/// it is asked. Tests never reach beyond the loopback interface.
///
/// Requests are answered on NIO's event loop threads, never on Swift's cooperative pool: a busy test run (many tests
/// at once, some holding the pool's few threads with synchronous work) cannot delay an answer, so a fetch's timeout
/// never fires by accident.
package final class FeedServer: Sendable {
    /// A document with its body as NIO writes it, made when the document is set so that answering never copies it.
    fileprivate struct Served: Sendable {
        var document: ServedDocument
        var body: ByteBuffer

        init(_ document: ServedDocument) {
            self.document = document
            self.body = ByteBuffer(bytes: document.body)
        }
    }

    private struct State {
        var documents: [String: Served] = [:]
        var requests: [String: Int] = [:]
        var notModified: [String: Int] = [:]
        var unconditional: [String: Int] = [:]
        var userAgents: Set<String> = []
        var inFlight = 0
        var maximumInFlight = 0
        var connections: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    private let state: Mutex<State>

    private init(_ documents: [String: ServedDocument]) {
        state = Mutex(State(documents: documents.mapValues(Served.init)))
    }

    /// Serves or replaces the document at `path`.
    package func set(_ path: String, _ document: ServedDocument) {
        let served = Served(document)
        state.withLock { $0.documents[path] = served }
    }

    /// How many requests reached `path`.
    package func requests(_ path: String) -> Int { state.withLock { $0.requests[path] ?? 0 } }

    /// How many requests reached any path.
    package var totalRequests: Int { state.withLock { $0.requests.values.reduce(0, +) } }

    /// How many requests to `path` were answered 304.
    package func notModified(_ path: String) -> Int { state.withLock { $0.notModified[path] ?? 0 } }

    /// How many requests to `path` carried neither `If-None-Match` nor `If-Modified-Since`.
    package func unconditionalRequests(_ path: String) -> Int { state.withLock { $0.unconditional[path] ?? 0 } }

    /// The `User-Agent`s seen.
    package var userAgents: Set<String> { state.withLock { $0.userAgents } }

    /// The requests being answered now (received, response not yet written).
    package var inFlight: Int { state.withLock { $0.inFlight } }

    /// The most requests the server was answering at once.
    package var maximumInFlight: Int { state.withLock { $0.maximumInFlight } }

    /// Starts a server, runs `body` with it and its base URL (`http://HOST:PORT`), then stops it, closing every
    /// connection (responses still held on a gate are never sent).
    ///
    /// Each server has an event loop thread of its own, so nothing else in the test process — another server, a
    /// client, a long write — can hold up its answers.
    package static func run<T>(
        _ documents: [String: ServedDocument] = [:],
        host: String = "127.0.0.1",
        _ body: (FeedServer, String) async throws -> T
    ) async throws -> T {
        let server = FeedServer(documents)
        return try await withEventLoopThread { loop in try await run(server, on: loop, host: host, body) }
    }

    private static func run<T>(
        _ server: FeedServer,
        on loop: MultiThreadedEventLoopGroup,
        host: String,
        _ body: (FeedServer, String) async throws -> T
    ) async throws -> T {
        let listener = try await ServerBootstrap(group: loop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(DocumentResponder(server))
                    server.opened(channel)
                }
            }
            .bind(host: host, port: 0).get()
        let port = listener.localAddress?.port ?? 0
        defer { server.stop(listener) }
        return try await body(server, "http://\(host):\(port)")
    }

    private func opened(_ channel: any Channel) {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.connections[ObjectIdentifier(channel)] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { _ in
            _ = self.state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    private func stop(_ listener: any Channel) {
        let connections = state.withLock { state -> [any Channel] in
            state.stopped = true
            return Array(state.connections.values)
        }
        listener.close(promise: nil)
        for connection in connections { connection.close(promise: nil) }
    }

    /// Counts a request and returns the document for its path.
    fileprivate func received(_ head: HTTPRequestHead) -> (path: String, served: Served?) {
        let path = String(head.uri.prefix { $0 != "?" })
        let served = state.withLock { state -> Served? in
            state.requests[path, default: 0] += 1
            if head.headers["If-None-Match"].isEmpty && head.headers["If-Modified-Since"].isEmpty {
                state.unconditional[path, default: 0] += 1
            }
            if let agent = head.headers.first(name: "User-Agent") { state.userAgents.insert(agent) }
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            return state.documents[path]
        }
        return (path, served)
    }

    /// The response to a request for `served`, counting a 304.
    fileprivate func response(to head: HTTPRequestHead, path: String, served: Served?) -> (HTTPResponseHead, ByteBuffer)
    {
        guard let served else { return (HTTPResponseHead(version: head.version, status: .notFound), ByteBuffer()) }
        let document = served.document
        var headers = HTTPHeaders([("Content-Type", document.contentType)])
        if let location = document.location { headers.add(name: "Location", value: location) }
        if let etag = document.etag { headers.add(name: "ETag", value: etag) }
        if let lastModified = document.lastModified { headers.add(name: "Last-Modified", value: lastModified) }
        for (name, value) in document.headers { headers.replaceOrAdd(name: name, value: value) }
        let matchesETag = document.etag != nil && head.headers.first(name: "If-None-Match") == document.etag
        let matchesDate =
            document.lastModified != nil && head.headers.first(name: "If-Modified-Since") == document.lastModified
        if document.status == 200 && (matchesETag || matchesDate) {
            state.withLock { $0.notModified[path, default: 0] += 1 }
            return (HTTPResponseHead(version: head.version, status: .notModified, headers: headers), ByteBuffer())
        }
        return (
            HTTPResponseHead(
                version: head.version,
                status: HTTPResponseStatus(statusCode: document.status),
                headers: headers
            ), served.body
        )
    }

    fileprivate func answered() {
        state.withLock { $0.inFlight -= 1 }
    }
}

/// One connection's requests: each answered with its path's document once its delay has passed and its gate opened.
private final class DocumentResponder: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: FeedServer
    private var head: HTTPRequestHead?

    init(_ server: FeedServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let (path, served) = server.received(head)
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            let answer: @Sendable () -> Void = {
                eventLoop.execute {
                    let (handler, context) = bound.value
                    handler.respond(to: head, path: path, served: served, context: context)
                }
            }
            let afterDelay: @Sendable () -> Void = {
                guard let delay = served?.document.delay else { return answer() }
                eventLoop.scheduleTask(in: TimeAmount(delay)) { answer() }
            }
            if let gate = served?.document.gate { gate.whenOpen(afterDelay) } else { afterDelay() }
        }
    }

    private func respond(
        to head: HTTPRequestHead,
        path: String,
        served: FeedServer.Served?,
        context: ChannelHandlerContext
    ) {
        defer { server.answered() }
        guard context.channel.isActive else { return }
        let (answer, body) = server.response(to: head, path: path, served: served)
        var responseHead = answer
        responseHead.headers.replaceOrAdd(name: "Content-Length", value: "\(body.readableBytes)")
        if !head.isKeepAlive { responseHead.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        let channel = context.channel
        let keepAlive = head.isKeepAlive
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
