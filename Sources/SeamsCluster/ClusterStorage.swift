package import Foundation
package import SeamsFingerprint

/// What the ``Deduplicator`` reads and writes: articles and their placement, clusters, the candidate indexes, learned
/// page furniture and the passages of stitched pages. SQLite implements it in SeamsStore; ``InMemoryClusterStorage``
/// implements it for tests and as the reference a new backend can be checked against.
///
/// ## Serialization
///
/// The engine reads, decides and writes in one sequence per arriving article, and later decisions read what earlier
/// ones wrote (an article's provisional cluster, a page turned composite, a merge). So an implementation must:
///
/// - see its own writes at once (every read after a write returns the written state);
/// - run all calls of one ``Deduplicator`` inside one transaction, so that a failure leaves none of its writes;
/// - let no other writer place articles, create, merge or delete clusters, or change the indexes between the first
///   call and the commit. SQLite has one writer, so its write transaction is enough; a backend with concurrent
///   writers must serialize placement (a lock held for the transaction), or two copies of one story arriving at
///   once would each start a cluster.
///
/// Reads of articles that are not placed yet (no cluster) are allowed and return them with `clusterId == nil`.
package protocol ClusterStorage {
    // MARK: Articles

    /// The article with this id, without its text; nil when there is none.
    func article(_ id: Int64) throws -> ClusterArticle?
    /// The articles with these ids that exist, in id order and without their signatures (nil): what verifying an
    /// arrival's candidates reads, in one call for all of them. Candidates are verified on their tokens, never on
    /// their signatures, and a signature is the one column that makes a stored row's read reach past its first page.
    func candidateArticles(_ ids: [Int64]) throws -> [ClusterArticle]
    /// The article's extracted text, read only when its fingerprint is not cached.
    func text(of id: Int64) throws -> String?
    /// Every article of the cluster, in id order.
    func members(of cluster: Int64) throws -> [ClusterArticle]
    /// How many articles the cluster holds, without reading them.
    func memberCount(of cluster: Int64) throws -> Int
    /// What canonical election weighs in a cluster, read in bounded work however big it is: its canonical article,
    /// its `limit` earliest-appearing members and its `limit` fullest (most tokens), each once.
    func electorate(of cluster: Int64, limit: Int) throws -> [ClusterArticle]
    /// The feed's most recently stored articles that are placed, newest (highest id) first, at most `limit`.
    func recentArticles(feedId: Int64, limit: Int) throws -> [ClusterArticle]
    /// Records an article's MinHash signature and token count, computed from its text after furniture.
    func setFingerprint(of id: Int64, signature: MinHashSignature, tokenCount: Int) throws
    /// Writes where an article is and how it got there; the other fields are left as they are.
    func setPlacement(of id: Int64, _ placement: ArticlePlacement) throws
    /// Writes an article's relation to its cluster's canonical article and its similarity to it.
    func setRelation(of id: Int64, _ relation: ArticleRelation, similarity: Double) throws
    /// The address the feed was subscribed at — the operator's word for whose outlet its articles are, never what
    /// the feed says of itself; nil when the feed is unknown.
    func address(ofFeed feedId: Int64) throws -> String?
    /// The canonical URL of the feed's first stored article (lowest id) that has one.
    func firstPage(ofFeed feedId: Int64) throws -> String?

    // MARK: Clusters

    /// Creates an empty cluster whose canonical article is to be `canonical`, and returns its id. Ids are never reused.
    func createCluster(canonical: Int64, at now: Date) throws -> Int64
    /// Records the cluster's canonical article.
    func setCanonical(of cluster: Int64, to article: Int64, at now: Date) throws
    /// The cluster's canonical article as recorded; nil when there is no such cluster.
    func canonical(of cluster: Int64) throws -> Int64?
    /// Moves every member of `source` into `target` (their placement otherwise unchanged) and deletes `source`.
    func mergeCluster(_ source: Int64, into target: Int64) throws
    /// Deletes a cluster that has no members left.
    func deleteCluster(_ id: Int64) throws

    // MARK: Candidate indexes

    /// Replaces the article's entries in the indexes: its LSH band keys and its winnowed fingerprints, each once.
    func index(_ id: Int64, bandKeys: [PostingKey], fingerprints: [PostingKey]) throws
    /// Placed articles (other than `excluding`) with this exact-copy key or this canonical URL, newest (highest id)
    /// first, at most `limit`.
    func exactCopies(contentKey: Int64?, canonicalURL: String?, excluding: Int64, limit: Int) throws -> [Int64]
    /// For each band key, the articles (other than `excluding`) that share it, newest first, at most `limit` per
    /// key; an article appears once for every key it shares.
    func bandPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [Int64]
    /// For each fingerprint, in the same order, the articles (other than `excluding`) holding it, at most `limit`
    /// (any `limit` of them when more hold it).
    func fingerprintPostings(_ keys: [PostingKey], excluding: Int64, limit: Int) throws -> [[Int64]]

    // MARK: Page furniture and composites

    /// The lines found in at least `minimumCount` of the feed's articles: its page furniture.
    func furnitureLines(feedId: Int64, minimumCount: Int) throws -> Set<UInt64>
    /// Counts each line once more towards its feed's furniture — unless the line was last counted for an item of
    /// the same `body` (the hash of the item's longest line): a story re-sent in its own feed repeats its own lines,
    /// which are not furniture.
    ///
    /// Each call counts one text of the feed: it advances the feed's furniture clock by one, records that clock on
    /// every line it counts, and returns it.
    func countLines(_ lines: Set<UInt64>, feedId: Int64, body: UInt64) throws -> Int
    /// Forgets the feed's lines counted fewer than `minimumCount` times and last counted before the feed's clock
    /// read `clock`: lines that are not furniture and have not recurred since.
    func forgetLines(feedId: Int64, countedFewerThan minimumCount: Int, lastCountedBefore clock: Int) throws
    /// Replaces the passages recorded for a stitched page.
    func replacePassages(of composite: Int64, with passages: [StitchedPassage]) throws
    /// The stitched pages that cite the article as the source of a passage.
    func composites(citing source: Int64) throws -> [Int64]
}

