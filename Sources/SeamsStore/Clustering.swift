import Foundation
import GRDB
import SeamsCluster
import SeamsFingerprint

/// Keeps story clusters consistent inside one write transaction: fingerprints and indexes articles, places them
/// by the ``MatchClassifier``'s decision, links stitched articles to their sources, and re-elects canonical
/// articles.
///
/// Invariants after every call: each article with a cluster is in exactly one; every cluster has at least one
/// member, and its canonical article is one of them with relation `canonical`. Containment and passage links
/// never merge clusters; only exact copies do.
struct Clustering {
    let db: Database
    let now: Date
    let configuration: DedupConfiguration
    private var deduplicator: Deduplicator
    private let classifier: MatchClassifier

    init(db: Database, now: Date, configuration: DedupConfiguration, cache: FingerprintCache) {
        self.db = db
        self.now = now
        self.configuration = configuration
        self.deduplicator = Deduplicator(db: db, configuration: configuration, cache: cache)
        self.classifier = MatchClassifier(configuration: configuration)
    }

    /// Fingerprints and indexes a stored article, then places it. `learn` counts its lines towards its feed's
    /// boilerplate (once per article); `previousCluster` is the cluster it leaves after a change of text.
    mutating func add(_ article: inout ArticleRecord, learn: Bool, previousCluster: Int64?) throws {
        guard let id = article.id else { return }
        let fingerprint = try deduplicator.fingerprint(text: article.text, feedId: article.feedId)
        article.signature = Data(fingerprint.signature.bytes)
        article.tokenCount = fingerprint.tokens.count
        try db.run("UPDATE article SET signature = ?, tokenCount = ? WHERE id = ?", [article.signature, article.tokenCount, id])
        if learn { try deduplicator.learn(lines: fingerprint.tokens.lineHashes, feedId: article.feedId) }
        try deduplicator.index(articleId: id, fingerprint: fingerprint)
        // A cluster of its own while it is placed, so that re-evaluating a page that contains it sees it too.
        let provisional = try newCluster(canonical: id)
        try db.run("UPDATE article SET clusterId = ? WHERE id = ?", [provisional, id])
        article.clusterId = provisional
        if let previousCluster { try reelect(previousCluster) }
        try place(&article, fingerprint: fingerprint)
    }

    /// Decides where the article goes and puts it there.
    private mutating func place(_ article: inout ArticleRecord, fingerprint: Deduplicator.ArticleFingerprint) throws {
        guard let id = article.id else { return }
        var candidates = try deduplicator.candidates(for: article, fingerprint: fingerprint)
        // A long passage of this article in a longer page: that page may be stitched from this story and others
        // that arrived before it.
        let substantial = Double(configuration.minimumPassageTokens) * 2.5
        var reclassify = false
        for page in candidates
        where !page.isComposite && page.tokenCount > fingerprint.tokens.count
            && page.overlap.passages.contains(where: { Double($0.count) >= substantial })
            && page.overlap.containmentOfSecond < configuration.partialThreshold  // not a copy of this one
        {
            if try reevaluate(page.articleId) { reclassify = true }
        }
        if reclassify { candidates = try deduplicator.candidates(for: article, fingerprint: fingerprint) }
        let decision = classifier.classify(tokenCount: fingerprint.tokens.count, appeared: article.appeared, candidates: candidates)
        try apply(decision, to: &article, tokens: fingerprint.tokens)
        // Stitched pages that hold a passage of this article now have one more source to show.
        for candidate in candidates
        where candidate.isComposite && candidate.overlap.passages.contains(where: { Double($0.count) >= substantial }) {
            _ = try reevaluate(candidate.articleId)
        }
        _ = id
    }

    private mutating func apply(_ decision: MatchDecision, to article: inout ArticleRecord, tokens: MatchTokens) throws {
        let id = article.id!
        let provisional = article.clusterId
        var target: Int64
        var kind: String?
        var matched: Int64?
        var similarity: Double?
        var recycled = false
        var composite = false
        switch decision {
        case .new:
            target = try provisional ?? newCluster(canonical: id)
        case .join(let cluster, let articleId, let matchKind, let score, let isRecycled):
            (target, kind, matched, similarity, recycled) = (cluster, matchKind.rawValue, articleId, score, isRecycled)
        case .joinAsFuller(let cluster, let partialId, let score, let isRecycled):
            (target, kind, matched, similarity, recycled) = (cluster, MatchKind.nearDuplicate.rawValue, partialId, score, isRecycled)
            try db.run("UPDATE article SET matchKind = 'partial', matchedArticleId = ?, similarity = ? WHERE id = ?", [id, score, partialId])
        case .merge(let clusters, let articleId):
            target = clusters[0]
            for source in clusters.dropFirst() {
                try db.run("UPDATE article SET clusterId = ? WHERE clusterId = ?", [target, source])
                _ = try ClusterRecord.deleteOne(db, key: source)
            }
            (kind, matched, similarity) = (MatchKind.duplicate.rawValue, articleId, 1)
        case .composite(let sources):
            target = try provisional ?? newCluster(canonical: id)
            composite = true
            try replacePassages(of: id, tokens: tokens, sources: sources)
        }
        try db.run(
                """
                UPDATE article SET clusterId = ?, matchKind = ?, matchedArticleId = ?, similarity = ?, isRecycled = ?,
                isComposite = ? WHERE id = ?
                """, [target, kind, matched, similarity, recycled, composite, id])
        article.clusterId = target
        article.isComposite = composite
        try reelect(target)
        if let provisional, provisional != target { try reelect(provisional) }  // deletes it, now empty
    }

