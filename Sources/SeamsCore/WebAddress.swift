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
