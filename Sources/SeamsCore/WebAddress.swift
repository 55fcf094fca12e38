import Foundation

/// The one rule for which addresses are web pages: an absolute `http` or `https` URL with a host. Links shown to
/// readers, feeds subscribed over the API, permalinks taken from a feed and canonical URLs all use it, so a
/// `javascript:`, `data:` or host-less address from a hostile feed is refused the same way everywhere.
package enum WebAddress {
    /// True when `text` is an absolute http(s) URL with a non-empty host.
    package static func isWeb(_ text: String) -> Bool {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// `text` when it is a web address (see ``isWeb(_:)``), else nil.
    package static func web(_ text: String?) -> String? {
        guard let text, isWeb(text) else { return nil }
        return text
    }
}

extension WebAddress {
    /// True when the address's host is a public host name — not an IP address, `localhost` or a name without a
    /// top-level domain — so that its site can stand for an outlet.
    package static func hasPublicHostName(_ address: String?) -> Bool {
        guard let address, let host = URLComponents(string: address)?.host?.lowercased(), host.contains("."),
            let last = host.split(separator: ".").last, last.allSatisfy(\.isLetter), host != "localhost",
            !host.hasSuffix(".localhost"), !host.contains(":")
        else { return false }
        return true
    }

    /// The site an address belongs to — its host, lowercased, cut to the registrable part: the last two labels, or
    /// three under a two-letter country code whose second level is a generic one (`news.bbc.co.uk` → `bbc.co.uk`,
    /// `vnexpress.net.vn`, `www.reuters.com` → `reuters.com`). It tells one outlet's pages and feeds from another's
    /// without a public-suffix list; nil for an address without a host.
    package static func site(of address: String?) -> String? {
        guard let address, let host = URLComponents(string: address)?.host?.lowercased(), !host.isEmpty else {
            return nil
        }
        let labels = host.split(separator: ".")
        guard labels.count > 2, !labels.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return host }
        let genericSecondLevels: Set<Substring> = ["co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go"]
        let keep = labels[labels.count - 1].count == 2 && genericSecondLevels.contains(labels[labels.count - 2]) ? 3 : 2
        return labels.suffix(keep).joined(separator: ".")
    }
}

extension WebAddress {
    /// The query parameter names that carry secrets, in part or whole (`token`, `api_key`, `apikey`, `secret`, …).
    static let secretParameterParts = [
        "token", "key", "secret", "password", "passwd", "pwd", "auth", "signature", "session", "credential",
    ]

    /// `address` with its credentials replaced by `REDACTED`: the user and password (`https://REDACTED@host/…`) and
    /// the value of every query parameter whose name holds `token`, `key`, `secret`, `password`, `passwd`, `pwd`,
    /// `auth`, `signature`, `session` or `credential`, or is `sig` (`?api_key=REDACTED&page=2`). Pages, the HTTP
    /// API and exported feeds show feed addresses this way; the CLI shows them as subscribed. An address that is
    /// not a URL is returned as it is.
    package static func withoutCredentials(_ address: String) -> String {
        guard var components = URLComponents(string: address) else { return address }
        var changed = false
        if components.user != nil || components.password != nil {
            components.user = "REDACTED"
            components.password = nil
            changed = true
        }
        if let items = components.percentEncodedQueryItems {
            components.percentEncodedQueryItems = items.map { item in
                let name = item.name.lowercased()
                guard item.value != nil, name == "sig" || secretParameterParts.contains(where: name.contains) else {
                    return item
                }
                changed = true
                return URLQueryItem(name: item.name, value: "REDACTED")
            }
        }
        return changed ? components.string ?? address : address
    }
}
