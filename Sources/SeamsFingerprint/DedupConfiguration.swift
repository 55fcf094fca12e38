/// Every setting of the deduplicator, with the defaults the benchmark chose.
///
/// Changing a setting that shapes fingerprints (``shingleSize``, ``winnowWindow``, the sketch) makes stored
/// fingerprints stale: run `seams rebuild` afterwards. Thresholds take effect for articles arriving from then on,
/// and for all articles after a rebuild.
package struct DedupConfiguration: Sendable, Hashable, Codable {
    /// Tokens per shingle (*k*). Vietnamese syllables and English words are tokens; each CJK or Thai character is one.
    package var shingleSize = 5
    /// Winnowing window (*w*): every shared run of at least `shingleSize + winnowWindow - 1` tokens is found.
    package var winnowWindow = 8
    /// LSH bands × rows = 128 MinHash values; 32 × 4 puts the S-curve's midpoint near a resemblance of 0.42.
    package var bands = 32
    /// Rows per LSH band.
    package var rows = 4
    /// Resemblance at or above which a verified candidate is the same story (`near-duplicate`).
    package var nearDuplicateThreshold = 0.5
    /// Resemblance at or above which a copy counts as a `duplicate` rather than a `near-duplicate`.
    package var duplicateThreshold = 0.9
    /// Containment of the smaller text in the larger at or above which the smaller is a `partial` copy.
    package var partialThreshold = 0.8
    /// Articles with fewer tokens than this are "short": matched only exactly or by containment, never by resemblance.
    package var shortTextTokens = 40
    /// A short text under the same headline as another that differs from it in at most this share of its tokens (one
    /// at least) is a copy of it: a wire story re-sent with one figure corrected.
    package var correctionEditShare = 0.1
    /// The fewest tokens a passage of a stitched article must have.
    package var minimumPassageTokens = 12
    /// The share of a stitched article's tokens its passages must cover, from at least two stories.
    package var compositeCoverage = 0.85
    /// The share that suffices when one of those stories is wholly inside the article: the article is then neither
    /// story's fuller version, though its other sources may not be stored yet.
    package var wholeStoryCompositeCoverage = 0.3
    /// The share of a roundup's tokens that the passages of two or more stories, each under its headline, must
    /// cover (the rest is the headlines, the roundup's own header and footer, and stories not yet stored).
    package var roundupCoverage = 0.3
    /// Fingerprints found in more articles than this carry no identity (stock phrases) and are ignored.
    package var maximumFingerprintFrequency = 50
    /// A line seen in this many articles of one feed is that feed's boilerplate.
    package var boilerplateLineCount = 3
    /// Only lines of at most this many tokens are learned as boilerplate.
    package var boilerplateLineTokens = 25
    /// A line of a feed that is not yet its furniture is forgotten once this many of the feed's texts have been
    /// counted without it: furniture recurs within a few items, so a line that has not recurred in this many is
    /// content, and remembering every such line would grow the store by each article's lines.
    package var boilerplateLineMemory = 1_000
    /// When a feed's learned furniture grows, at most this many of its latest articles are fingerprinted again and,
    /// if the furniture changed their text, placed afresh: a copy stored before its outlet's furniture was known is
    /// found, and the cost of learning stays bounded however large the store.
    package var reexaminedAfterLearning = 32
    /// A copy of an article first seen more than this many days earlier is `recycled`.
    package var recycledAfterDays = 30.0
    /// Publication dates this close (in seconds) count as simultaneous when electing the original.
    package var clockSkewSeconds = 600.0
    /// Candidates verified per article, at most (the best by shared fingerprints).
    package var maximumCandidates = 64

    /// The defaults.
    package init() {}

    /// MinHash values per signature.
    package var signatureSize: Int { bands * rows }

    /// The fewest tokens of a substantial passage (two and a half passages): a part of a story, not a phrase two
    /// reports share. Only such a passage makes a page stitched from parts of stories, and only such a passage of
    /// an arriving story in a stored page makes that page worth re-examining.
    package var substantialPassageTokens: Int { Int((Double(minimumPassageTokens) * 2.5).rounded(.up)) }

    /// The fewest winnowed fingerprints two texts that share a substantial passage have in common: the passage's
    /// shingles hold that many disjoint windows, and each window gives both texts the same fingerprint.
    package var substantialPassagePrints: Int {
        max(1, (substantialPassageTokens - shingleSize + 1) / winnowWindow)
    }
}

