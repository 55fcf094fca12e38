import Foundation

/// One feed to fetch, with the validators from its last successful fetch for a conditional GET.
package struct FetchRequest: Sendable, Hashable {
    /// The feed's URL: `http`, `https` or `file`.
    package var url: String
    /// The `ETag` the server sent last time, sent back as `If-None-Match`.
    package var etag: String?
    /// The `Last-Modified` the server sent last time, sent back as `If-Modified-Since`.
    package var lastModified: String?
    /// The operator allowed this feed loopback, private and link-local addresses (`seams feeds add --allow-private`).
    /// Without it — and without ``FetchConfiguration/allowsPrivateAddresses`` — only public internet addresses are
    /// connected to (see ``AddressPolicy``), redirects included.
    package var allowsPrivateAddresses: Bool
    /// The operator named this address (a command-line argument, a local OPML file, a stored subscription), so a
    /// `file:` URL may be read. Nothing a remote client names is; redirects never lead to `file:`.
    package var allowsFiles: Bool

    /// Creates a request; pass the stored validators to make it conditional.
    package init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        allowsPrivateAddresses: Bool = false,
        allowsFiles: Bool = false
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.allowsPrivateAddresses = allowsPrivateAddresses
        self.allowsFiles = allowsFiles
    }

    /// True when the connections of this request are checked against ``AddressPolicy`` under `configuration`.
    package func checksAddresses(under configuration: FetchConfiguration) -> Bool {
        !allowsPrivateAddresses && !configuration.allowsPrivateAddresses
    }
}

extension FetchRequest {
    /// The host and port the request starts at (`file` for local files): the unit the per-host limits count.
    package static func hostKey(of url: String) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme != "file" else {
            return "file"
        }
        return "\(parsed.host?.lowercased() ?? ""):\(parsed.port ?? (scheme == "https" ? 443 : 80))"
    }
}

/// What a fetch brought back: the body and validators, or word that nothing changed.
package struct FetchResponse: Sendable {
    /// The HTTP status (0 for `file:` URLs, which have none).
    package var status: Int
    /// The decompressed body; empty for a 304.
    package var body: [UInt8]
    /// The URL the body came from, after redirects.
    package var effectiveURL: String
    /// The response headers of the final response, names lowercased; the last value wins for repeated names.
    package var headers: [String: String]
    /// The URL the feed has moved to for good, when the request was answered by permanent redirects (301, 308)
    /// before any other kind; a temporary redirect (302, 303, 307) first leaves it nil.
    package var permanentRedirect: String?

    /// Creates a response.
    package init(status: Int, body: [UInt8], effectiveURL: String, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.effectiveURL = effectiveURL
        self.headers = headers
    }

    /// True when the server answered 304: the feed is unchanged since the validators sent.
    package var isNotModified: Bool { status == 304 }

    /// The `ETag` to send next time.
    package var etag: String? { headers["etag"] }

    /// The `Last-Modified` to send next time.
    package var lastModified: String? { headers["last-modified"] }

    /// The `charset` parameter of the `Content-Type`, lowercased, if any.
    package var charset: String? {
        guard let contentType = headers["content-type"] else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'")
            )
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }
}
