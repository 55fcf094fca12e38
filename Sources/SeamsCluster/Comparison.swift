import Foundation
import SeamsFingerprint

/// What the engine makes of two texts, as `seams compare` shows it: their fingerprints after their feeds' learned
/// furniture, what they share, and the classifier's verdict on the first arriving while the second is stored.
public struct Comparison: Sendable {
    /// One of the two texts, fingerprinted.
    public struct Side: Sendable {
        /// The fingerprint, after the feed's furniture.
        public var fingerprint: ArticleFingerprint
        /// The stored article, when the text is one.
        public var article: ClusterArticle?
    }

    /// The first text (A).
    public var first: Side
    /// The second text (B).
    public var second: Side
    /// Resemblance, containments and shared passages, A first.
    public var overlap: Overlap
    /// The MinHash estimate of the resemblance, as the index sees it.
    public var estimatedResemblance: Double
    /// What the classifier decides for A with B as its only candidate.
    public var verdict: MatchDecision
}

/// A text to compare: a stored article (fingerprinted with its feed's furniture) or a text from elsewhere.
public struct ComparedText: Sendable {
    /// The text.
    public var text: String
    /// The stored article, when it is one.
    public var article: ClusterArticle?

    /// Creates a text to compare.
    public init(text: String, article: ClusterArticle? = nil) {
        self.text = text
        self.article = article
    }
}

extension Deduplicator {
    /// Compares two texts the way placement would: fingerprints after furniture, overlap, and the classifier's
    /// verdict for `first` arriving with `second` stored. Reads only.
    public mutating func compare(_ first: ComparedText, _ second: ComparedText) throws -> Comparison {
        let a = try fingerprint(first)
        let b = try fingerprint(second)
        let overlap = Overlap(
            firstShingles: a.shingles, firstSet: a.shingleSet, secondSet: b.shingleSet, firstTokens: a.tokens.count,
            k: configuration.shingleSize, minimumPassageTokens: configuration.minimumPassageTokens)
        let exact: Bool
        if let x = first.article, let y = second.article {
            exact = CandidateSearch<Storage>.isExactCopy(x, y)
        } else {
            let key = { (text: String) in ContentFingerprint(title: nil, text: text).key }
            exact = key(first.text) != nil && key(first.text) == key(second.text)
        }
        let candidate = MatchCandidate(
            articleId: second.article?.id ?? 0, clusterId: second.article?.clusterId ?? 0, overlap: overlap,
            tokenCount: b.tokens.count, appeared: second.article?.appeared ?? now,
            isComposite: second.article?.placement.isComposite ?? false, isExactCopy: exact)
        let verdict = MatchClassifier(configuration: configuration).classify(
            tokenCount: a.tokens.count, appeared: first.article?.appeared ?? now, candidates: [candidate])
        return Comparison(
            first: Comparison.Side(fingerprint: a, article: first.article),
            second: Comparison.Side(fingerprint: b, article: second.article), overlap: overlap,
            estimatedResemblance: a.signature.resemblance(to: b.signature), verdict: verdict)
    }

    private mutating func fingerprint(_ compared: ComparedText) throws -> ArticleFingerprint {
        guard let article = compared.article else {
            return ArticleFingerprint(tokens: MatchTokenizer(configuration: configuration).tokenize(compared.text), configuration: configuration)
        }
        return try fingerprint(text: compared.text, feedId: article.feedId)
    }
}
