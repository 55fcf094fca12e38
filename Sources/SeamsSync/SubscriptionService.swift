import Foundation
package import SeamsCore
package import SeamsFetch
import SeamsParse
package import SeamsStore

/// Subscribes feeds under one set of rules, whoever asks: `seams sync` and `seams daemon` with their sources,
/// `seams feeds add`, and `POST /api/feeds`.
///
/// 1. The address is trimmed and at most ``maximumURLLength`` bytes; an operator may name an http, https or file URL
///    (a path becomes a `file://` URL), a remote client only an http or https one (``WebAddress``).
/// 2. A feed already subscribed and enabled is returned as it is (its title filled in if it had none).
/// 3. Otherwise a remote client's feed is fetched once and parsed before it is stored: it must be reachable, on a
///    public address unless the operator allows private ones for every feed (checked where libcurl connects,
///    redirects included; see ``AddressPolicy``), and a feed. An operator's feed is not fetched here: the next sync
///    fetches it and records any failure on it. Every http(s) feed, however subscribed, is held to public addresses
///    at every fetch unless the operator allows private ones — for every feed, or for one feed here
///    (``Requester/operator(allowsPrivateAddresses:)``); a remote client never can.
/// 4. Subscribing a disabled feed (a `410 Gone`) enables it again.
package struct SubscriptionService: Sendable {
    /// Who asks for the subscription, which decides what may be subscribed and whether it is checked first.
    package enum Requester: Sendable {
        /// The operator, on the command line: files allowed, nothing fetched first; `allowsPrivateAddresses` lets
        /// this feed use loopback, private and link-local addresses (`seams feeds add URL --allow-private`).
        case `operator`(allowsPrivateAddresses: Bool = false)
        /// A client of the HTTP API: http(s) only, fetched and parsed first.
        case remote
    }

    /// A subscription, and whether this request created it.
    package struct Subscribed: Sendable {
        /// The feed.
        package var feed: Subscription
        /// True when the feed was not subscribed (or was disabled) before.
        package var created: Bool
    }

    /// The longest feed URL accepted, in bytes.
    package static let maximumURLLength = 2048

    let store: any SubscriptionStore
    let fetcher: any FeedFetching
    let parser = FeedParser()

    /// Creates a service that writes to `store` and checks remote subscriptions with `fetcher`.
    package init(store: any SubscriptionStore, fetcher: any FeedFetching) {
        self.store = store
        self.fetcher = fetcher
    }

    /// Subscribes one feed.
    ///
    /// - Throws: ``SubscriptionError`` when the address or the feed is refused; ``StoreError`` as `cause` when the
    ///   store fails.
    package func subscribe(
        _ address: String,
        title: String? = nil,
        by requester: Requester
    ) async throws(SubscriptionError) -> Subscribed {
        let url = try Self.checkedURL(address, by: requester)
        do {
            let lifts = if case .operator(true) = requester { true } else { false }
            if let existing = try await store.feed(url: url), existing.disabledAt == nil {
                let unchanged = (title == nil || existing.title != nil) && (!lifts || existing.allowsPrivateAddresses)
                let feed =
                    unchanged
                    ? existing : try await store.addFeed(url: url, title: title, allowsPrivateAddresses: lifts)
                return Subscribed(feed: feed, created: false)
            }
            var allowsPrivateAddresses = false
            switch requester {
            case .remote: try await verify(url)
            case .operator(let allowed): allowsPrivateAddresses = allowed
            }
            return Subscribed(
                feed: try await store.addFeed(url: url, title: title, allowsPrivateAddresses: allowsPrivateAddresses),
                created: true
            )
        } catch let error as SubscriptionError {
            throw error
        } catch {
            throw SubscriptionError(.store, "the subscription could not be stored: \(error)", cause: error)
        }
    }

    /// Subscribes every feed the operator's sources name (feed URLs, feed files, OPML lists), once each. A source that
    /// cannot be read fails the whole call; a feed refused by the rules is returned among `refused` and the others
    /// are still subscribed.
    package func subscribe(
        sources: [String]
    ) async throws(SubscriptionError) -> (feeds: [Subscription], refused: [SubscriptionError]) {
        var seen = Set<String>()
        var feeds: [Subscription] = []
        var refused: [SubscriptionError] = []
        for source in sources {
            let named: [SubscriptionSource.Feed]
            do {
                named = try SubscriptionSource.feeds(in: source)
            } catch {
                throw SubscriptionError(.unreadableSource, error.message, cause: error)
            }
            for feed in named where seen.insert(feed.url).inserted {
                do {
                    feeds.append(try await subscribe(feed.url, title: feed.title, by: .operator()).feed)
                } catch  where error.code != .store {
                    refused.append(error)
                }
            }
        }
        return (feeds, refused)
    }

    /// The trimmed URL, when the requester may subscribe to it.
    static func checkedURL(_ address: String, by requester: Requester) throws(SubscriptionError) -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = "\"\(trimmed.prefix(200))\""
        guard !trimmed.isEmpty, trimmed.utf8.count <= maximumURLLength else {
            throw SubscriptionError(
                .invalidURL,
                "\(shown) is not a feed address (empty, or over \(maximumURLLength) bytes)"
            )
        }
        switch requester {
        case .remote:
            guard WebAddress.isWeb(trimmed) else {
                throw SubscriptionError(.invalidURL, "\(shown) is not an http or https URL")
            }
            return trimmed
        case .operator:
            let url = SubscriptionSource.feedURL(for: trimmed)
            let isFile = URL(string: url).map { $0.scheme?.lowercased() == "file" && !$0.path.isEmpty } ?? false
            guard WebAddress.isWeb(url) || isFile else {
                throw SubscriptionError(.invalidURL, "\(shown) is not an http, https or file URL")
            }
            return url
        }
    }

    private func verify(_ url: String) async throws(SubscriptionError) {
        let request = FetchRequest(url: url)
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            let code: SubscriptionError.Code = error.code == .forbiddenAddress ? .forbiddenAddress : .unreachable
            throw SubscriptionError(code, "\(error.message) [\(error.code.rawValue)]", cause: error)
        }
        do {
            _ = try parser.parse(response.body, url: response.effectiveURL, httpCharset: response.charset)
        } catch {
            throw SubscriptionError(.notAFeed, "\(url.prefix(200)) is not a feed: \(error.message)", cause: error)
        }
    }
}

/// Why a subscription was refused.
package struct SubscriptionError: CodedError {
    /// The kind of refusal, with a stable string value (the API's error code).
    package enum Code: String, FailureCodes {
        /// Not an address the requester may subscribe to.
        case invalidURL = "feed.invalid_url"
        /// The feed's host, or a redirect, led to a loopback, private, link-local or metadata address.
        case forbiddenAddress = "feed.forbidden_address"
        /// The feed could not be fetched.
        case unreachable = "feed.unreachable"
        /// The document is not a feed.
        case notAFeed = "feed.not_a_feed"
        /// A file or OPML list named as a source cannot be read.
        case unreadableSource = "feed.unreadable_source"
        /// The store failed.
        case store = "feed.store"
    }

    /// The kind of refusal.
    package var code: Code
    /// What went wrong, for a person.
    package var message: String
    /// The underlying error.
    package var cause: (any Error)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var failureCode: FailureCode { code.failureCode }
}
