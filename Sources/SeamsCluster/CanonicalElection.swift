package import Foundation

/// Chooses the one article that stands for a story: the original, as far as the copies can tell.
///
/// Only members that can be the original stand: not a partial copy, not a recycled one, not a stitched page (unless
/// nothing else is left), and not one with less than ``fullShare`` of the fullest standing member's text — a teaser or
/// summary stored first, or a lead copied from it, is not the original once the full story is in. Among them, the
/// earliest to appear wins — publication dates within `clockSkew` of the earliest count as simultaneous, since feeds'
/// clocks disagree — and among those the fuller text, then the earliest, then the one stored first. The rule is a
/// pure function of the members, so re-running it after any change gives the same answer, and a better record
/// arriving later takes over.
///
/// - Complexity: O(*n*) in the number of members.
package enum CanonicalElection {
    /// The share of the fullest standing member's text a member needs to stand (teasers carry 20–40 % of a story).
    package static var fullShare: Double { 0.5 }

    /// The id of the canonical member, or nil for an empty cluster.
    package static func canonical(of members: [ClusterMember], clockSkew: TimeInterval = 600) -> Int64? {
        var eligible = members.filter { !$0.isPartial && !$0.isRecycled && !$0.isComposite }
        if eligible.isEmpty { eligible = members.filter { !$0.isPartial && !$0.isRecycled } }
        if eligible.isEmpty { eligible = members }
        let fullest = eligible.map(\.textLength).max() ?? 0
        eligible = eligible.filter { Double($0.textLength) >= fullShare * Double(fullest) }
        guard let earliest = eligible.map(\.appeared).min() else { return nil }
        let contemporaries = eligible.filter { $0.appeared.timeIntervalSince(earliest) <= clockSkew }
        return contemporaries.min { lhs, rhs in
            if lhs.textLength != rhs.textLength { return lhs.textLength > rhs.textLength }
            if lhs.appeared != rhs.appeared { return lhs.appeared < rhs.appeared }
            return lhs.id < rhs.id
        }?.id
    }
}
