package import SeamsFetch

extension FetchConfiguration {
    /// The default settings with private addresses allowed: tests serve their feeds on 127.0.0.1, which stands in for
    /// the internet (the operator's `--allow-private-feeds`).
    package static var loopback: FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.allowsPrivateAddresses = true
        return configuration
    }
}
