package import Foundation

/// What canonical election needs to know about one article of a cluster.
package struct ClusterMember: Sendable, Hashable {
    /// The article's id in the store.
    package var id: Int64
    /// When the feed says the article was published, if it says.
    package var published: Date?
    /// When Seams first stored the article.
    package var firstSeen: Date
    /// The length of the article's text (tokens or characters: only comparisons between members matter).
    package var textLength: Int
    /// A teaser or truncation of a fuller member.
    package var isPartial: Bool
    /// A copy of an article that appeared long before.
    package var isRecycled: Bool
    /// A stitched page.
    package var isComposite: Bool
    /// The site its page's address belongs to (see `WebAddress.site(of:)`), nil without one.
    package var site: String?
    /// The site of the outlet whose feed it came from: the feed's address as subscribed, or for a file, loopback or
    /// intranet address the site its first link names (see `Deduplicator.outlets(of:)`); nil when unknown.
    package var outlet: String?

    /// Creates a member.
    package init(
        id: Int64,
        published: Date?,
        firstSeen: Date,
        textLength: Int,
        isPartial: Bool = false,
        isRecycled: Bool = false,
        isComposite: Bool = false,
        site: String? = nil,
        outlet: String? = nil
    ) {
        self.id = id
        self.published = published
        self.firstSeen = firstSeen
        self.textLength = textLength
        self.isPartial = isPartial
        self.isRecycled = isRecycled
        self.isComposite = isComposite
        self.site = site
        self.outlet = outlet
    }

    /// True when its page is on another site than its outlet's: a copy under another outlet's link, or an outlet
    /// that links elsewhere (a feed hosted apart from its site).
    package var linksElsewhere: Bool { site != nil && site != outlet }

    /// When the article appeared (see ``Appearance``).
    package var appeared: Date { Appearance.date(published: published, firstSeen: firstSeen) }
}
