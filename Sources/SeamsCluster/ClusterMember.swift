import Foundation

/// What canonical election needs to know about one article of a cluster.
public struct ClusterMember: Sendable, Hashable {
    /// The article's id in the store.
    public var id: Int64
    /// When the feed says the article was published, if it says.
    public var published: Date?
    /// When Seams first stored the article.
    public var firstSeen: Date
    /// The length of the article's extracted text, in characters.
    public var textLength: Int

    /// Creates a member.
    public init(id: Int64, published: Date?, firstSeen: Date, textLength: Int) {
        self.id = id
        self.published = published
        self.firstSeen = firstSeen
        self.textLength = textLength
    }

    /// The best estimate of when the article appeared: its published date, or when Seams first saw it.
    public var appeared: Date { published.map { min($0, firstSeen) } ?? firstSeen }
}
