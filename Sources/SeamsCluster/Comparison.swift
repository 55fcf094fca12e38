import Foundation
package import SeamsFingerprint

/// What the engine makes of two texts, as `seams compare` shows it: their fingerprints after their feeds' learned
/// furniture, what they share, and the classifier's verdict on the first arriving while the second is stored.
package struct Comparison: Sendable {
    /// One of the two texts, fingerprinted.
    package struct Side: Sendable {
        /// The fingerprint, after the feed's furniture.
        package var fingerprint: ArticleFingerprint
        /// The stored article, when the text is one.
        package var article: ClusterArticle?
    }

    /// The first text (A).
    package var first: Side
    /// The second text (B).
    package var second: Side
    /// Resemblance, containments and shared passages, A first.
    package var overlap: Overlap
    /// The MinHash estimate of the resemblance, as the index sees it.
    package var estimatedResemblance: Double
    /// What the classifier decides for A with B as its only candidate.
    package var verdict: MatchDecision
}

/// A text to compare: a stored article (fingerprinted with its feed's furniture) or a text from elsewhere.
package struct ComparedText: Sendable {
    /// The text.
    package var text: String
    /// The stored article, when it is one.
    package var article: ClusterArticle?

    /// Creates a text to compare.
    package init(text: String, article: ClusterArticle? = nil) {
        self.text = text
        self.article = article
    }
}

extension Deduplicator {
    /// Compares two texts the way placement would: fingerprints after furniture, overlap, and the classifier's
    /// verdict for `first` arriving with `second` stored. Reads only.
    package mutating func compare(_ first: ComparedText, _ second: ComparedText) throws -> Comparison {
        let a = try fingerprint(first)
        let b = try fingerprint(second)
        let overlap = Overlap(
            firstShingles: a.shingles,
            firstSet: a.shingleSet,
            secondSet: b.shingleSet,
            firstTokens: a.tokens.count,
            k: configuration.shingleSize,
            minimumPassageTokens: configuration.minimumPassageTokens
        )
        let exact: Bool
        if let x = first.article, let y = second.article {
            exact = CandidateSearch<Storage>.isExactCopy(
                x,
                y,
                overlap: overlap,
                tokens: min(a.tokens.count, b.tokens.count),
                configuration: configuration
            )
        } else {
            let key = { (text: String) in ContentFingerprint(title: nil, text: text).key }
            exact = key(first.text) != nil && key(first.text) == key(second.text)
        }
        let candidate = MatchCandidate(
            articleId: second.article?.id ?? 0,
            clusterId: second.article?.clusterId ?? 0,
            overlap: overlap,
            tokenCount: b.tokens.count,
            appeared: second.article?.appeared ?? now,
            isComposite: second.article?.placement.isComposite ?? false,
            isExactCopy: exact
        )
        let verdict = MatchClassifier(configuration: configuration).classify(
            tokenCount: a.tokens.count,
            appeared: first.article?.appeared ?? now,
            candidates: [candidate]
        )
        return Comparison(
            first: Comparison.Side(fingerprint: a, article: first.article),
            second: Comparison.Side(fingerprint: b, article: second.article),
            overlap: overlap,
            estimatedResemblance: a.signature.resemblance(to: b.signature),
            verdict: verdict
        )
    }

    private mutating func fingerprint(_ compared: ComparedText) throws -> ArticleFingerprint {
        guard let article = compared.article else {
            return ArticleFingerprint(
                tokens: MatchTokenizer(configuration: configuration).tokenize(compared.text),
                configuration: configuration
            )
        }
        return try fingerprint(text: compared.text, feedId: article.feedId)
    }
}
