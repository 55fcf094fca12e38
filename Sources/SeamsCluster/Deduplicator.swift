package import Foundation
import SeamsCore
package import SeamsFingerprint

/// Places articles in story clusters: fingerprints and indexes each one, finds and verifies its candidates, asks the
/// ``MatchClassifier`` where it goes, links stitched pages to their sources, and re-elects canonical articles — over
/// any ``ClusterStorage``, inside one of its transactions (see that protocol for what must not interleave).
///
/// Invariants after every call: each placed article is in exactly one cluster; every cluster has at least one member,
/// and its canonical article is one of them with relation ``ArticleRelation/canonical``. Containment and passage
/// links never merge clusters; only exact copies do.
package struct Deduplicator<Storage: ClusterStorage> {
    /// The storage read and written.
    package let storage: Storage
    /// The settings in force.
    package let configuration: DedupConfiguration
    /// The time written on clusters created or re-elected.
    package let now: Date
    let classifier: MatchClassifier
    var search: CandidateSearch<Storage>
    /// The stored pages being checked for stitching, innermost last: placing an article re-examines pages, which
    /// may place articles again, and a page is never re-examined inside its own re-examination.
    var reexamining: Set<Int64> = []
    /// Each feed's outlet, as read (see ``outlet(ofFeed:)``).
    var outlets: [Int64: FeedOutlet] = [:]

    /// Creates an engine for one transaction of `storage`. `cache` keeps stored articles' fingerprints between
    /// transactions; it must be used with one storage only.
    package init(storage: Storage, configuration: DedupConfiguration, cache: FingerprintCache, now: Date) {
        self.storage = storage
        self.configuration = configuration
        self.now = now
        self.classifier = MatchClassifier(configuration: configuration)
        self.search = CandidateSearch(storage: storage, configuration: configuration, cache: cache)
    }

    /// Fingerprints and indexes a stored article whose text is `text`, then places it. `learnFurniture` first counts
    /// its lines towards its feed's furniture (once per article; see ``learnFurniture(from:feedId:)``);
    /// `previousCluster` is the cluster it leaves after a change of text.
    package mutating func add(
        _ article: ClusterArticle,
        text: String,
        learnFurniture: Bool,
        previousCluster: Int64?
    ) throws {
        if learnFurniture { try self.learnFurniture(from: [text], feedId: article.feedId) }
        let fingerprint = try search.fingerprint(text: text, feedId: article.feedId)
        try settle(article, fingerprint: fingerprint, leaving: previousCluster)
    }

    /// Counts the lines of a feed's newly stored texts towards its furniture — all of a fetch's new entries before
    /// any of them is placed, so that the lines its items share are known when the first is matched. When that
    /// makes the furniture grow, the feed's latest placed articles (at most
    /// ``DedupConfiguration/reexaminedAfterLearning``) whose text it changes are placed afresh: a copy stored before
    /// its outlet's furniture was known joins its story now.
    package mutating func learnFurniture(from texts: [String], feedId: Int64) throws {
        guard try search.learn(texts: texts, feedId: feedId) else { return }
        for article in try storage.recentArticles(feedId: feedId, limit: configuration.reexaminedAfterLearning) {
            let fingerprint = try search.fingerprint(of: article)
            guard fingerprint.tokens.count != article.tokenCount else { continue }
            try settle(article, fingerprint: fingerprint, leaving: article.clusterId)
        }
    }

    /// Places these articles afresh, one after another in the order they were stored, as if each arrived again: what
    /// the articles left behind when a feed is removed need, since the clusters they joined may rest on its evidence.
    /// Every cluster they are in must hold only them (pass whole clusters); those clusters are dissolved first, so no
    /// article is matched against a placement the removed articles caused.
    package mutating func replace(_ ids: [Int64]) throws {
        var articles: [ClusterArticle] = []
        var clusters = Set<Int64>()
        for id in ids.sorted() {
            guard var article = try storage.article(id) else { continue }
            if let cluster = article.clusterId { clusters.insert(cluster) }
            if article.placement.isComposite { try storage.replacePassages(of: id, with: []) }
            article.placement = ArticlePlacement()
            try storage.setPlacement(of: id, article.placement)
            articles.append(article)
        }
        for cluster in clusters { try storage.deleteCluster(cluster) }
        for article in articles {
            try settle(article, fingerprint: try search.fingerprint(of: article), leaving: nil)
        }
    }

    /// Records and indexes the article's fingerprint, and places it afresh, out of `previousCluster` if it was in
    /// one (a stitched page's passages are found again). It is in no cluster while it is placed, unless a page that
    /// may hold it is re-examined first (see ``place(_:fingerprint:)``): most articles join a story, and a cluster
    /// made for each only to be deleted again cost a cluster row, its listing keys and a second move of the article.
    mutating func settle(
        _ article: ClusterArticle,
        fingerprint: ArticleFingerprint,
        leaving previousCluster: Int64?
    ) throws {
        var article = article
        article.signature = fingerprint.signature
        article.tokenCount = fingerprint.tokens.count
        try storage.setFingerprint(
            of: article.id,
            signature: fingerprint.signature,
            tokenCount: fingerprint.tokens.count
        )
        try search.index(article.id, fingerprint)
        if article.placement.isComposite { try storage.replacePassages(of: article.id, with: []) }
        if article.placement != ArticlePlacement() {
            article.placement = ArticlePlacement()
            try storage.setPlacement(of: article.id, article.placement)
        }
        if let previousCluster { try reelect(previousCluster) }
        try place(article, fingerprint: fingerprint)
    }

    /// The fingerprint of a text from a feed, leaving out what the feed has taught the engine is furniture.
    package mutating func fingerprint(text: String, feedId: Int64) throws -> ArticleFingerprint {
        try search.fingerprint(text: text, feedId: feedId)
    }

    /// The fingerprint of a stored article, as candidates are verified with.
    package mutating func fingerprint(of article: ClusterArticle) throws -> ArticleFingerprint {
        try search.fingerprint(of: article)
    }

    /// Decides where the article goes and puts it there.
    mutating func place(_ article: ClusterArticle, fingerprint: ArticleFingerprint) throws {
        var article = article
        var candidates = try search.candidates(for: article, fingerprint: fingerprint)
        // A passage of this article in another page: that page may be stitched from this story and others that
        // arrived before it — a long passage, this whole story, or a short passage under this story's headline (a
        // roundup, shorter than any of its stories). A short passage alone is a shared phrase: not worth the work.
        var reclassify = false
        let substantial = configuration.substantialPassageTokens
        for page in candidates
        where !page.isComposite && !page.overlap.passages.isEmpty
            && page.overlap.containmentOfSecond < configuration.partialThreshold  // not a copy of this one
            && (page.overlap.passages.contains { $0.count >= substantial }
                || page.overlap.containmentOfFirst >= configuration.partialThreshold || page.showsHeadlineOfFirst)
        {
            // Candidate searches leave out articles not yet placed: the page sees this one in a cluster of its own.
            if article.clusterId == nil {
                article.placement = ArticlePlacement(
                    clusterId: try storage.createCluster(canonical: article.id, at: now)
                )
                try storage.setPlacement(of: article.id, article.placement)
            }
            if try reevaluate(page.articleId) { reclassify = true }
        }
        if reclassify { candidates = try search.candidates(for: article, fingerprint: fingerprint) }
        try weighClusters(&candidates, tokenCount: fingerprint.tokens.count)
        var kinship = SourceKinship()
        var decision = classifier.classify(
            tokenCount: fingerprint.tokens.count,
            appeared: article.appeared,
            candidates: candidates
        )
        while case .composite(let sources) = decision, try learnKinship(among: sources, into: &kinship) {
            decision = classifier.classify(
                tokenCount: fingerprint.tokens.count,
                appeared: article.appeared,
                candidates: candidates,
                kinship: kinship
            )
        }
        try apply(decision, to: article, tokens: fingerprint.tokens)
        // Stitched pages that hold a passage of this article now have one more source to show.
        for candidate in candidates where candidate.isComposite && !candidate.overlap.passages.isEmpty {
            _ = try reevaluate(candidate.articleId)
        }
    }

    private mutating func apply(_ decision: MatchDecision, to article: ClusterArticle, tokens: MatchTokens) throws {
        let provisional = article.clusterId
        var placement = ArticlePlacement()
        switch decision {
        case .new:
            placement.clusterId = try provisional ?? storage.createCluster(canonical: article.id, at: now)
        case .join(let cluster, let matched, let kind, let similarity, let recycled, let gathered):
            for copies in gathered { try storage.mergeCluster(copies, into: cluster) }
            placement = ArticlePlacement(
                clusterId: cluster,
                matchKind: kind,
                matchedArticleId: matched,
                similarity: similarity,
                isRecycled: recycled
            )
        case .joinAsFuller(let cluster, let partialId, let similarity, let recycled, let gathered):
            for copies in gathered { try storage.mergeCluster(copies, into: cluster) }
            placement = ArticlePlacement(
                clusterId: cluster,
                matchKind: .nearDuplicate,
                matchedArticleId: partialId,
                similarity: similarity,
                isRecycled: recycled
            )
            if var partial = try storage.article(partialId) {
                partial.placement.matchKind = .partial
                partial.placement.matchedArticleId = article.id
                partial.placement.similarity = similarity
                try storage.setPlacement(of: partialId, partial.placement)
            }
        case .merge(let clusters, let matched):
            for source in clusters.dropFirst() { try storage.mergeCluster(source, into: clusters[0]) }
            placement = ArticlePlacement(
                clusterId: clusters[0],
                matchKind: .duplicate,
                matchedArticleId: matched,
                similarity: 1
            )
        case .composite(let sources):
            placement = ArticlePlacement(
                clusterId: try provisional ?? storage.createCluster(canonical: article.id, at: now),
                isComposite: true
            )
            try replacePassages(of: article.id, tokens: tokens, sources: sources)
        }
        try storage.setPlacement(of: article.id, placement)
        if placement.isComposite, try reexamineCiting(article.id) { try refreshPassages(of: article.id) }
        let target = placement.clusterId!
        switch decision {
        case .join(_, _, _, _, _, let gathered) where gathered.isEmpty: try reelect(target, changed: [article.id])
        case .joinAsFuller(_, let partialId, _, _, let gathered) where gathered.isEmpty:
            try reelect(target, changed: [article.id, partialId])
        default: try reelect(target)
        }
        if let provisional, provisional != target { try reelect(provisional) }  // deletes it, now empty
    }

    /// Marks what the candidates' clusters say about joining them. Unbacked — so that one short passage never
    /// chains two stories — are:
    ///
    /// - a longer text that contains it, whose cluster holds other articles it shares nothing with (a page not yet
    ///   known to be stitched that joined another story);
    /// - a shorter text it contains (a lead), whose cluster already holds a fuller text this article is no copy of
    ///   (reports of one event all open with the wire's sentence that the lead is).
    ///
    /// Held by the arrival is a cluster this article holds every member of, none longer than it: its leads, teasers
    /// or copies, stored apart from the story they belong to (``MatchCandidate/clusterIsHeldByArrival``).
    ///
    /// A cluster of more than ``CandidateSearch/perKeyCandidates`` × 4 members is a story copied widely, and is not
    /// checked.
    private func weighClusters(_ candidates: inout [MatchCandidate], tokenCount: Int) throws {
        let partial = configuration.partialThreshold
        let sharing = Set(candidates.filter { !$0.overlap.passages.isEmpty }.map(\.articleId))
        let copied = Set(
            candidates.filter {
                $0.overlap.resemblance >= configuration.nearDuplicateThreshold
                    || $0.overlap.containmentOfFirst >= partial || $0.overlap.containmentOfSecond >= partial
            }.map(\.articleId)
        )
        // The texts this one holds, none of them longer: its leads, teasers and copies.
        let held = Set(
            candidates.filter {
                !$0.isComposite && $0.overlap.containmentOfSecond >= partial && $0.tokenCount <= tokenCount
                    && $0.tokenCount >= configuration.minimumPassageTokens
            }.map(\.articleId)
        )
        var read: [Int64: [ClusterArticle]] = [:]
        func members(of cluster: Int64) throws -> [ClusterArticle] {
            if let known = read[cluster] { return known }
            let found = try storage.members(of: cluster)
            read[cluster] = found
            return found
        }
        for index in candidates.indices {
            let stored = candidates[index]
            guard !stored.isComposite else { continue }
            let contains = stored.tokenCount > tokenCount && stored.overlap.containmentOfFirst >= partial
            let isContained = stored.tokenCount < tokenCount && stored.overlap.containmentOfSecond >= partial
            guard contains || isContained else { continue }
            guard try storage.memberCount(of: stored.clusterId) <= CandidateSearch<Storage>.perKeyCandidates * 4 + 1
            else { continue }
            let others = try members(of: stored.clusterId).filter { $0.id != stored.articleId }
            if contains {
                candidates[index].isBackedByItsCluster = others.isEmpty || others.contains { sharing.contains($0.id) }
            } else {
                // The lead's own copies this article holds too say nothing.
                let fuller = others.filter {
                    $0.tokenCount > stored.tokenCount && $0.placement.matchKind != .partial && !held.contains($0.id)
                }
                candidates[index].isBackedByItsCluster = fuller.isEmpty || fuller.contains { copied.contains($0.id) }
            }
        }
        // Clusters this text holds all of, none of it longer: its leads, teasers and copies, stored apart.
        var isHeld: [Int64: Bool] = [:]
        for index in candidates.indices where held.contains(candidates[index].articleId) {
            let cluster = candidates[index].clusterId
            if isHeld[cluster] == nil {
                isHeld[cluster] =
                    try storage.memberCount(of: cluster) <= CandidateSearch<Storage>.perKeyCandidates * 4
                    && members(of: cluster).allSatisfy { held.contains($0.id) }
            }
            candidates[index].clusterIsHeldByArrival = isHeld[cluster] ?? false
        }
    }

    /// How many of a cluster's earliest and of its fullest members election weighs when articles join it: the whole
    /// cluster up to this many members, so only a story copied more widely is elected from a part of it (its
    /// earliest claims and fullest texts, which are what the election turns on). Should that part elect another
    /// article than the whole would, the whole is read: the canonical record never depends on the shortcut.
    package static var electorateShare: Int { 16 }

    /// Re-elects a cluster that `changed` members joined (or changed place in) and nothing left, in work bounded
    /// however big the cluster is: the election weighs its ``electorate(of:limit:)`` and the changed members, and
    /// while the canonical article stays, only the changed members' relations are written. A new canonical article
    /// re-relates every member, as ``reelect(_:)`` does.
    mutating func reelect(_ cluster: Int64, changed: [Int64]) throws {
        guard let current = try storage.canonical(of: cluster) else { return try reelect(cluster) }
        var electorate = try storage.electorate(of: cluster, limit: Self.electorateShare)
        let weighed = Set(electorate.map(\.id))
        for id in changed where !weighed.contains(id) {
            if let member = try storage.article(id), member.clusterId == cluster { electorate.append(member) }
        }
        guard try elect(electorate) == current, let canonical = electorate.first(where: { $0.id == current }) else {
            return try reelect(cluster)
        }
        for member in electorate where changed.contains(member.id) {
            let (relation, similarity) = relation(of: member, to: canonical)
            try storage.setRelation(of: member.id, relation, similarity: similarity)
        }
        try storage.setCanonical(of: cluster, to: current, at: now)
    }

    /// Elects the cluster's canonical article afresh and sets every member's relation and similarity to it;
    /// deletes a cluster left empty.
    package mutating func reelect(_ cluster: Int64) throws {
        let members = try storage.members(of: cluster)
        guard let canonicalId = try elect(members), let canonical = members.first(where: { $0.id == canonicalId })
        else {
            try storage.deleteCluster(cluster)
            return
        }
        for member in members {
            let (relation, similarity) = relation(of: member, to: canonical)
            try storage.setRelation(of: member.id, relation, similarity: similarity)
        }
        try storage.setCanonical(of: cluster, to: canonicalId, at: now)
    }

    /// The canonical article among `members` (see ``CanonicalElection``); nil when there are none.
    private mutating func elect(_ members: [ClusterArticle]) throws -> Int64? {
        let outlets = try outlets(of: members)
        let electorate = members.map { article in
            ClusterMember(
                id: article.id,
                published: article.published,
                firstSeen: article.firstSeen,
                textLength: article.tokenCount,
                isPartial: article.placement.matchKind == .partial,
                isRecycled: article.placement.isRecycled,
                isComposite: article.placement.isComposite,
                site: WebAddress.site(of: article.canonicalURL),
                outlet: outlets[article.feedId] ?? nil
            )
        }
        return CanonicalElection.canonical(of: electorate, clockSkew: configuration.clockSkewSeconds)
    }

    private func relation(of member: ClusterArticle, to canonical: ClusterArticle) -> (ArticleRelation, Double) {
        if member.id == canonical.id { return (.canonical, 1) }
        let exact = member.contentKey != nil && member.contentKey == canonical.contentKey
        var estimate = 1.0
        if !exact {
            estimate =
                member.signature.flatMap { signature in canonical.signature.map { signature.resemblance(to: $0) } } ?? 0
        }
        let placement = member.placement
        if placement.isRecycled { return (.recycled, estimate) }
        if placement.matchKind == .partial { return (.partial, placement.similarity ?? estimate) }
        if exact || estimate >= configuration.duplicateThreshold { return (.duplicate, estimate) }
        return (
            .nearDuplicate, max(estimate, placement.matchedArticleId == canonical.id ? placement.similarity ?? 0 : 0)
        )
    }
}
