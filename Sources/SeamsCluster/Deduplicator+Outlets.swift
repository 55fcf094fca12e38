import SeamsCore

/// Whose outlet a feed is: the site its articles are its own pages on.
struct FeedOutlet: Hashable {
    /// The site (see `WebAddress.site(of:)`), nil when unknown.
    var site: String?
    /// True when it was read from the feed's first article's link, not from the address the operator subscribed.
    var isFromItsLinks: Bool
}

extension Deduplicator {
    /// The feed's outlet, read once per engine: the site of the address it was subscribed at when that is a public
    /// host name — the operator's word — else (a file, a loopback or intranet address) the site of its first stored
    /// article's link.
    mutating func outlet(ofFeed feedId: Int64) throws -> FeedOutlet {
        if let known = outlets[feedId] { return known }
        var outlet = FeedOutlet(site: nil, isFromItsLinks: false)
        let address = try storage.address(ofFeed: feedId)
        if WebAddress.hasPublicHostName(address) {
            outlet.site = WebAddress.site(of: address)
        } else if let page = try storage.firstPage(ofFeed: feedId) {
            outlet = FeedOutlet(site: WebAddress.site(of: page), isFromItsLinks: true)
        }
        outlets[feedId] = outlet
        return outlet
    }

    /// The outlet of each member's feed, by feed id. A site read from links that several of these feeds claim stays
    /// with the one subscribed first: a feed subscribed later that opens with another outlet's link does not become
    /// that outlet (a feed's own address, as subscribed, is never second-guessed).
    mutating func outlets(of members: [ClusterArticle]) throws -> [Int64: String?] {
        var outlets: [Int64: String?] = [:]
        var firstClaim: [String: Int64] = [:]
        for feedId in Set(members.map(\.feedId)).sorted() {
            let outlet = try outlet(ofFeed: feedId)
            guard let site = outlet.site, outlet.isFromItsLinks else {
                outlets[feedId] = outlet.site
                continue
            }
            if firstClaim[site] == nil { firstClaim[site] = feedId }
            outlets[feedId] = firstClaim[site] == feedId ? site : nil
        }
        return outlets
    }
}