    private func newCluster(canonical: Int64) throws -> Int64 {
        var cluster = ClusterRecord(id: nil, canonicalArticleId: canonical, createdAt: now, updatedAt: now)
        try cluster.insert(db)
        return cluster.id!
    }

    /// Checks whether a stored article is stitched from the stories now known, and records its passages if so.
    /// Returns true when it is (or already was) a composite. When it becomes one, the articles that had joined its
    /// cluster only as partial copies of it are placed afresh: they are its sources, not copies of it.
    mutating func reevaluate(_ articleId: Int64) throws -> Bool {
        guard var article = try ArticleRecord.fetchOne(db, key: articleId), article.clusterId != nil else { return false }
        let fingerprint = try deduplicator.fingerprint(text: article.text, feedId: article.feedId)
        let candidates = try deduplicator.candidates(for: article, fingerprint: fingerprint)
        guard let sources = classifier.compositeSources(tokenCount: fingerprint.tokens.count, candidates: candidates) else {
            return article.isComposite
        }
        try replacePassages(of: articleId, tokens: fingerprint.tokens, sources: sources)
        guard !article.isComposite else { return true }
        article.isComposite = true
        let formerCluster = article.clusterId!
        // A stitched page never stays in the cluster of one of its sources: it gets a cluster of its own.
        let alone = try ArticleRecord.filter(Column("clusterId") == formerCluster).fetchCount(db) == 1
        let ownCluster = alone ? formerCluster : try newCluster(canonical: articleId)
        try db.run(
                """
                UPDATE article SET isComposite = 1, clusterId = ?, matchKind = NULL, matchedArticleId = NULL,
                similarity = NULL WHERE id = ?
                """, [ownCluster, articleId])
        // Articles that joined only because they matched it are its sources or its copies: place them afresh.
        let partials = try ArticleRecord.filter(Column("clusterId") == formerCluster && Column("matchedArticleId") == articleId)
            .fetchAll(db)
        try reelect(ownCluster)
        if ownCluster != formerCluster { try reelect(formerCluster) }
        for var partial in partials {
            let previous = partial.clusterId
            let provisional = try newCluster(canonical: partial.id!)
            try db.run("UPDATE article SET clusterId = ?, matchKind = NULL, matchedArticleId = NULL WHERE id = ?", [provisional, partial.id])
            if let previous { try reelect(previous) }
            let print = try deduplicator.fingerprint(text: partial.text, feedId: partial.feedId)
            partial.clusterId = provisional
            try place(&partial, fingerprint: print)
        }
        return true
    }

    private func replacePassages(of compositeId: Int64, tokens: MatchTokens, sources: [CompositeSource]) throws {
        try db.run("DELETE FROM compositePassage WHERE compositeId = ?", [compositeId])
        for source in sources {
            for passage in source.passages {
                let span = tokens.span(of: passage)
                var record = CompositePassageRecord(
                    id: nil, compositeId: compositeId, sourceId: source.articleId, start: span.lowerBound, end: span.upperBound,
                    coverage: source.coverage)
                try record.insert(db)
            }
        }
    }

    /// Elects the cluster's canonical article afresh and sets every member's relation and similarity to it;
    /// deletes a cluster left empty.
    mutating func reelect(_ cluster: Int64) throws {
        let members = try ArticleRecord.filter(Column("clusterId") == cluster).fetchAll(db)
        let candidates = members.map { article in
            ClusterMember(
                id: article.id!, published: article.published, firstSeen: article.firstSeenAt, textLength: article.tokenCount,
                isPartial: article.matchKind == MatchKind.partial.rawValue, isRecycled: article.isRecycled,
                isComposite: article.isComposite)
        }
        guard let canonicalId = CanonicalElection.canonical(of: candidates, clockSkew: configuration.clockSkewSeconds),
            let canonical = members.first(where: { $0.id == canonicalId })
        else {
            _ = try ClusterRecord.deleteOne(db, key: cluster)
            return
        }
        let canonicalSignature = canonical.signature.map { MinHashSignature(bytes: Array($0)) }
        for member in members {
            let (relation, similarity) = relationToCanonical(member, canonical: canonical, signature: canonicalSignature)
            try db.run("UPDATE article SET relation = ?, similarity = ? WHERE id = ?", [relation.rawValue, similarity, member.id])
        }
        try db.run("UPDATE cluster SET canonicalArticleId = ?, updatedAt = ? WHERE id = ?", [canonicalId, now, cluster])
    }

    private func relationToCanonical(
        _ member: ArticleRecord, canonical: ArticleRecord, signature: MinHashSignature?
    ) -> (ArticleRelation, Double) {
        if member.id == canonical.id { return (.canonical, 1) }
        let exact = member.contentKey != nil && member.contentKey == canonical.contentKey
        let estimate = exact ? 1 : zip(member.signature, signature).map { MinHashSignature(bytes: Array($0)).resemblance(to: $1) } ?? 0
        if member.isRecycled { return (.recycled, estimate) }
        if member.matchKind == MatchKind.partial.rawValue { return (.partial, member.similarity ?? estimate) }
        if exact || estimate >= configuration.duplicateThreshold { return (.duplicate, estimate) }
        return (.nearDuplicate, max(estimate, member.matchedArticleId == canonical.id ? member.similarity ?? 0 : 0))
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