/// An article as the deduplicator sees it: its identity and keys, when it appeared, and its place in a cluster.
package struct ClusterArticle: Sendable, Hashable {
    /// The article's id.
    package var id: Int64
    /// The feed it came from (whose furniture its fingerprint leaves out).
    package var feedId: Int64
    /// Its headline: a roundup shows each story's passage under it.
    package var title: String?
    /// The exact-copy key of its text (see `ContentFingerprint`), as stored.
    package var contentKey: Int64?
    /// Its page's URL in the form that compares equal across copies.
    package var canonicalURL: String?
    /// When the feed says it was published.
    package var published: Date?
    /// When Seams first stored it.
    package var firstSeen: Date
    /// A hash of the entry: a fingerprint cached for another hash is stale.
    package var entryHash: Int64
    /// Its MinHash signature, once fingerprinted.
    package var signature: MinHashSignature?
    /// Its tokens after furniture, once fingerprinted.
    package var tokenCount: Int
    /// Its relation to its cluster's canonical article.
    package var relation: ArticleRelation
    /// Where it is and how it got there.
    package var placement: ArticlePlacement

    /// Creates an article.
    package init(
        id: Int64,
        feedId: Int64,
        title: String? = nil,
        contentKey: Int64?,
        canonicalURL: String?,
        published: Date?,
        firstSeen: Date,
        entryHash: Int64,
        signature: MinHashSignature? = nil,
        tokenCount: Int = 0,
        relation: ArticleRelation = .canonical,
        placement: ArticlePlacement = ArticlePlacement()
    ) {
        self.id = id
        self.feedId = feedId
        self.title = title
        self.contentKey = contentKey
        self.canonicalURL = canonicalURL
        self.published = published
        self.firstSeen = firstSeen
        self.entryHash = entryHash
        self.signature = signature
        self.tokenCount = tokenCount
        self.relation = relation
        self.placement = placement
    }

    /// When the article appeared (see ``Appearance``).
    package var appeared: Date { Appearance.date(published: published, firstSeen: firstSeen) }
    /// The article's cluster, nil before it is placed.
    package var clusterId: Int64? { placement.clusterId }
}

/// Where an article is and how it got there.
package struct ArticlePlacement: Sendable, Hashable {
    /// Its cluster, nil before it is placed.
    package var clusterId: Int64?
    /// How it matched when it joined its cluster, nil if it founded it.
    package var matchKind: MatchKind?
    /// The article it matched when it joined.
    package var matchedArticleId: Int64?
    /// Its similarity to the article it matched (resemblance, or containment for a partial copy), then to the
    /// canonical article once elected.
    package var similarity: Double?
    /// True when it copies an article that appeared long before.
    package var isRecycled: Bool
    /// True when it is stitched from passages of other stories.
    package var isComposite: Bool

    /// Creates a placement.
    package init(
        clusterId: Int64? = nil,
        matchKind: MatchKind? = nil,
        matchedArticleId: Int64? = nil,
        similarity: Double? = nil,
        isRecycled: Bool = false,
        isComposite: Bool = false
    ) {
        self.clusterId = clusterId
        self.matchKind = matchKind
        self.matchedArticleId = matchedArticleId
        self.similarity = similarity
        self.isRecycled = isRecycled
        self.isComposite = isComposite
    }
}

/// One passage of a stitched page and the article it came from.
package struct StitchedPassage: Sendable, Hashable {
    /// The source article.
    package var sourceId: Int64
    /// Where the passage lies in the page's text, in Unicode scalars.
    package var span: Range<Int>
    /// How much of the source the page's passages from it cover (0…1).
    package var coverage: Double

    /// Creates a passage.
    package init(sourceId: Int64, span: Range<Int>, coverage: Double) {
        self.sourceId = sourceId
        self.span = span
        self.coverage = coverage
    }
}

/// How an article relates to its cluster's canonical article.
package enum ArticleRelation: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The article chosen to stand for the story.
    case canonical
    /// An exact copy of the canonical article's text, the same page, or a copy with a resemblance of 0.9 or more.
    case duplicate
    /// The same story, edited: a resemblance between the near-duplicate and duplicate thresholds.
    case nearDuplicate = "near-duplicate"
    /// Mostly contained in the canonical article: a teaser, a truncation, a feed summary.
    case partial
    /// A copy of a story that appeared much earlier, published again.
    case recycled

    /// The stable text (`near-duplicate`), as shown and stored.
    package var description: String { rawValue }
}

/// When an article appeared: the one definition, used by matching, election, listings and rebuilds.
package enum Appearance {
    /// The published date, unless it is later than when Seams first saw the article (a date in the future cannot be
    /// true), and the first sighting when the feed gives no date.
    package static func date(published: Date?, firstSeen: Date) -> Date {
        published.map { min($0, firstSeen) } ?? firstSeen
    }
}
