/// Settings of the HTTP server: where it listens, who may write, and which feeds may be subscribed.
package struct ServerConfiguration: Sendable {
    /// The address to listen on; loopback by default, so nothing is exposed unless asked.
    package var host = "127.0.0.1"
    /// The port to listen on (0 picks a free one).
    package var port = 8080
    /// The bearer token the write endpoints (`POST /api/feeds`, `DELETE /api/feeds/{id}`) require; when nil,
    /// they are off and answer 403.
    package var apiToken: String?
    /// Let feeds subscribed over HTTP use loopback, private, link-local and cloud-metadata addresses. Off by
    /// default: a client of the API must not make Seams read the machine's own network for it.
    package var allowsPrivateFeedAddresses = false
    /// The largest request body accepted, in bytes.
    package var maximumRequestBodySize = 64 * 1024
    /// The most entries a canonical feed or an API page returns.
    package var maximumPageSize = 500
    /// How long a connection may stay silent — no request begun, or one sent too slowly — before it is closed: a
    /// client that opens connections and sends nothing must not hold them for ever.
    package var idleTimeout: Duration = .seconds(30)

    /// Creates the default configuration: 127.0.0.1:8080, writes off, public feed addresses only.
    package init() {}
}

extension ServerConfiguration {
    /// The address to open in a browser: `http://HOST:PORT/`, with IPv6 hosts in brackets.
    package var baseURL: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "http://\(host):\(port)/"
    }
}
