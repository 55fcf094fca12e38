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
