import Foundation
import SeamsCore
import SeamsFetch
import SeamsParse
import SeamsStore

/// Subscribes a feed on behalf of an HTTP client, after fetching it once to check that it is reachable, on a
/// public address (unless private ones are allowed) and a feed.
///
/// The address check happens where libcurl connects (see ``AddressPolicy``), so a host name resolving to a
/// private address, or a redirect to one, is refused like the literal; the feed keeps the restriction for every
/// later fetch by the daemon, because a server can change its answers after the check.
struct FeedSubscriber {
    let store: Store
    let fetcher: any FeedFetching
    let allowsPrivateAddresses: Bool

    /// The subscription, and whether it is new.
    func subscribe(url text: String, title: String?) async throws -> (FeedRecord, created: Bool) {
        let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.utf8.count <= 2048, WebAddress.isWeb(url) else {
            throw APIError(.unprocessableContent, code: "feed.invalid_url", "\"\(url.prefix(200))\" is not an http or https URL")
        }
        if let existing = try await store.feed(url: url) { return (existing, false) }
        var request = FetchRequest(url: url)
        request.publicAddressesOnly = !allowsPrivateAddresses
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            let code = error.code == .forbiddenAddress ? "feed.forbidden_address" : "feed.unreachable"
            throw APIError(.unprocessableContent, code: code, "\(error.message) [\(error.code.rawValue)]")
        }
        do {
            _ = try FeedParser().parse(response.body, url: response.effectiveURL, httpCharset: response.charset)
        } catch {
            throw APIError(.unprocessableContent, code: "feed.not_a_feed", "\(url.prefix(200)) is not a feed: \(error.message)")
        }
        let feed = try await store.addFeed(url: url, title: title, publicAddressesOnly: !allowsPrivateAddresses)
        return (feed, true)
    }
}
