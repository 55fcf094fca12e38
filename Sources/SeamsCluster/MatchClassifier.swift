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

    /// Creates a candidate.
    package init(
        articleId: Int64,
        clusterId: Int64,
        overlap: Overlap,
        tokenCount: Int,
        appeared: Date,
        isComposite: Bool,
        isExactCopy: Bool
    ) {
        self.articleId = articleId
        self.clusterId = clusterId
        self.overlap = overlap
        self.tokenCount = tokenCount
        self.appeared = appeared
        self.isComposite = isComposite
        self.isExactCopy = isExactCopy
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
    case join(clusterId: Int64, articleId: Int64, kind: MatchKind, similarity: Double, recycled: Bool)
    /// It is the fuller text of `partialId`, a shorter copy already stored, and joins that cluster.
    case joinAsFuller(clusterId: Int64, partialId: Int64, similarity: Double, recycled: Bool)
    /// Exact copies in several clusters: those clusters are one story and merge.
    case merge(clusterIds: [Int64], articleId: Int64)
    /// It is stitched from passages of two or more stories: it starts its own cluster, linked to theirs.
    case composite([CompositeSource])
}

/// Decides how an arriving article relates to verified candidates, in the order that keeps stories apart.
///
/// 1. An exact copy joins its original (exact copies in several clusters merge them).
/// 2. A near-duplicate of a stitched article that contains nearly all of it is a copy of that page and joins it.
/// 3. Long passages from two or more stories that together cover most of the article make a composite (see
///    ``compositeSources(tokenCount:candidates:)``): linked to its sources, never merged with them (merging would
///    chain unrelated stories through it).
/// 4. A resemblance of at least ``DedupConfiguration/nearDuplicateThreshold`` joins the most similar article —
///    except for short texts, which are matched only exactly or by containment.
/// 5. Containment of at least ``DedupConfiguration/partialThreshold`` in a longer, non-composite text makes a
///    partial copy; containing a shorter stored text makes this the fuller version of it. Texts shorter than a
///    passage (``DedupConfiguration/minimumPassageTokens``) are never partial copies: a few shared words identify
///    nothing.
///
/// A copy of an article that appeared more than ``DedupConfiguration/recycledAfterDays`` earlier is recycled.
package struct MatchClassifier: Sendable {
    /// The settings in force.
    package let configuration: DedupConfiguration

    /// Creates a classifier.
    package init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    /// Classifies an article of `tokenCount` tokens that appeared at `appeared`.
    package func classify(tokenCount: Int, appeared: Date, candidates: [MatchCandidate]) -> MatchDecision {
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
        // A copy of a stitched page contains (nearly) all of it; one of its sources resembles it but does not.
        let pageCopies = candidates.filter {
            $0.isComposite && $0.overlap.containmentOfSecond >= configuration.partialThreshold
                && $0.overlap.resemblance >= configuration.nearDuplicateThreshold
        }
        if !isShort, let copy = pageCopies.max(by: { $0.overlap.resemblance < $1.overlap.resemblance }) {
            return join(copy, appeared: appeared)
        }
        if let sources = compositeSources(tokenCount: tokenCount, candidates: candidates) { return .composite(sources) }
        // Resemblance joins a story, never a stitched page (its sources resemble it too).
        let stories = candidates.filter { !$0.isComposite }
        if !isShort, let best = stories.max(by: { $0.overlap.resemblance < $1.overlap.resemblance }),
            best.overlap.resemblance >= configuration.nearDuplicateThreshold
        {
            return join(best, appeared: appeared)
        }
        // A few words in common identify nothing: a partial copy carries at least a passage's worth of text.
        let identifying = configuration.minimumPassageTokens
        let containers = candidates.filter {
            tokenCount >= identifying && !$0.isComposite
                && $0.overlap.containmentOfFirst >= configuration.partialThreshold
                && $0.tokenCount > tokenCount
        }
        if let container = containers.max(by: { $0.overlap.containmentOfFirst < $1.overlap.containmentOfFirst }) {
            return .join(
                clusterId: container.clusterId,
                articleId: container.articleId,
                kind: .partial,
                similarity: container.overlap.containmentOfFirst,
                recycled: isRecycled(appeared, container.appeared)
            )
        }
        let contained = candidates.filter {
            $0.tokenCount >= identifying && !$0.isComposite
                && $0.overlap.containmentOfSecond >= configuration.partialThreshold
                && $0.tokenCount < tokenCount
        }
        if let partial = contained.max(by: { $0.overlap.containmentOfSecond < $1.overlap.containmentOfSecond }) {
            return .joinAsFuller(
                clusterId: partial.clusterId,
                partialId: partial.articleId,
                similarity: partial.overlap.containmentOfSecond,
                recycled: isRecycled(appeared, partial.appeared)
            )
        }
        return .new
    }

    private func join(_ candidate: MatchCandidate, appeared: Date) -> MatchDecision {
        let similarity = candidate.overlap.resemblance
        return .join(
            clusterId: candidate.clusterId,
            articleId: candidate.articleId,
            kind: similarity >= configuration.duplicateThreshold ? .duplicate : .nearDuplicate,
            similarity: similarity,
            recycled: isRecycled(appeared, candidate.appeared)
        )
    }

    private func isRecycled(_ appeared: Date, _ original: Date) -> Bool {
        appeared.timeIntervalSince(original) > configuration.recycledAfterDays * 86_400
    }

    /// The stories a stitched article borrows from, or nil when it is not stitched.
    ///
    /// Each story counts through the member of its cluster whose passages cover the most of the article. Sources
    /// are credited in order of contribution, each only with the tokens no larger contributor already covers, so a
    /// copy of one story that also quotes others is not mistaken for a stitched page. It takes two stories that each
    /// give a long passage (2.5 × ``DedupConfiguration/minimumPassageTokens``) and as many tokens of their own,
    /// covering ``DedupConfiguration/compositeCoverage`` of the article together (only
    /// ``DedupConfiguration/wholeStoryCompositeCoverage`` when two of them are whole stories inside it), with none
    /// covering 90 % of it.
    package func compositeSources(tokenCount: Int, candidates: [MatchCandidate]) -> [CompositeSource]? {
        guard tokenCount > 0 else { return nil }
        var best: [Int64: (candidate: MatchCandidate, tokens: Int)] = [:]
        for candidate in candidates where !candidate.isComposite && !candidate.overlap.passages.isEmpty {
            let tokens = candidate.overlap.passages.reduce(0) { $0 + $1.count }
            if tokens > best[candidate.clusterId]?.tokens ?? 0 { best[candidate.clusterId] = (candidate, tokens) }
        }
        let substantial = Int((Double(configuration.minimumPassageTokens) * 2.5).rounded(.up))
        var covered = IndexSet()
        var contributors: [MatchCandidate] = []
        var largest = 0
        for entry in best.values.sorted(by: {
            $0.tokens != $1.tokens ? $0.tokens > $1.tokens : $0.candidate.articleId < $1.candidate.articleId
        }) {
            let passages = entry.candidate.overlap.passages
            guard let longest = passages.map(\.count).max(), longest >= substantial else { continue }
            var own = IndexSet()
            for passage in passages { own.insert(integersIn: passage) }
            own.subtract(covered)
            guard own.count >= substantial else { continue }
            largest = max(largest, own.count)
            covered.formUnion(own)
            contributors.append(entry.candidate)
        }
        // Whole stories inside a page are stitching whatever else the page holds; passages that are only parts of
        // their stories must cover nearly all of it (reports of one event reuse each other's paragraphs).
        let wholeStories = contributors.filter { $0.overlap.containmentOfSecond >= configuration.partialThreshold }
            .count
        let coverage = wholeStories >= 2 ? configuration.wholeStoryCompositeCoverage : configuration.compositeCoverage
        guard contributors.count >= 2, Double(covered.count) >= coverage * Double(tokenCount),
            Double(largest) < 0.9 * Double(tokenCount)
        else { return nil }
        return
            contributors
            .map { candidate in
                CompositeSource(
                    articleId: candidate.articleId,
                    clusterId: candidate.clusterId,
                    passages: candidate.overlap.passages,
                    coverage: candidate.overlap.coverageOfSecond
                )
            }
            .sorted { ($0.passages.first?.lowerBound ?? 0) < ($1.passages.first?.lowerBound ?? 0) }
    }
}
