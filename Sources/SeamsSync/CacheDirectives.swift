import Foundation
import SeamsParse

/// What a response's headers ask of a poller: the least time before the next request.
///
/// `Cache-Control: max-age`, `Expires` and `Retry-After` (seconds or an HTTP date) are read; an unreadable
/// value is ignored rather than trusted.
struct CacheDirectives: Equatable {
    /// Seconds the response may be reused (`max-age`, else `Expires` minus now).
    var freshFor: Double?
    /// Seconds the server asked to wait (`Retry-After`).
    var retryAfter: Double?

    init(headers: [String: String], now: Date) {
        if let control = headers["cache-control"]?.lowercased() {
            for directive in control.split(separator: ",") {
                let pair = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0] == "max-age" || pair[0] == "s-maxage",
                    let seconds = Double(pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))), seconds >= 0
                {
                    freshFor = max(freshFor ?? 0, seconds)
                }
            }
        }
        if freshFor == nil, let expires = headers["expires"], let date = FeedDateParser.parse(expires) {
            freshFor = max(0, date.date.timeIntervalSince(now))
        }
        if let retry = headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(retry), seconds >= 0 {
                retryAfter = seconds
            } else if let date = FeedDateParser.parse(retry) {
                retryAfter = max(0, date.date.timeIntervalSince(now))
            }
        }
    }

    /// The largest wait any directive asks for, or nil.
    var floor: Double? {
        switch (freshFor, retryAfter) {
        case (let fresh?, let retry?): max(fresh, retry)
        case (let fresh?, nil): fresh
        case (nil, let retry?): retry
        case (nil, nil): nil
        }
    }
}
