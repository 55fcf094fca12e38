import SeamsFingerprint

/// Stitched pages: finding a stored page's sources as the stories it borrows from arrive, telling versions of one
/// story from distinct stories, and placing afresh a page that turns out not to be stitched.
extension Deduplicator {
    /// Checks whether a stored article is stitched from the stories now known, and records its passages if so.
    /// Returns true when it is (or already was) a composite. When it becomes one, the articles that had joined its
    /// cluster only as partial copies of it are placed afresh: they are its sources, not copies of it.
    ///
    /// With `unstitching` (one of its sources has just turned out to be a stitched page itself), a page no longer
    /// stitched from the stories now known is placed afresh, as an article of its own story.
    mutating func reevaluate(_ articleId: Int64, unstitching: Bool = false) throws -> Bool {
        guard var article = try storage.article(articleId), let formerCluster = article.clusterId else { return false }
        guard reexamining.insert(articleId).inserted else { return article.placement.isComposite }
        defer { reexamining.remove(articleId) }
        let fingerprint = try search.fingerprint(of: article)
        let candidates = try search.candidates(for: article, fingerprint: fingerprint)
        // A copy of a stitched page stays with it; it is not a stitched page of its own.
        if classifier.stitchedOriginal(tokenCount: fingerprint.tokens.count, candidates: candidates) != nil {
            return article.placement.isComposite
        }
        let found = try stitchedSources(tokenCount: fingerprint.tokens.count, candidates, ownCluster: formerCluster)
        guard let sources = found else {
            // Not while a copy of the page is stored: a copy covers all of it, and hides its sources.
            let isCopied = candidates.contains { $0.overlap.resemblance >= configuration.nearDuplicateThreshold }
            guard unstitching, article.placement.isComposite, !isCopied else { return article.placement.isComposite }
            try settle(article, fingerprint: fingerprint, leaving: formerCluster)
            return false
        }
        try replacePassages(of: articleId, tokens: fingerprint.tokens, sources: sources)
        guard !article.placement.isComposite else { return true }
        // A stitched page never stays in the cluster of one of its sources: it gets a cluster of its own. The
        // articles that joined only because they matched it are its sources or its copies: they are placed afresh.
        let formerMembers = try storage.members(of: formerCluster)
        // Those that joined it, and those that joined them, in turn.
        var joined: Set<Int64> = [articleId]
        var partials: [Int64] = []
        for member in formerMembers.sorted(by: { $0.id < $1.id })
        where member.placement.matchedArticleId.map(joined.contains) ?? false {
            joined.insert(member.id)
            partials.append(member.id)
        }
        let alone = formerMembers.count == 1
        let ownCluster = alone ? formerCluster : try storage.createCluster(canonical: articleId, at: now)
        article.placement = ArticlePlacement(
            clusterId: ownCluster,
            isRecycled: article.placement.isRecycled,
            isComposite: true
        )
        try storage.setPlacement(of: articleId, article.placement)
        if try reexamineCiting(articleId) { try refreshPassages(of: articleId) }
        try reelect(ownCluster)
        if ownCluster != formerCluster { try reelect(formerCluster) }
        for partialId in partials {
            guard var partial = try storage.article(partialId) else { continue }
            let previous = partial.clusterId
            partial.placement.clusterId = try storage.createCluster(canonical: partialId, at: now)
            partial.placement.matchKind = nil
            partial.placement.matchedArticleId = nil
            try storage.setPlacement(of: partialId, partial.placement)
            if let previous { try reelect(previous) }
            try place(partial, fingerprint: try search.fingerprint(of: partial))
        }
        return true
    }

    /// The stories a page is stitched from, as ``MatchClassifier/compositeSources(tokenCount:candidates:ownCluster:kinship:)``
    /// finds them, with sources that share passages with each other counted as one story.
    mutating func stitchedSources(
        tokenCount: Int,
        _ candidates: [MatchCandidate],
        ownCluster: Int64
    ) throws -> [CompositeSource]? {
        var kinship = SourceKinship()
        var found = classifier.compositeSources(tokenCount: tokenCount, candidates: candidates, ownCluster: ownCluster)
        while let sources = found, try learnKinship(among: sources, into: &kinship) {
            found = classifier.compositeSources(
                tokenCount: tokenCount,
                candidates: candidates,
                ownCluster: ownCluster,
                kinship: kinship
            )
        }
        return found
    }

    /// Records a stitched page's passages afresh, after the stories it borrows from changed.
    mutating func refreshPassages(of articleId: Int64) throws {
        guard let article = try storage.article(articleId), let cluster = article.clusterId,
            article.placement.isComposite
        else { return }
        let fingerprint = try search.fingerprint(of: article)
        let candidates = try search.candidates(for: article, fingerprint: fingerprint)
        guard let sources = try stitchedSources(tokenCount: fingerprint.tokens.count, candidates, ownCluster: cluster)
        else { return }
        try replacePassages(of: articleId, tokens: fingerprint.tokens, sources: sources)
    }

    /// Checks the pairs of a page's sources not checked before and records which share passages with each other —
    /// together at least one and a half passages' worth
    /// (``DedupConfiguration/minimumPassageTokens``), and a substantial passage's worth
    /// (``DedupConfiguration/substantialPassageTokens``) or 15 % of the shorter. Returns true
    /// when a new pair was found to: the sources are then one story's versions, and the page is classified again.
    mutating func learnKinship(
        among sources: [CompositeSource],
        into kinship: inout SourceKinship
    ) throws
        -> Bool
    {
        var found = false
        let passage = Double(configuration.minimumPassageTokens)
        let substantial = Double(configuration.substantialPassageTokens)
        for (index, first) in sources.enumerated() {
            for second in sources[(index + 1)...] where !kinship.hasChecked(first.articleId, second.articleId) {
                guard let a = try storage.article(first.articleId), let b = try storage.article(second.articleId) else {
                    kinship.record(first.articleId, second.articleId, related: false)
                    continue
                }
                var (shorter, longer) = (try search.fingerprint(of: a), try search.fingerprint(of: b))
                if shorter.tokens.count > longer.tokens.count { swap(&shorter, &longer) }
                let shared = Overlap(
                    firstShingles: shorter.shingles,
                    firstSet: shorter.shingleSet,
                    secondSet: longer.shingleSet,
                    firstTokens: shorter.tokens.count,
                    k: configuration.shingleSize,
                    minimumPassageTokens: configuration.minimumPassageTokens
                ).passages.reduce(0) { $0 + $1.count }
                let needed = max(1.5 * passage, min(substantial, 0.15 * Double(shorter.tokens.count)))
                let related = Double(shared) >= needed
                kinship.record(first.articleId, second.articleId, related: related)
                found = found || related
            }
        }
        return found
    }

    /// Re-examines the stitched pages that cite a page now known to be stitched itself: it is no story's text, and
    /// a page that borrowed only from it and one story is no longer stitched. Returns true when one of them was
    /// placed afresh (and may now be one of this page's sources).
    mutating func reexamineCiting(_ page: Int64) throws -> Bool {
        var unstitched = false
        for citing in try storage.composites(citing: page) where citing != page {
            if try !reevaluate(citing, unstitching: true) { unstitched = true }
        }
        return unstitched
    }

    func replacePassages(of compositeId: Int64, tokens: MatchTokens, sources: [CompositeSource]) throws {
        let passages = sources.flatMap { source in
            source.passages.map {
                StitchedPassage(sourceId: source.articleId, span: tokens.span(of: $0), coverage: source.coverage)
            }
        }
        try storage.replacePassages(of: compositeId, with: passages)
    }
}
