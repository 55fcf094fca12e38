/// Chooses the one article that stands for a story: the original, as far as the copies can tell.
///
/// The earliest to appear wins (its published date, or when Seams first saw it when the feed gives none — a
/// date in the future counts as first seen, since it cannot be true). On a tie, the fuller text wins; then the
/// article stored first. The rule is a pure function of the members, so re-running it after any change gives
/// the same answer, and a better record arriving later takes over.
///
/// - Complexity: O(*n*) in the number of members.
public enum CanonicalElection {
    /// The id of the canonical member, or nil for an empty cluster.
    public static func canonical(of members: [ClusterMember]) -> Int64? {
        members.min { lhs, rhs in
            if lhs.appeared != rhs.appeared { return lhs.appeared < rhs.appeared }
            if lhs.textLength != rhs.textLength { return lhs.textLength > rhs.textLength }
            return lhs.id < rhs.id
        }?.id
    }
}

/// Where an article goes, given the clusters of the stored articles it exactly copies.
public enum ClusterPlacement: Sendable, Equatable {
    /// It copies nothing stored: it starts a cluster of its own.
    case new
    /// It copies articles of one cluster: it joins it.
    case join(Int64)
    /// It copies articles of several clusters, which are one story after all: they merge into the oldest
    /// (lowest id, so the ids users have seen for the oldest story stay valid) and it joins that.
    case merge(into: Int64, from: [Int64])

    /// Decides the placement from the ids of the clusters whose members the article matches.
    public static func decide(matching clusters: Set<Int64>) -> ClusterPlacement {
        let sorted = clusters.sorted()
        guard let first = sorted.first else { return .new }
        return sorted.count == 1 ? .join(first) : .merge(into: first, from: Array(sorted.dropFirst()))
    }
}
