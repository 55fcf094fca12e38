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
/// A publication date is a claim, checked against what Seams saw. Copies first seen together (in one `seams sync`
/// run — the first sync of many feeds, an import — which stamps them all with its start) are compared by the dates
/// they claim. A copy
/// first seen later may claim to be up to ``lateClaimAllowance`` older than the earliest date the copies seen before
/// it claim — outlets list wire copy late, and an original listed days after its repost is still the original — but
/// a claim older than that is not believed: the copy counts as appearing when Seams first saw it, so a feed that
/// backdates a copy by years can neither take over the story's canonical record nor move the story in time.
///
/// A copy whose link is another member's outlet's page — an aggregator's snippet under the original's link, or a
/// hostile feed's copy under a borrowed one — never stands over that outlet's own articles, whatever it claims: the
/// canonical record sends readers to a page, and that page's outlet speaks for it.
///
/// - Complexity: O(*n* log *n*) in the number of members.
package enum CanonicalElection {
    /// The share of the fullest standing member's text a member needs to stand (teasers carry 20–40 % of a story).
    package static var fullShare: Double { 0.5 }

    /// How much older than the copies seen before it a copy first seen later may claim to be: four days, more than
    /// the longest polling interval (a day), so a late-listed original within a few days of its reposts is believed.
    package static var lateClaimAllowance: TimeInterval { 4 * 86_400 }

    /// How close first sightings must be for copies to count as seen together: not at all apart. A `seams sync` run
    /// stamps all its articles with its start, so they are seen together however long it takes; the daemon stamps
    /// each fetch with its own start. A feed synced after others — even a moment after, in a run of its own — is
    /// seen later, and its claims older than the allowance are not believed. (A time window could not tell a
    /// second run a second later from a slow first one.)
    package static var seenTogether: TimeInterval { 0 }

    /// When each member appeared, as far as Seams believes its claim (see the type's discussion).
    package static func believedAppearance(of members: [ClusterMember]) -> [Int64: Date] {
        var believed: [Int64: Date] = [:]
        var earliestClaim: Date?  // among the members first seen more than `seenTogether` before the current one
        var seenBefore = 0
        let bySighting = members.sorted { $0.firstSeen != $1.firstSeen ? $0.firstSeen < $1.firstSeen : $0.id < $1.id }
        for member in bySighting {
            while seenBefore < bySighting.count,
                member.firstSeen.timeIntervalSince(bySighting[seenBefore].firstSeen) > seenTogether
            {
                let claim = believed[bySighting[seenBefore].id] ?? bySighting[seenBefore].appeared
                earliestClaim = min(earliestClaim ?? claim, claim)
                seenBefore += 1
            }
            var appeared = member.appeared
            if let earliestClaim, appeared < earliestClaim.addingTimeInterval(-lateClaimAllowance) {
                appeared = member.firstSeen
            }
            believed[member.id] = appeared
        }
        return believed
    }

    /// The id of the canonical member, or nil for an empty cluster.
    package static func canonical(of members: [ClusterMember], clockSkew: TimeInterval = 600) -> Int64? {
        let believed = believedAppearance(of: members)
        let members = members.map { member in
            var member = member
            if let date = believed[member.id], date != member.appeared { member.published = date }
            return member
        }
        // A copy under the page of another member's outlet stands only when nothing else does.
        let outlets = Set(members.compactMap(\.outlet))
        let standing = members.filter { !($0.linksElsewhere && outlets.contains($0.site!)) }
        var eligible: [ClusterMember] = []
        for pool in [standing, members] where eligible.isEmpty {
            eligible = pool.filter { !$0.isPartial && !$0.isRecycled && !$0.isComposite }
            if eligible.isEmpty { eligible = pool.filter { !$0.isPartial && !$0.isRecycled } }
            if eligible.isEmpty { eligible = pool }
        }
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
