import Foundation
import SeamsFingerprint

extension MatchClassifier {
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
        let substantial = configuration.substantialPassageTokens
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
