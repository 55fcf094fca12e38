/// Settings for ``FeedSyncer``.
public struct SyncConfiguration: Sendable {
    /// Feeds processed at once (each is fetched, parsed and stored by one child task).
    public var maximumConcurrentFeeds = 16

    /// Creates the default configuration.
    public init() {}
}
