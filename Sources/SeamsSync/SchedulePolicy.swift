/// How often feeds are fetched: the bounds of the adaptive interval, error backoff, and the guards against
/// broken servers. Every field has a default that is polite to publishers and current enough for readers.
package struct SchedulePolicy: Sendable, Equatable {
    /// The shortest wait between two fetches of a feed, whatever its rate or headers.
    package var minimumInterval: Duration = .seconds(5 * 60)
    /// The longest wait between two fetches of a feed, also the cap on every server-given floor and on backoff.
    package var maximumInterval: Duration = .seconds(24 * 3600)
    /// The interval of a feed whose publishing rate is unknown (no dated entries yet).
    package var defaultInterval: Duration = .seconds(3600)
    /// The share of a feed's mean gap between entries to wait: 0.5 fetches about twice per new entry.
    package var rateFactor: Double = 0.5
    /// The first wait after an error; it doubles with each further error in a row, up to ``maximumInterval``.
    package var errorBackoff: Duration = .seconds(5 * 60)
    /// The share of a wait that is randomized (taken off), so feeds that failed together do not retry together.
    package var jitter: Double = 0.2
    /// Fetches in a row that must be permanently redirected (301, 308) to the same URL before the feed adopts it.
    package var redirectConfirmations = 3
    /// How often a feed is fetched without validators, in case the server's `ETag` or `Last-Modified` is broken.
    package var unconditionalRefetchInterval: Duration = .seconds(24 * 3600)

    /// Creates the default policy.
    package init() {}
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
