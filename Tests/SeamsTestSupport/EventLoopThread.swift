import NIOCore
import NIOPosix

/// Runs `body` with an event loop group of one thread made for it, and shuts the group down afterwards.
///
/// The loopback servers each take one, so nothing else in the test process — another server, a client, a long
/// write — can hold up what a server does.
func withEventLoopThread<T>(_ body: (MultiThreadedEventLoopGroup) async throws -> T) async throws -> T {
    let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
        let result = try await body(loop)
        try? await loop.shutdownGracefully()
        return result
    } catch {
        try? await loop.shutdownGracefully()
        throw error
    }
}
