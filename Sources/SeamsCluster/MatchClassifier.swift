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
    private func gathered(into target: Int64, through matched: Int64, _ candidates: [MatchCandidate]) -> [Int64] {
        guard let joined = candidates.first(where: { $0.articleId == matched }) else { return [] }
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

    /// The stories a stitched article borrows from, or nil when it is not stitched.
    ///
    /// Each story counts through the member of its cluster whose passages cover the most of the article; members of
    /// `ownCluster` (the article's own cluster, when it is re-examined) count one by one, since they may have joined
    /// it only through the page they are parts of. Sources are credited in order of contribution, each only with the
    /// tokens no larger contributor already covers, so a copy of one story that also quotes others is not mistaken
    /// for a stitched page. Three shapes are stitched:
    ///
    /// - a page of long passages: two stories that each give a long passage (2.5 ×
    ///   ``DedupConfiguration/minimumPassageTokens``) and as many tokens of their own, covering
    ///   ``DedupConfiguration/compositeCoverage`` of the article together (only
    ///   ``DedupConfiguration/wholeStoryCompositeCoverage`` when one of them is a whole story from elsewhere — outside
    ///   `ownCluster`, and not the page's opening, which is its teaser — and two each give ``minimumPartShare`` of
    ///   it: the page is then neither story's fuller version), with none covering 90 % of it;
    /// - a page holding two or more whole stories, short ones (a teaser) included, covering
    ///   ``DedupConfiguration/wholeStoryCompositeCoverage`` of it, one of them from elsewhere (the page's own teaser
    ///   is its copy, not a second story);
    /// - a roundup: two or more stories whose passage, one of their own (two, if an edit splits it), lies under
    ///   their headline, none wholly inside it, covering ``DedupConfiguration/roundupCoverage`` of it together (the
    ///   headlines, the roundup's header and footer and stories not yet stored are the rest), none half of it.
    ///
    /// Stories that `kinship` knows share passages with each other count as one story: a report that borrows from
    /// two reports of one event, which reuse one wire text, is not stitched from two stories.
    package func compositeSources(
        tokenCount: Int,
        candidates: [MatchCandidate],
        ownCluster: Int64? = nil,
        kinship: SourceKinship = SourceKinship()
    ) -> [CompositeSource]? {
        guard tokenCount > 0 else { return nil }
        let sharing = candidates.filter { !$0.isComposite && !$0.overlap.passages.isEmpty }
        let key = storyKeys(of: sharing, ownCluster: ownCluster, kinship: kinship)
        var best: [StoryKey: (candidate: MatchCandidate, tokens: Int)] = [:]
        for candidate in sharing {
            let key = key[candidate.articleId]!
            let tokens = candidate.overlap.passages.reduce(0) { $0 + $1.count }
            if tokens > best[key]?.tokens ?? 0 { best[key] = (candidate, tokens) }
        }
        let ranked = best.values.sorted {
            $0.tokens != $1.tokens ? $0.tokens > $1.tokens : $0.candidate.articleId < $1.candidate.articleId
        }.map(\.candidate)
        let others = ranked.filter { $0.clusterId != ownCluster }
        let passage = configuration.minimumPassageTokens
        let substantial = Int((Double(passage) * 2.5).rounded(.up))
        let partial = configuration.partialThreshold
        let isWhole = { (candidate: MatchCandidate) in candidate.overlap.containmentOfSecond >= partial }
        let size = Double(tokenCount)
        // A whole story that is another story's, not the page's own: outside its cluster, and not its opening (a
        // story's teaser is its lead, and the page is then its fuller version).
        // A story interrupted by another's text and then resumed is one the page was stitched from, wherever it
        // stands: a page's teaser is its unbroken opening.
        let isResumed = { (candidate: MatchCandidate) in
            let spans = candidate.overlap.passages
            return zip(spans, spans.dropFirst()).contains { $1.lowerBound - $0.upperBound >= substantial }
        }
        let opensPage = { (candidate: MatchCandidate) in (candidate.overlap.passages.first?.lowerBound ?? 0) <= passage
        }
        let isFromElsewhere = { (candidate: MatchCandidate) in
            isResumed(candidate) || (candidate.clusterId != ownCluster && !opensPage(candidate))
        }
        // A whole text that is the page's unbroken opening is its teaser or truncation: the page's own story.
        let isOwnTeaser = { (candidate: MatchCandidate) in
            isWhole(candidate) && opensPage(candidate) && !isResumed(candidate)
        }

        let long = contributions(of: ranked) { candidate, own in
            (candidate.overlap.passages.map(\.count).max() ?? 0) >= substantial && own >= substantial
        }
        // Whole stories inside a page are stitching whatever else the page holds; passages that are only parts of
        // their stories must cover nearly all of it (reports of one event reuse each other's paragraphs).
        // A whole story from elsewhere (not the page's own teaser, which is its copy) beside another large part:
        // a full story that holds its teaser and shares a paragraph with a related report is not stitched.
        let parts = long.parts.filter { Double($0.ownTokens) >= Self.minimumPartShare * size }.map(\.candidate)
        let coverage =
            parts.count >= 2 && parts.contains { isWhole($0) && isFromElsewhere($0) }
            ? configuration.wholeStoryCompositeCoverage : configuration.compositeCoverage
        // The page's own teaser is its text, not a second story (but its passage is the page's, and shown).
        let stories = long.contributors.filter { !isOwnTeaser($0) }
        if stories.count >= 2, Double(long.covered) >= coverage * size, Double(long.largest) < 0.9 * size {
            return sources(long.contributors)
        }
        let wholes = contributions(of: ranked) { candidate, own in isWhole(candidate) && own >= passage }
        if wholes.contributors.count >= 2, wholes.contributors.contains(where: isFromElsewhere),
            Double(wholes.covered) >= configuration.wholeStoryCompositeCoverage * size,
            Double(wholes.largest) < 0.9 * size
        {
            return sources(wholes.contributors)
        }
        let roundup = contributions(of: others) { candidate, own in
            candidate.followsItsHeadline && own >= passage && candidate.overlap.passages.count <= 2
                && !isWhole(candidate)
        }
        if roundup.contributors.count >= 2, Double(roundup.covered) >= configuration.roundupCoverage * size,
            Double(roundup.largest) < 0.5 * size
        {
            return sources(roundup.contributors)
        }
        return nil
    }

    /// The share of a page that a story's part must give for a whole story beside it to make the page stitched.
    static var minimumPartShare: Double { 0.15 }

    /// What identifies a story among a page's candidates: its cluster, or for the page's own cluster each member.
    private enum StoryKey: Hashable {
        case cluster(Int64)
        case article(Int64)
    }

    /// Each candidate's story: its own key, or for candidates that `kinship` links (directly or through others),
    /// the key they share.
    private func storyKeys(
        of candidates: [MatchCandidate],
        ownCluster: Int64?,
        kinship: SourceKinship
    ) -> [Int64: StoryKey] {
        var keys: [Int64: StoryKey] = [:]
        for candidate in candidates {
            keys[candidate.articleId] =
                candidate.clusterId == ownCluster ? .article(candidate.articleId) : .cluster(candidate.clusterId)
        }
        guard !kinship.isEmpty else { return keys }
        var root: [StoryKey: StoryKey] = [:]
        func find(_ key: StoryKey) -> StoryKey {
            var key = key
            while let parent = root[key], parent != key { key = parent }
            return key
        }
        for first in candidates {
            for second in candidates where first.articleId < second.articleId && kinship.links(first, second) {
                let (a, b) = (find(keys[first.articleId]!), find(keys[second.articleId]!))
                if a != b { root[b] = a }
            }
        }
        return keys.mapValues(find)
    }

    /// The candidates that qualify, in order, and each with the tokens of its passages no earlier one covers
    /// (`own`); the tokens they cover together and the most any one of them covers.
    private func contributions(
        of ranked: [MatchCandidate],
        qualifies: (MatchCandidate, _ own: Int) -> Bool
    ) -> (
        contributors: [MatchCandidate], parts: [(candidate: MatchCandidate, ownTokens: Int)], covered: Int, largest: Int
    ) {
        var covered = IndexSet()
        var parts: [(candidate: MatchCandidate, ownTokens: Int)] = []
        var largest = 0
        for candidate in ranked {
            var own = IndexSet()
            for passage in candidate.overlap.passages { own.insert(integersIn: passage) }
            own.subtract(covered)
            guard qualifies(candidate, own.count) else { continue }
            largest = max(largest, own.count)
            covered.formUnion(own)
            parts.append((candidate, own.count))
        }
        return (parts.map(\.candidate), parts, covered.count, largest)
    }

    private func sources(_ contributors: [MatchCandidate]) -> [CompositeSource] {
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

/// Pairs of stored articles known to share passages with each other, found while a page is classified: such sources
/// are versions of one story (reports of one event reusing one wire text, a story and its own teaser), and a page
/// borrowing from both is not stitched from two stories.
package struct SourceKinship: Sendable {
    private var pairs: Set<Pair> = []
    private var checked: Set<Pair> = []

    private struct Pair: Hashable {
        let first: Int64
        let second: Int64

        init(_ a: Int64, _ b: Int64) { (first, second) = a < b ? (a, b) : (b, a) }
    }

    /// Creates a kinship that links nothing.
    package init() {}

    /// True when no pair is linked.
    package var isEmpty: Bool { pairs.isEmpty }

    /// True when the two candidates' articles are known to share passages.
    func links(_ first: MatchCandidate, _ second: MatchCandidate) -> Bool {
        pairs.contains(Pair(first.articleId, second.articleId))
    }

    /// True when the pair has been checked already, linked or not.
    package func hasChecked(_ first: Int64, _ second: Int64) -> Bool { checked.contains(Pair(first, second)) }

    /// Records the outcome of checking a pair.
    package mutating func record(_ first: Int64, _ second: Int64, related: Bool) {
        let pair = Pair(first, second)
        checked.insert(pair)
        if related { pairs.insert(pair) }
    }
}
