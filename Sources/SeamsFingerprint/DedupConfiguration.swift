/// Every setting of the deduplicator, with the defaults the benchmark chose.
///
/// Changing a setting that shapes fingerprints (``shingleSize``, ``winnowWindow``, the sketch) makes stored
/// fingerprints stale: run `seams rebuild` afterwards. Thresholds take effect for articles arriving from then on,
/// and for all articles after a rebuild.
public struct DedupConfiguration: Sendable, Hashable, Codable {
    /// Tokens per shingle (*k*). Vietnamese syllables and English words are tokens; each CJK or Thai character is one.
    public var shingleSize = 5
    /// Winnowing window (*w*): every shared run of at least `shingleSize + winnowWindow - 1` tokens is found.
    public var winnowWindow = 8
    /// LSH bands × rows = 128 MinHash values; 32 × 4 puts the S-curve's midpoint near a resemblance of 0.42.
    public var bands = 32
    /// Rows per LSH band.
    public var rows = 4
    /// Resemblance at or above which a verified candidate is the same story (`near-duplicate`).
    public var nearDuplicateThreshold = 0.5
    /// Resemblance at or above which a copy counts as a `duplicate` rather than a `near-duplicate`.
    public var duplicateThreshold = 0.9
    /// Containment of the smaller text in the larger at or above which the smaller is a `partial` copy.
    public var partialThreshold = 0.8
    /// Articles with fewer tokens than this are "short": matched only exactly or by containment, never by resemblance.
    public var shortTextTokens = 40
    /// The fewest tokens a passage of a stitched article must have.
    public var minimumPassageTokens = 12
    /// The share of a stitched article's tokens its passages must cover, from at least two stories.
    public var compositeCoverage = 0.5
    /// Fingerprints found in more articles than this carry no identity (stock phrases) and are ignored.
    public var maximumFingerprintFrequency = 50
    /// A line seen in this many articles of one feed is that feed's boilerplate.
    public var boilerplateLineCount = 3
    /// Only lines of at most this many tokens are learned as boilerplate.
    public var boilerplateLineTokens = 25
    /// A copy of an article first seen more than this many days earlier is `recycled`.
    public var recycledAfterDays = 30.0
    /// Publication dates this close (in seconds) count as simultaneous when electing the original.
    public var clockSkewSeconds = 600.0
    /// Candidates verified per article, at most (the best by shared fingerprints).
    public var maximumCandidates = 64

    /// The defaults.
    public init() {}

    /// MinHash values per signature.
    public var signatureSize: Int { bands * rows }
}
