import Foundation
import NIOCore
import NIOPosix

/// What a ``HostileServer`` does with a request for one path: raw bytes and timing, below HTTP's rules.
public enum HostileBehaviour: Sendable {
    /// Sends these bytes as the whole response, then closes.
    case raw([UInt8])
    /// Sends `head`, then `body` one byte every `interval` (slowloris), then closes.
    case trickle(head: [UInt8], body: [UInt8], interval: Duration)
    /// Sends these bytes, then resets the connection (TCP RST) instead of closing it.
    case reset(after: [UInt8])
    /// Sends `head`, then `chunk` over and over, `interval` apart, until the client goes away.
    case endless(head: [UInt8], chunk: [UInt8], interval: Duration)

    /// An HTTP/1.1 response head with these header lines.
    public static func head(status: String = "200 OK", _ headers: [String]) -> [UInt8] {
        Array((["HTTP/1.1 \(status)"] + headers + ["", ""]).joined(separator: "\r\n").utf8)
    }
}

/// A TCP server on a loopback address that misbehaves on purpose — trickling, resetting, lying about lengths, never
/// ending — to show what the fetcher does with servers no HTTP library would write.
public final class HostileServer: Sendable {
    private let behaviours: [String: HostileBehaviour]

    private init(_ behaviours: [String: HostileBehaviour]) {
        self.behaviours = behaviours
    }

    /// Starts a server with a behaviour per path, runs `body` with its base URL (`http://HOST:PORT`), then stops it.
    public static func run<T>(
        _ behaviours: [String: HostileBehaviour], host: String = "127.0.0.1", _ body: (String) async throws -> T
    ) async throws -> T {
        let server = HostileServer(behaviours)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = listener.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { connectionGroup in
                        for try await connection in connections {
                            connectionGroup.addTask { await server.serve(connection) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            let result = try await body("http://\(host):\(port)")
            try? await listener.channel.close()
            return result
        }
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let channel = connection.channel
        try? await connection.executeThenClose { inbound, outbound in
            var request = ByteBuffer()
            for try await part in inbound {
                request.writeImmutableBuffer(part)
                if request.readableBytesView.count >= 4, String(buffer: request).contains("\r\n\r\n") { break }
            }
            let line = String(buffer: request).prefix { $0 != "\r" }
            let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            guard let behaviour = behaviours[path] else {
                try await outbound.write(ByteBuffer(bytes: HostileBehaviour.head(status: "404 Not Found", ["Content-Length: 0"])))
                return
            }
            switch behaviour {
            case .raw(let bytes):
                try await outbound.write(ByteBuffer(bytes: bytes))
            case .trickle(let head, let body, let interval):
                try await outbound.write(ByteBuffer(bytes: head))
                for byte in body {
                    try await Task.sleep(for: interval)
                    try await outbound.write(ByteBuffer(bytes: [byte]))
                }
            case .reset(let bytes):
                try await outbound.write(ByteBuffer(bytes: bytes))
                try await Task.sleep(for: .milliseconds(50))
                // SO_LINGER with a zero timeout makes close() send RST rather than FIN.
                if let provider = channel as? any SocketOptionProvider {
                    try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
                }
                try await channel.close()
            case .endless(let head, let chunk, let interval):
                try await outbound.write(ByteBuffer(bytes: head))
                let buffer = ByteBuffer(bytes: chunk)
                while !Task.isCancelled {
                    try await outbound.write(buffer)
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}
