import Foundation
import NIOCore
import NIOPosix

/// What a ``HostileServer`` does with a request for one path: raw bytes and timing, below HTTP's rules.
package enum HostileBehaviour: Sendable {
    /// Sends these bytes as the whole response, then closes.
    case raw([UInt8])
    /// Sends `head`, then `body` one byte every `interval` (slowloris), then closes.
    case trickle(head: [UInt8], body: [UInt8], interval: Duration)
    /// Sends these bytes, then resets the connection (TCP RST) instead of closing it.
    case reset(after: [UInt8])
    /// Sends `head`, then `chunk` over and over, `interval` apart, until the client goes away.
    case endless(head: [UInt8], chunk: [UInt8], interval: Duration)

    /// An HTTP/1.1 response head with these header lines.
    package static func head(status: String = "200 OK", _ headers: [String]) -> [UInt8] {
        Array((["HTTP/1.1 \(status)"] + headers + ["", ""]).joined(separator: "\r\n").utf8)
    }
}

/// A TCP server on a loopback address that misbehaves on purpose — trickling, resetting, lying about lengths, never
/// ending — to show what the fetcher does with servers no HTTP library would write.
///
/// Every behaviour runs on the server's own NIO event loop, never on Swift's cooperative pool, so a busy test run
/// (synchronous tests holding the pool's few threads) cannot slow the server down and turn a reset into a timeout.
package enum HostileServer {
    /// Starts a server with a behaviour per path, runs `body` with its base URL (`http://HOST:PORT`), then stops it.
    ///
    /// The server has an event loop thread of its own, so nothing else in the test process can delay what it does.
    package static func run<T>(
        _ behaviours: [String: HostileBehaviour],
        host: String = "127.0.0.1",
        _ body: (String) async throws -> T
    ) async throws -> T {
        try await withEventLoopThread { loop in try await run(behaviours, on: loop, host: host, body) }
    }

    private static func run<T>(
        _ behaviours: [String: HostileBehaviour],
        on loop: MultiThreadedEventLoopGroup,
        host: String,
        _ body: (String) async throws -> T
    ) async throws -> T {
        let listener = try await ServerBootstrap(group: loop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Misbehaviour(behaviours))
                }
            }
            .bind(host: host, port: 0).get()
        let port = listener.localAddress?.port ?? 0
        do {
            let result = try await body("http://\(host):\(port)")
            try? await listener.close()
            return result
        } catch {
            try? await listener.close()
            throw error
        }
    }
}

/// One connection: reads the request head, then acts out the behaviour for its path.
private final class Misbehaviour: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let behaviours: [String: HostileBehaviour]
    private var request = ByteBuffer()
    private var started = false

    init(_ behaviours: [String: HostileBehaviour]) { self.behaviours = behaviours }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var part = unwrapInboundIn(data)
        request.writeBuffer(&part)
        guard !started, String(buffer: request).contains("\r\n\r\n") else { return }
        started = true
        let line = String(buffer: request).prefix { $0 != "\r" }
        let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        guard let behaviour = behaviours[path] else {
            write(
                HostileBehaviour.head(status: "404 Not Found", ["Content-Length: 0"]),
                context: context,
                thenClose: true
            )
            return
        }
        switch behaviour {
        case .raw(let bytes):
            write(bytes, context: context, thenClose: true)
        case .trickle(let head, let body, let interval):
            write(head, context: context, thenClose: false)
            trickle(body[...], every: interval, context: context)
        case .reset(let bytes):
            write(bytes, context: context, thenClose: false)
            later(.milliseconds(50), context) { _, context in
                // SO_LINGER with a zero timeout makes close() send RST rather than FIN.
                if let provider = context.channel as? any SocketOptionProvider {
                    let channel = context.channel
                    provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                        channel.close(promise: nil)
                    }
                } else {
                    context.close(promise: nil)
                }
            }
        case .endless(let head, let chunk, let interval):
            write(head, context: context, thenClose: false)
            pour(chunk, every: interval, context: context)
        }
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext, thenClose: Bool) {
        let written = context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)))
        let channel = context.channel
        if thenClose { written.whenComplete { _ in channel.close(promise: nil) } }
    }

    /// Runs `body` on the connection's event loop after `delay`, with this handler and its context.
    private func later(
        _ delay: Duration,
        _ context: ChannelHandlerContext,
        _ body: @escaping (Misbehaviour, ChannelHandlerContext) -> Void
    ) {
        let bound = NIOLoopBound((self, context, body), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: TimeAmount(delay)) {
            let (handler, context, body) = bound.value
            guard context.channel.isActive else { return }
            body(handler, context)
        }
    }

    private func trickle(_ rest: ArraySlice<UInt8>, every interval: Duration, context: ChannelHandlerContext) {
        guard let byte = rest.first else {
            context.close(promise: nil)
            return
        }
        later(interval, context) { handler, context in
            handler.write([byte], context: context, thenClose: false)
            handler.trickle(rest.dropFirst(), every: interval, context: context)
        }
    }

    private func pour(_ chunk: [UInt8], every interval: Duration, context: ChannelHandlerContext) {
        // Writing again only once the kernel took the last chunk keeps memory flat against a slow reader.
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: chunk))).whenSuccess {
            let (handler, context) = bound.value
            handler.later(interval, context) { handler, context in
                handler.pour(chunk, every: interval, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
