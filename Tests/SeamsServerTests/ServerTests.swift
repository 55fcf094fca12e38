import Foundation
import HTTPTypes
import HummingbirdTesting
import SeamsParse
import SeamsServer
import SeamsStore
import SeamsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The routes' contract against a live server on an ephemeral port: statuses, JSON shapes, pagination, 304s.
struct ServerContractTests {
    @Test func headAnswersEveryGetRouteWithItsHeadersAndNoBody() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            for path in ["/feed.atom", "/feed.rss", "/feed.json", "/", "/api/clusters", "/healthz"] {
                let get = try await client.call(path)
                let head = try await client.call(path, .head)
                #expect(head.status == get.status, "\(path)")
                #expect(head.body.isEmpty, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.headers[.contentLength] == get.headers[.contentLength], "\(path)")
            }
            let etag = try await client.call("/feed.atom").headers[.eTag]
            let headETag = try await client.call("/feed.atom", .head).headers[.eTag]
            #expect(etag != nil && headETag == etag)
        }
    }

    @Test func aMethodAPathDoesNotTakeIs405WithAllow() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            let cases: [(String, HTTPRequest.Method, String)] = [
                ("/api/clusters", .put, "GET, HEAD"),
                ("/feed.atom", .delete, "GET, HEAD"),
                ("/api/feeds", .put, "GET, HEAD, POST"),
                ("/api/feeds/3", .post, "DELETE"),
                ("/clusters/1", .patch, "GET, HEAD"),
            ]
            for (path, method, allow) in cases {
                let answer = try await client.call(path, method)
                #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
                #expect(answer.headers[.allow] == allow, "\(method) \(path)")
            }
            #expect(try await client.call("/api/clusters", .put).errorCode == "api.method_not_allowed")
            #expect(try await client.call("/nowhere", .put).status == .notFound, "no path, no method to name")
            #expect(try await client.call("/api/clusters/1/x").status == .notFound)
        }
    }

    @Test func credentialsInAFeedsAddressAreNeverShownOnPagesInTheAPIOrInExportedFeeds() async throws {
        let store = try await Fixture.demoStore()
        let secretURL = "https://reader:hunter2@private.example/feed?api_key=s3cr3t&page=2&Token=t0k3n"
        let feed = try await store.addFeed(url: secretURL)
        var entry = FeedEntry()
        entry.id = "secret-1"
        entry.title = "A story from a feed with credentials"
        entry.link = "https://private.example/story"
        let snapshot = FeedSnapshot(
            metadata: FeedMetadata(),
            format: .rss20,
            status: 200,
            etag: nil,
            lastModified: nil,
            bodyHash: 1
        )
        let text = (1...60).map { "riêng\($0)" }.joined(separator: " ")
        _ = try await store.ingest(
            feedId: feed.id!,
            snapshot: snapshot,
            drafts: [ArticleDraft(entry: entry, text: text, guid: "secret-1")]
        )
        let article = try #require(
            try await store.clusters(ClusterQuery(limit: 500)).first { $0.canonical.feedURL == secretURL }
        )
        try await Fixture.server(store).application().test(.live) { client in
            let paths = [
                "/", "/feeds", "/api/feeds", "/api/clusters?limit=500", "/clusters/\(article.id)",
                "/api/clusters/\(article.id)", "/articles/\(article.canonical.article.id!)",
                "/api/articles/\(article.canonical.article.id!)", "/feed.atom?limit=500", "/feed.rss?limit=500",
                "/feed.json?limit=500",
            ]
            for path in paths {
                let body = try await client.call(path).body
                for secret in ["hunter2", "s3cr3t", "t0k3n", "reader:"] {
                    #expect(!body.contains(secret), "\(path) shows \(secret)")
                }
            }
            #expect(
                try await client.call("/api/feeds").body.contains(
                    "https://REDACTED@private.example/feed?api_key=REDACTED&page=2&Token=REDACTED"
                )
            )
        }
        #expect(try await store.feed(id: feed.id!)?.url == secretURL, "the operator's own view keeps it as subscribed")
    }

    @Test func anEmptyCursorOrSinceIsNone() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            // As the OpenAPI document allows: a form's empty field, a first page's link template.
            let plain = try await client.call("/api/clusters")
            let empty = try await client.call("/api/clusters?since=&cursor=")
            #expect(empty.status == .ok && empty.body == plain.body)
            #expect(try await client.call("/api/clusters?since=yesterday").status == .badRequest)
        }
    }

    @Test func aSilentClientIsCutOffAfterTheIdleTimeout() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store, idleTimeout: .milliseconds(300)).application().test(.live) { client in
            let port = try #require(client.port)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(connected == 0)
            // Send half a request line, then nothing. A read that blocks past 20 s fails with -1 instead of hanging.
            _ = "GET /feed.atom HT".withCString { send(socket, $0, 17, 0) }
            var limit = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            #expect(recv(socket, &byte, 1, 0) == 0, "the server closed the connection")
        }
    }

    @Test func theCanonicalFeedsParseBackAndAnswer304ToTheirValidators() async throws {
        let store = try await Fixture.demoStore()
        // The seed's page is stitched, whatever order its sources arrive in; the ECB+ reports of one event that
        // quote the same statements (World Wire's and Daily Globe's) are not.
        let stitchedClusters = try await store.census().compositeClusters
        #expect(stitchedClusters == 1)
        try await Fixture.server(store).application().test(.live) { client in
            for (path, format) in [
                ("/feed.atom", FeedFormat.atom10), ("/feed.rss", .rss20), ("/feed.json", .jsonFeed11),
            ] {
                let answer = try await client.call(path)
                #expect(answer.status == .ok)
                let parsed = try FeedParser().parse(Array(answer.body.utf8))
                #expect(parsed.format == format)
                // 83 clusters; those holding stitched pages are left out by default.
                #expect(parsed.entries.count == 83 - stitchedClusters, "\(path)")
                let etag = try #require(answer.headers[.eTag])
                let lastModified = try #require(answer.headers[.lastModified])
                #expect(try await client.call(path, headers: [.ifNoneMatch: etag]).status == .notModified)
                #expect(try await client.call(path, headers: [.ifNoneMatch: "W/\(etag)"]).status == .notModified)
                #expect(try await client.call(path, headers: [.ifModifiedSince: lastModified]).status == .notModified)
                #expect(try await client.call(path, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
                #expect(
                    try await client.call(path, headers: [.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"]).status
                        == .ok
                )

                let five = try FeedParser().parse(Array(try await client.call(path + "?limit=5").body.utf8))
                #expect(five.entries.count == 5)
                let stitched = try FeedParser().parse(Array(try await client.call(path + "?composites=only").body.utf8))
                #expect(stitched.entries.count == stitchedClusters)
                let future = try FeedParser().parse(Array(try await client.call(path + "?since=2199-01-01").body.utf8))
                #expect(future.entries.isEmpty)
                let oneFeed = try FeedParser().parse(Array(try await client.call(path + "?feed=1&limit=500").body.utf8))
                #expect(!oneFeed.entries.isEmpty && oneFeed.entries.count < 83 - stitchedClusters)
            }
            let atom = try await client.call("/feed.atom?composites=include&limit=500")
            #expect(atom.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(atom.body.components(separatedBy: "<entry>").count - 1 == 83)
            #expect(atom.body.contains("rel=\"related\""), "copies link to the other outlets")
            let bad = try await client.call("/feed.atom?limit=0")
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "api.invalid_parameter")
            #expect(try await client.call("/feed.rss?since=yesterday").errorCode == "api.invalid_parameter")
            #expect(
                try await client.call("/feed.json?feed=https://nowhere.example/").status == .notFound,
                "a feed no one subscribed names nothing"
            )
        }
    }

    @Test func clusterPagesFollowTheirCursorsOverEveryClusterOnce() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                let answer = try await client.call("/api/clusters?limit=10" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(answer.status == .ok)
                let clusters = try #require(answer.json["clusters"] as? [[String: Any]])
                seen += clusters.compactMap { $0["id"] as? Int }
                cursor = answer.json["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 20
            #expect(pages == 9)
            #expect(seen.count == 83)
            #expect(Set(seen).count == 83, "no cluster is listed twice")

            let biggest = try await client.call("/api/clusters?order=biggest&limit=7")
            let big = try #require(biggest.json["clusters"] as? [[String: Any]])
            let sizes = big.map { ($0["articles"] as? [Any])?.count ?? 0 }
            #expect(sizes == sizes.sorted(by: >))
            #expect(sizes.allSatisfy { $0 == 2 }, "the seven planted reposts, each with its original")
            let next = try #require(biggest.json["next_cursor"] as? String)
            let after = try await client.call("/api/clusters?order=biggest&limit=7&cursor=\(next)")
            #expect(
                (after.json["clusters"] as? [[String: Any]])?.allSatisfy { ($0["articles"] as? [Any])?.count == 1 }
                    == true
            )

            let copied = try #require(
                try await client.call("/api/clusters?min_size=2&limit=100").json["clusters"] as? [[String: Any]]
            )
            #expect(copied.count == 7)
            let stitched = try #require(
                try await client.call("/api/clusters?composites=only").json["clusters"] as? [[String: Any]]
            )
            #expect(stitched.count == (try await store.census().compositeClusters))
            let first = try #require(stitched.first?["articles"] as? [[String: Any]])
            for key in ["id", "feed", "guid", "url", "title", "published", "first_seen", "relation", "similarity"] {
                #expect(first[0].keys.contains(key), "article JSON lacks \(key)")
            }
            #expect(
                try await client.call("/api/clusters?cursor=garbage").errorCode == "api.not_found",
                "a cursor no page gave names no page"
            )
            #expect(try await client.call("/api/clusters?relation=cousin").errorCode == "api.invalid_parameter")
            #expect(try await client.call("/api/clusters?order=random").status == .badRequest)
            #expect(try await client.call("/api/clusters?limit=501").status == .badRequest)
        }
    }

    @Test func clustersAndArticlesAreFoundByIdWithTheSeedsFourSources() async throws {
        let store = try await Fixture.demoStore()
        let composite = try #require(
            try await store.clusters(ClusterQuery(limit: 500)).flatMap(\.articles)
                .first { $0.feedURL.hasSuffix("tong-hop.json") && $0.article.isComposite }
        )
        let id = try #require(composite.article.id)
        try await Fixture.server(store).application().test(.live) { client in
            let cluster = try await client.call("/api/clusters/\(composite.article.clusterId!)")
            #expect(cluster.status == .ok)
            #expect(cluster.json["canonical"] as? Int == Int(id))
            let article = try await client.call("/api/articles/\(id)")
            #expect(article.status == .ok)
            let text = try #require(article.json["text"] as? String)
            let detail = try #require(article.json["composite"] as? [String: Any])
            let sources = try #require(detail["sources"] as? [[String: Any]])
            #expect(sources.count == 4, "the seed is stitched from four stories")
            for source in sources {
                let spans = try #require(source["spans"] as? [[Int]])
                #expect(spans.allSatisfy { $0[0] < $0[1] && $0[1] <= text.unicodeScalars.count })
            }
            let missing = try await client.call("/api/clusters/999999")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "api.not_found")
            #expect(try await client.call("/api/articles/999999").status == .notFound)
            #expect(try await client.call("/api/articles/abc").errorCode == "api.invalid_parameter")
            #expect(try await client.call("/api/nothing/here").errorCode == "api.not_found")
            #expect(try await client.call("/no/such/page").status == .notFound)
        }
    }

    @Test func feedsAreListedAndWritesNeedTheToken() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            let feeds = try await client.call("/api/feeds")
            #expect((feeds.json["feeds"] as? [[String: Any]])?.count == 7)
            let off = try await client.call("/api/feeds", .post, body: #"{"url": "https://example.com/feed"}"#)
            #expect(off.status == .forbidden)
            #expect(off.errorCode == "api.writes_disabled")
            #expect(try await client.call("/api/feeds/1", .delete).status == .forbidden)
        }
        try await Fixture.server(store, token: "s3cret", allowsPrivate: true).application().test(.live) { client in
            let anonymous = try await client.call("/api/feeds", .post, body: #"{"url": "https://example.com/feed"}"#)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.call("/api/feeds/1", .delete, headers: [.authorization: "Bearer s3cre"])
            #expect(wrong.status == .unauthorized)
            let auth: HTTPFields = [.authorization: "Bearer s3cret"]
            #expect(
                try await client.call("/api/feeds", .post, headers: auth, body: "not json").errorCode
                    == "api.invalid_body"
            )
            let huge = "{\"url\": \"" + String(repeating: "a", count: 10_000) + "\"}"
            #expect(try await client.call("/api/feeds", .post, headers: auth, body: huge).status == .contentTooLarge)
            let file = try await client.call(
                "/api/feeds",
                .post,
                headers: auth,
                body: #"{"url": "file:///etc/passwd"}"#
            )
            #expect(file.status == .unprocessableContent)
            #expect(file.errorCode == "feed.invalid_url")

            try await FeedServer.run(Fixture.loopbackDocuments) { _, base in
                let body = "{\"url\": \"\(base)/feed.xml\", \"title\": \"Loopback\"}"
                let created = try await client.call("/api/feeds", .post, headers: auth, body: body)
                #expect(created.status == .created)
                let feed = try #require(created.json["feed"] as? [String: Any])
                #expect(feed["url"] as? String == "\(base)/feed.xml")
                #expect(try await client.call("/api/feeds", .post, headers: auth, body: body).status == .ok)
                let notFeed = try await client.call(
                    "/api/feeds",
                    .post,
                    headers: auth,
                    body: "{\"url\": \"\(base)/page.html\"}"
                )
                #expect(notFeed.errorCode == "feed.not_a_feed")
                let id = try #require(feed["id"] as? Int)
                #expect(try await client.call("/api/feeds/\(id)", .delete, headers: auth).status == .noContent)
                #expect(try await client.call("/api/feeds/\(id)", .delete, headers: auth).status == .notFound)
            }
            #expect(try await store.feeds().count == 7)
        }
    }

    @Test func metricsHealthAndTheOpenAPIDocumentAreServed() async throws {
        let store = try await Fixture.demoStore()
        try await Fixture.server(store).application().test(.live) { client in
            let metrics = try await client.call("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("seams_clusters 83"))
            #expect(metrics.body.contains("seams_composite_clusters \(try await store.census().compositeClusters)"))
            #expect(metrics.body.contains("seams_articles 90"))
            let health = try await client.call("/healthz")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")

            let document = try await client.call("/api/openapi.json")
            #expect(document.status == .ok)
            #expect((document.json["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            let routes: [(String, String)] = [
                ("/api/clusters", "get"), ("/api/clusters/{id}", "get"), ("/api/articles/{id}", "get"),
                ("/api/feeds", "get"),
                ("/api/feeds", "post"), ("/api/feeds/{id}", "delete"), ("/feed.atom", "get"), ("/feed.rss", "get"),
                ("/feed.json", "get"), ("/metrics", "get"), ("/healthz", "get"), ("/api/openapi.json", "get"),
            ]
            for (path, method) in routes { #expect(paths[path]?[method] != nil, "\(method) \(path) is not documented") }
            #expect(paths.count == Set(routes.map(\.0)).count, "the document has paths the server does not serve")
        }
    }
}
