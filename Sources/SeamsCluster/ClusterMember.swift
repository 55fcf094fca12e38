import Foundation

/// What canonical election needs to know about one article of a cluster.
public struct ClusterMember: Sendable, Hashable {
    /// The article's id in the store.
    public var id: Int64
    /// When the feed says the article was published, if it says.
    public var published: Date?
    /// When Seams first stored the article.
    public var firstSeen: Date
    /// The length of the article's text (tokens or characters: only comparisons between members matter).
    public var textLength: Int
    /// A teaser or truncation of a fuller member.
    public var isPartial: Bool
    /// A copy of an article that appeared long before.
    public var isRecycled: Bool
    /// A stitched page.
    public var isComposite: Bool

    /// Creates a member.
    public init(
        id: Int64, published: Date?, firstSeen: Date, textLength: Int, isPartial: Bool = false, isRecycled: Bool = false,
        isComposite: Bool = false
    ) {
        self.id = id
        self.published = published
        self.firstSeen = firstSeen
        self.textLength = textLength
        self.isPartial = isPartial
        self.isRecycled = isRecycled
        self.isComposite = isComposite
    }

    /// When the article appeared (see ``Appearance``).
    public var appeared: Date { Appearance.date(published: published, firstSeen: firstSeen) }
}