extension DedupConfiguration {
    private enum CodingKeys: String, CodingKey {
        case shingleSize, winnowWindow, bands, rows, nearDuplicateThreshold, duplicateThreshold, partialThreshold
        case shortTextTokens, correctionEditShare, minimumPassageTokens, compositeCoverage, wholeStoryCompositeCoverage,
            roundupCoverage,
            maximumFingerprintFrequency
        case boilerplateLineCount
        case boilerplateLineTokens, boilerplateLineMemory, reexaminedAfterLearning, recycledAfterDays, clockSkewSeconds,
            maximumCandidates
    }

    /// Reads a configuration in which every setting is optional: a missing one keeps its default.
    package init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        shingleSize = try c.decodeIfPresent(Int.self, forKey: .shingleSize) ?? shingleSize
        winnowWindow = try c.decodeIfPresent(Int.self, forKey: .winnowWindow) ?? winnowWindow
        bands = try c.decodeIfPresent(Int.self, forKey: .bands) ?? bands
        rows = try c.decodeIfPresent(Int.self, forKey: .rows) ?? rows
        nearDuplicateThreshold =
            try c.decodeIfPresent(Double.self, forKey: .nearDuplicateThreshold) ?? nearDuplicateThreshold
        duplicateThreshold = try c.decodeIfPresent(Double.self, forKey: .duplicateThreshold) ?? duplicateThreshold
        partialThreshold = try c.decodeIfPresent(Double.self, forKey: .partialThreshold) ?? partialThreshold
        shortTextTokens = try c.decodeIfPresent(Int.self, forKey: .shortTextTokens) ?? shortTextTokens
        correctionEditShare = try c.decodeIfPresent(Double.self, forKey: .correctionEditShare) ?? correctionEditShare
        minimumPassageTokens = try c.decodeIfPresent(Int.self, forKey: .minimumPassageTokens) ?? minimumPassageTokens
        compositeCoverage = try c.decodeIfPresent(Double.self, forKey: .compositeCoverage) ?? compositeCoverage
        wholeStoryCompositeCoverage =
            try c.decodeIfPresent(Double.self, forKey: .wholeStoryCompositeCoverage) ?? wholeStoryCompositeCoverage
        roundupCoverage = try c.decodeIfPresent(Double.self, forKey: .roundupCoverage) ?? roundupCoverage
        maximumFingerprintFrequency =
            try c.decodeIfPresent(Int.self, forKey: .maximumFingerprintFrequency) ?? maximumFingerprintFrequency
        boilerplateLineCount = try c.decodeIfPresent(Int.self, forKey: .boilerplateLineCount) ?? boilerplateLineCount
        boilerplateLineTokens = try c.decodeIfPresent(Int.self, forKey: .boilerplateLineTokens) ?? boilerplateLineTokens
        boilerplateLineMemory = try c.decodeIfPresent(Int.self, forKey: .boilerplateLineMemory) ?? boilerplateLineMemory
        reexaminedAfterLearning =
            try c.decodeIfPresent(Int.self, forKey: .reexaminedAfterLearning) ?? reexaminedAfterLearning
        recycledAfterDays = try c.decodeIfPresent(Double.self, forKey: .recycledAfterDays) ?? recycledAfterDays
        clockSkewSeconds = try c.decodeIfPresent(Double.self, forKey: .clockSkewSeconds) ?? clockSkewSeconds
        maximumCandidates = try c.decodeIfPresent(Int.self, forKey: .maximumCandidates) ?? maximumCandidates
        guard shingleSize >= 1, winnowWindow >= 1, bands >= 1, rows >= 1, (bands * rows) & (bands * rows - 1) == 0,
            boilerplateLineMemory >= 2
        else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [],
                    debugDescription:
                        "shingleSize, winnowWindow, bands and rows must be positive, bands × rows a power of two, boilerplateLineMemory at least 2"
                )
            )
        }
    }
}
