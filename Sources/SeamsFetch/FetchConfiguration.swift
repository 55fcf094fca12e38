/// Settings for ``FeedFetcher``.
///
/// Every field has a default that suits a small deployment; only the CLI overrides them.
package struct FetchConfiguration: Sendable {
    /// The limit for establishing a connection.
    package var connectTimeout: Duration = .seconds(10)
    /// The limit for the whole transfer, connection and redirects included.
    package var timeout: Duration = .seconds(30)
    /// A transfer slower than this many bytes a second for ``slowTransferWindow`` is abandoned as a timeout, so a
    /// server that trickles (slowloris) frees its connection long before ``timeout``.
    package var minimumTransferRate = 256
    /// How long a transfer may stay below ``minimumTransferRate``.
    package var slowTransferWindow: Duration = .seconds(15)
    /// The largest body accepted, counted after decompression; a larger one fails with ``FetchError/Code/bodyTooLarge``.
    package var maximumBodySize = 20 * 1024 * 1024
    /// Redirects followed before the fetch fails.
    package var maximumRedirects = 5
    /// The URL schemes a feed may use. Redirects may only lead to `http` and `https`, so a remote feed can never
    /// redirect to a local file.
    package var allowedProtocols: Set<String> = ["http", "https", "file"]
    /// Transfers running at once across all hosts.
    package var maximumConcurrentTransfers = 64
    /// Connections to one host at once; further transfers to it wait for a free one.
    package var maximumConnectionsPerHost = 4
    /// The operator's `--allow-private-feeds` (`SEAMS_ALLOW_PRIVATE_FEEDS`): every request may connect to loopback,
    /// private and link-local addresses. Off, a request connects only to public addresses unless it is allowed
    /// private ones itself (``FetchRequest/allowsPrivateAddresses``). Tests and benchmarks that serve feeds on
    /// loopback turn it on: their loopback stands in for the internet.
    package var allowsPrivateAddresses = false
    /// Non-public addresses that requests limited to public addresses may still connect to, written as
    /// ``AddressPolicy`` prints them (`10.1.2.3`, `fd00::1`): an internal mirror an operator trusts.
    package var permittedPrivateAddresses: Set<String> = []
    /// Sent as `User-Agent` with every request.
    package var userAgent = "Seams/\(SeamsVersion.current) (+https://github.com/seams-news/seams; news feed sync)"

    /// Creates the default configuration.
    package init() {}
}

/// The version of Seams, as reported by `seams --version` and the `User-Agent`.
package enum SeamsVersion {
    /// The current version.
    package static let current = "0.1.0"
}
