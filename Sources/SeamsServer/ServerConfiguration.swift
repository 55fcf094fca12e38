/// Settings of the HTTP server: where it listens, who may write, and what it accepts. Which addresses feeds
/// subscribed over it may use is the fetcher's (`FetchConfiguration.allowsPrivateAddresses`), as for every feed.
package struct ServerConfiguration: Sendable {
    /// The address to listen on; loopback by default, so nothing is exposed unless asked.
    package var host = "127.0.0.1"
    /// The port to listen on (0 picks a free one).
    package var port = 8080
    /// The bearer token the write endpoints (`POST /api/feeds`, `DELETE /api/feeds/{id}`) require; when nil,
    /// they are off and answer 403.
    package var apiToken: String?
    /// The largest request body accepted, in bytes.
    package var maximumRequestBodySize = 64 * 1024
    /// The most entries a canonical feed or an API page returns.
    package var maximumPageSize = 500
    /// How long a connection may stay silent — no request begun, or one sent too slowly — before it is closed: a
    /// client that opens connections and sends nothing must not hold them for ever.
    package var idleTimeout: Duration = .seconds(30)

    /// Creates the default configuration: 127.0.0.1:8080, writes off.
    package init() {}
}

extension ServerConfiguration {
    /// The address to open in a browser: `http://HOST:PORT/`, with IPv6 hosts in brackets.
    package var baseURL: String {
        let host = host.contains(":") ? "[\(host)]" : host
        return "http://\(host):\(port)/"
    }
}
