import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SeamsFetch
import SeamsServer
import SeamsStore
import SeamsSync
import SeamsTestSupport

/// Stores and servers for the HTTP tests: the demo feeds synced into memory, plus any extra feed documents.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let logger = Logger(label: "test")

    /// A store holding the demo feeds (90 articles in 83 clusters, three of them stitched pages), and `extra`
    /// feed documents written to temporary files and synced after them.
    static func demoStore(
        extra: [String] = [],
        configuration: SyncConfiguration = SyncConfiguration()
    ) async throws -> Store {
        let store = try Store(path: ":memory:")
        for source in try SubscriptionSource.feeds(in: root.appendingPathComponent("Feeds/demo.opml").path) {
            try await store.addFeed(url: source.url, title: source.title)
        }
        for document in extra {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "seams-server-\(UUID().uuidString).xml"
            )
            try Data(document.utf8).write(to: file)
            try await store.addFeed(url: file.absoluteString)
        }
        let outcomes = await FeedSyncer(
            configuration: configuration,
            fetcher: FeedFetcher(configuration: .loopback),
            store: store,
            logger: logger
        )
        .sync(try await store.feeds())
        precondition(!outcomes.contains(where: \.isFailure), "\(outcomes.filter(\.isFailure).map(\.summary))")
        return store
    }

    static func server(
        _ store: Store,
        token: String? = nil,
        allowsPrivate: Bool = false,
        fetch: FetchConfiguration = FetchConfiguration(),
        idleTimeout: Duration = .seconds(30)
    ) -> InspectionServer {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.idleTimeout = idleTimeout
        configuration.apiToken = token
        configuration.maximumRequestBodySize = 4096
        return InspectionServer(
            store: store,
            fetcher: FeedFetcher(configuration: allowsPrivate ? .loopback : fetch),
            configuration: configuration,
            logger: logger
        )
    }
}

/// A response as the tests read it.
struct Answer {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension TestClientProtocol {
    func call(
        _ path: String,
        _ method: HTTPRequest.Method = .get,
        headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> Answer {
        try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            response in
            Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

extension Fixture {
    /// A feed and a web page, for a loopback server.
    static let loopbackDocuments: [String: ServedDocument] = [
        "/feed.xml": ServedDocument(text: SampleFeeds.rss("Loopback", items: 3)),
        "/page.html": ServedDocument(
            text: "<!doctype html><html><body><p>Not a feed</p></body></html>",
            contentType: "text/html"
        ),
    ]
}
