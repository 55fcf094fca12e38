package import Foundation
package import SeamsFingerprint

/// Decides how an arriving article relates to verified candidates, in the order that keeps stories apart.
///
/// 1. An exact copy joins its original (exact copies in several clusters merge them).
/// 2. A near-duplicate of a stitched article that contains nearly all of it is a copy of that page and joins it.
/// 3. Passages from two or more stories that together cover most of the article, or short passages of three or more
///    that make a roundup, make a composite (see ``compositeSources(tokenCount:candidates:ownCluster:kinship:)``): linked to
///    its sources, never merged with them (merging would chain unrelated stories through it).
/// 4. A resemblance of at least ``DedupConfiguration/nearDuplicateThreshold`` joins the most similar article — as a
///    partial copy when that article holds this one and not the other way round (a truncation), as its fuller version
///    in the converse case — except for short texts, which are matched only exactly or by containment: a short text that holds another's
///    story and is held by it, each at ``DedupConfiguration/partialThreshold``, is a copy of it.
/// 5. Containment of at least ``DedupConfiguration/partialThreshold`` in a longer, non-composite text makes a
///    partial copy — unless that text's cluster holds articles this one shares nothing with (a stitched page not yet
///    known as one, joined to another story: joining it would chain the two); containing a shorter stored text makes
///    this the fuller version of it. Texts shorter than a passage (``DedupConfiguration/minimumPassageTokens``) are never partial copies: a few shared
///    words identify nothing.
///
/// A copy of an article that appeared more than ``DedupConfiguration/recycledAfterDays`` earlier is recycled.
package struct MatchClassifier: Sendable {
    /// The settings in force.
    package let configuration: DedupConfiguration

    /// Creates a classifier.
    package init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    /// Classifies an article of `tokenCount` tokens that appeared at `appeared`; source stories that `kinship` links
    /// count as one (see ``compositeSources(tokenCount:candidates:ownCluster:kinship:)``).
    package func classify(
        tokenCount: Int,
        appeared: Date,
        candidates: [MatchCandidate],
        kinship: SourceKinship = SourceKinship()
    ) -> MatchDecision {
        let decision = place(tokenCount: tokenCount, appeared: appeared, candidates: candidates, kinship: kinship)
        switch decision {
        case .join(let cluster, let article, let kind, let similarity, let recycled, _):
            return .join(
                clusterId: cluster,
                articleId: article,
                kind: kind,
                similarity: similarity,
                recycled: recycled,
                gathered: gathered(into: cluster, through: article, candidates)
            )
        case .joinAsFuller(let cluster, let partial, let similarity, let recycled, _):
            return .joinAsFuller(
                clusterId: cluster,
                partialId: partial,
                similarity: similarity,
                recycled: recycled,
                gathered: gathered(into: cluster, through: partial, candidates)
            )
        case .new, .merge, .composite:
            return decision
        }
    }

    /// The clusters held by the arriving text (its leads, teasers and copies, stored apart) that go with it into
    /// `target`, which it joins through the article `matched`: those whose passages of it lie within what it shares
    /// with `matched` — the same story's text. A page that holds two stories' leads, not yet known to be stitched,
    /// gathers neither's into the other's.
    /// A stitched page's text holds its sources' stories, which are not copies of it: a copy of the page gathers none.
    private func gathered(into target: Int64, through matched: Int64, _ candidates: [MatchCandidate]) -> [Int64] {
        guard let joined = candidates.first(where: { $0.articleId == matched }), !joined.isComposite else { return [] }
        let story = Self.tokens(of: joined.overlap.passages)
        var verdicts: [Int64: Bool] = [:]
        for candidate in candidates where candidate.clusterIsHeldByArrival && candidate.clusterId != target {
            let part = Self.tokens(of: candidate.overlap.passages)
            let inside = !part.isEmpty && Double(part.intersection(story).count) >= 0.8 * Double(part.count)
            verdicts[candidate.clusterId] = (verdicts[candidate.clusterId] ?? true) && inside
        }
        return verdicts.filter(\.value).keys.sorted()
    }

    private static func tokens(of passages: [Range<Int>]) -> IndexSet {
        var tokens = IndexSet()
        for passage in passages { tokens.insert(integersIn: passage) }
        return tokens
    }

    private func place(
        tokenCount: Int,
        appeared: Date,
        candidates: [MatchCandidate],
        kinship: SourceKinship
    ) -> MatchDecision {
        let exact = candidates.filter(\.isExactCopy)
        if !exact.isEmpty {
            let clusters = Set(exact.map(\.clusterId)).sorted()
            let original = exact.min { $0.appeared < $1.appeared }!
            if clusters.count > 1 { return .merge(clusterIds: clusters, articleId: original.articleId) }
            return .join(
                clusterId: original.clusterId,
                articleId: original.articleId,
                kind: .duplicate,
                similarity: 1,
                recycled: isRecycled(appeared, original.appeared)
            )
        }
        let isShort = tokenCount < configuration.shortTextTokens
        if let copy = stitchedOriginal(tokenCount: tokenCount, candidates: candidates) {
            return join(copy, appeared: appeared)
        }
        if let sources = compositeSources(tokenCount: tokenCount, candidates: candidates, kinship: kinship) {
            return .composite(sources)
        }
        // Resemblance joins a story, never a stitched page (its sources resemble it too).
        let stories = candidates.filter { !$0.isComposite }
        if !isShort, let best = stories.max(by: { $0.overlap.resemblance < $1.overlap.resemblance }),
            best.overlap.resemblance >= configuration.nearDuplicateThreshold
        {
            // A truncation resembles its story too, but only one of the two holds the other.
            let (inIt, itInThis) = (best.overlap.containmentOfFirst, best.overlap.containmentOfSecond)
            let partial = configuration.partialThreshold
            if inIt >= partial, itInThis < partial, best.tokenCount > tokenCount, best.isBackedByItsCluster {
                return join(best, kind: .partial, similarity: inIt, appeared: appeared)
            }
            if itInThis >= partial, inIt < partial, best.tokenCount < tokenCount, best.isBackedByItsCluster {
                return fuller(of: best, appeared: appeared)
            }
            return join(best, appeared: appeared)
        }
        // A few words in common identify nothing: a partial copy carries at least a passage's worth of text.
        let identifying = configuration.minimumPassageTokens
        let partial = configuration.partialThreshold
        // A short text is not matched by resemblance: one with the same words is a copy whatever its headline, one
        // that holds the other's story and is held by it is a copy under the same headline (wire notices of two
        // companies can differ in one date), and so is a correction.
        let copies = stories.filter {
            let mutual = Self.mutualContainment($0)
            return isShort && tokenCount >= identifying && $0.tokenCount >= identifying
                && (mutual >= 1 || (mutual >= partial && $0.sharesHeadline) || $0.isCorrection)
        }
        let containers = stories.filter {
            tokenCount >= identifying && $0.overlap.containmentOfFirst >= partial && $0.tokenCount > tokenCount
                && $0.isBackedByItsCluster
        }
        let container = containers.max { $0.overlap.containmentOfFirst < $1.overlap.containmentOfFirst }
        if let copy = copies.max(by: { Self.mutualContainment($0) < Self.mutualContainment($1) }) {
            // A copy whose cluster is only copies of this text, while a fuller text holds it: a lead's copies
            // stored before the story they open go there with it.
            if copy.clusterIsHeldByArrival, let container, container.clusterId != copy.clusterId {
                return join(
                    container,
                    kind: .partial,
                    similarity: container.overlap.containmentOfFirst,
                    appeared: appeared
                )
            }
            return join(
                copy,
                similarity: max(Self.mutualContainment(copy), copy.overlap.resemblance),
                appeared: appeared
            )
        }
        if let container {
            return join(container, kind: .partial, similarity: container.overlap.containmentOfFirst, appeared: appeared)
        }
        let contained = stories.filter {
            $0.tokenCount >= identifying && $0.overlap.containmentOfSecond >= partial && $0.tokenCount < tokenCount
                && $0.isBackedByItsCluster
        }
        if let partial = contained.max(by: { $0.overlap.containmentOfSecond < $1.overlap.containmentOfSecond }) {
            return fuller(of: partial, appeared: appeared)
        }
        return .new
    }

    /// The stitched page this text is a copy of, if any: one that it contains (nearly) all of and resembles — one of
    /// its sources resembles it but does not contain it.
    package func stitchedOriginal(tokenCount: Int, candidates: [MatchCandidate]) -> MatchCandidate? {
        guard tokenCount >= configuration.shortTextTokens else { return nil }
        return candidates.filter {
            $0.isComposite && $0.overlap.containmentOfSecond >= configuration.partialThreshold
                && $0.overlap.resemblance >= configuration.nearDuplicateThreshold
        }.max { $0.overlap.resemblance < $1.overlap.resemblance }
    }

    /// How much each of two short texts holds of the other's story: the lesser of the two containments.
    private static func mutualContainment(_ candidate: MatchCandidate) -> Double {
        min(candidate.overlap.containmentOfFirst, candidate.overlap.containmentOfSecond)
    }

    /// Joins the candidate's cluster as a copy of it: `kind` given, or a duplicate or near-duplicate by `similarity`
    /// (the resemblance unless given).
    private func join(
        _ candidate: MatchCandidate,
        kind: MatchKind? = nil,
        similarity: Double? = nil,
        appeared: Date
    ) -> MatchDecision {
        let similarity = similarity ?? candidate.overlap.resemblance
        return .join(
            clusterId: candidate.clusterId,
            articleId: candidate.articleId,
            kind: kind ?? (similarity >= configuration.duplicateThreshold ? .duplicate : .nearDuplicate),
            similarity: similarity,
            recycled: isRecycled(appeared, candidate.appeared)
        )
    }

    /// Joins the cluster of the candidate, a shorter copy held in this text, as its fuller version.
    private func fuller(of candidate: MatchCandidate, appeared: Date) -> MatchDecision {
        .joinAsFuller(
            clusterId: candidate.clusterId,
            partialId: candidate.articleId,
            similarity: candidate.overlap.containmentOfSecond,
            recycled: isRecycled(appeared, candidate.appeared)
        )
    }

    private func isRecycled(_ appeared: Date, _ original: Date) -> Bool {
        appeared.timeIntervalSince(original) > configuration.recycledAfterDays * 86_400
    }
}
