package import Foundation
package import SeamsFingerprint

/// A stored article that may be a copy of (or a source for) an arriving one, with what the two share.
package struct MatchCandidate: Sendable {
    /// The stored article.
    package var articleId: Int64
    /// Its cluster.
    package var clusterId: Int64
    /// The overlap, with the arriving article first.
    package var overlap: Overlap
    /// The stored article's token count.
    package var tokenCount: Int
    /// When the stored article appeared (published, or first seen).
    package var appeared: Date
    /// True when the stored article is a stitched composite.
    package var isComposite: Bool
    /// True when the two have the same exact-copy key or the same canonical URL.
    package var isExactCopy: Bool
    /// True when the line before the first passage the two share is the stored article's headline, as a roundup
    /// shows each story (see ``CandidateSearch``).
    package var followsItsHeadline: Bool
    /// True when a line of the stored text is the arriving article's headline: the stored text may be a roundup that
    /// shows this story under it.
    package var showsHeadlineOfFirst = false
    /// True when two short texts have the same headline (give or take a "CORRECTED -").
    package var sharesHeadline: Bool
    /// False when the arriving text would join the stored one through containment but the stored one's cluster says
    /// otherwise (see ``Deduplicator``): it holds articles a partial copy shares nothing with, or a fuller text a
    /// fuller version is no copy of.
    package var isBackedByItsCluster = true
    /// True when the arriving text holds every member of the stored text's cluster, none longer than it (see
    /// ``Deduplicator``): the cluster is that text's leads, teasers or copies, stored apart from the story they
    /// belong to, and it goes wherever the arriving text goes.
    package var clusterIsHeldByArrival = false
    /// True when two short texts have the same headline and differ in at most
    /// ``DedupConfiguration/correctionEditShare`` of their tokens: a corrected re-send.
    package var isCorrection: Bool

    /// Creates a candidate.
    package init(
        articleId: Int64,
        clusterId: Int64,
        overlap: Overlap,
        tokenCount: Int,
        appeared: Date,
        isComposite: Bool,
        isExactCopy: Bool,
        followsItsHeadline: Bool = false,
        showsHeadlineOfFirst: Bool = false,
        sharesHeadline: Bool = false,
        isCorrection: Bool = false
    ) {
        self.articleId = articleId
        self.clusterId = clusterId
        self.overlap = overlap
        self.tokenCount = tokenCount
        self.appeared = appeared
        self.isComposite = isComposite
        self.isExactCopy = isExactCopy
        self.followsItsHeadline = followsItsHeadline
        self.showsHeadlineOfFirst = showsHeadlineOfFirst
        self.sharesHeadline = sharesHeadline
        self.isCorrection = isCorrection
    }
}

/// How an arriving article relates to the article it matched.
package enum MatchKind: String, Sendable, Codable, CustomStringConvertible {
    /// An exact copy, or a copy with a resemblance of at least ``DedupConfiguration/duplicateThreshold``.
    case duplicate
    /// The same story lightly edited: resemblance at least ``DedupConfiguration/nearDuplicateThreshold``.
    case nearDuplicate = "near-duplicate"
    /// Mostly contained in a fuller text: a teaser, a truncation, a feed summary.
    case partial

    /// The stable text (`near-duplicate`), as shown and stored.
    package var description: String { rawValue }
}

/// One story a stitched article borrows from: the source article, and the passages of the stitched text it gave.
package struct CompositeSource: Sendable, Hashable {
    /// The source article (the one of its cluster that covers the most of the stitched text).
    package var articleId: Int64
    /// Its cluster.
    package var clusterId: Int64
    /// Token ranges of the stitched article.
    package var passages: [Range<Int>]
    /// How much of the source the passages cover (0…1).
    package var coverage: Double
}

/// What to do with an arriving article.
package enum MatchDecision: Sendable, Equatable {
    /// It matches nothing: it starts a story of its own.
    case new
    /// It is a copy of `articleId` and joins that article's cluster. `recycled` when that article appeared long before.
    /// The clusters `gathered` (this text's leads, teasers or copies, stored apart) merge into it.
    case join(
        clusterId: Int64,
        articleId: Int64,
        kind: MatchKind,
        similarity: Double,
        recycled: Bool,
        gathered: [Int64] = []
    )
    /// It is the fuller text of `partialId`, a shorter copy already stored, and joins that cluster; the clusters
    /// `gathered` merge into it too.
    case joinAsFuller(clusterId: Int64, partialId: Int64, similarity: Double, recycled: Bool, gathered: [Int64] = [])
    /// Exact copies in several clusters: those clusters are one story and merge.
    case merge(clusterIds: [Int64], articleId: Int64)
    /// It is stitched from passages of two or more stories: it starts its own cluster, linked to theirs.
    case composite([CompositeSource])
}
