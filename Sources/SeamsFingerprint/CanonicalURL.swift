import Foundation
import SeamsCore

/// The form of an article URL under which copies of one page compare equal.
///
/// Lowercases the scheme and host, drops `www.`, default ports, fragments, trailing slashes and the tracking
/// parameters that aggregators append (`utm_*`, `fbclid`, `gclid`…), and treats `http` and `https` alike.
/// Other query parameters stay, sorted, because many news sites identify articles by them.
package enum CanonicalURL {
    private static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "cmpid", "ocid", "_ga",
    ]

    /// The canonical form, or nil for something that is not an absolute http(s) URL.
    package static func canonical(_ text: String?) -> String? {
        guard let text, WebAddress.isWeb(text),
            var components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            var host = components.host?.lowercased()
        else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        components.fragment = nil
        var path = components.percentEncodedPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        let query = (components.percentEncodedQueryItems ?? [])
            .filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            .map { (item: URLQueryItem) -> String in
                guard let value = item.value else { return item.name }
                return item.name + "=" + value
            }
            .sorted()
        var result = "//" + host
        if let port = components.port, port != 80, port != 443 { result += ":\(port)" }
        result += path
        if !query.isEmpty { result += "?" + query.joined(separator: "&") }
        return result
    }
}
