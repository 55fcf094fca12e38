import SeamsCore
import SeamsFingerprint

/// Fingerprints articles with their feed's learned furniture, keeps the candidate indexes, and finds the stored
/// articles an article may match, each verified against its tokens.
struct CandidateSearch<Storage: ClusterStorage> {
    let storage: Storage
    let configuration: DedupConfiguration
    private let tokenizer: MatchTokenizer
    private let cache: FingerprintCache
    private var furniture: [Int64: Set<UInt64>] = [:]

    init(storage: Storage, configuration: DedupConfiguration, cache: FingerprintCache) {
        self.storage = storage
        self.configuration = configuration
        self.tokenizer = MatchTokenizer(configuration: configuration)
        self.cache = cache
    }

    /// The most articles read for one LSH band key or one exact key. A story copied a thousand times has a thousand
    /// articles under each of its keys; reading them all for every new copy made ingest quadratic in the size of the
    /// biggest cluster. The newest few stand for the rest: they share its cluster.
    static var perKeyCandidates: Int { 16 }

    /// At most this many other articles share a fingerprint of an arriving text's opening that makes them worth
    /// verifying on that fingerprint alone (see ``mayMatter(_:sharingARarePrintInLead:shownIn:of:)``).
    static var rareInLead: Int { 3 }

    /// At most this many stored articles that share fewer fingerprints with an arriving text than a substantial
    /// passage guarantees are considered (those sharing one in its opening first, then those sharing more, then the
    /// newest). Two texts of one language share a phrase by chance, so the number of such articles grows with the
    /// store — about eight per arrival at 10,000 stored, hundreds at a million — and each is read to decide whether
    /// it matters: with a cap that small stores already reach, that work is the same at a million articles as at
    /// ten thousand. The few that matter (a briefing's recent sources, short texts) are in the opening, share more
    /// or are the newest.
    static var weakCandidates: Int { 8 }

    /// The LSH bands are read only for a text at least one in this many of whose fingerprints are stock phrases
    /// (in more than ``DedupConfiguration/maximumFingerprintFrequency`` articles). Any article that resembles it or
    /// holds most of it shares most of its fingerprints, so the fingerprints find it — unless those are stock, as a
    /// story's are once it is copied more widely than the cap: then the bands, which read the newest few articles
    /// per key, find its copies. With fewer stock fingerprints than that, what the fingerprints miss resembles the
    /// text too little for its bands to meet by more than chance, and half the index lookups of an arrival — each a
    /// page of its own once the index outgrows the cache — are saved.
    static var stockShareForBands: Int { 4 }

    /// The lines a feed repeats often enough to be its furniture.
    mutating func furnitureLines(feedId: Int64) throws -> Set<UInt64> {
        if let cached = furniture[feedId] { return cached }
        let lines = try storage.furnitureLines(feedId: feedId, minimumCount: configuration.boilerplateLineCount)
        furniture[feedId] = lines
        return lines
    }

    /// The fingerprint of a text from the feed, leaving out the feed's furniture.
    mutating func fingerprint(text: String, feedId: Int64) throws -> ArticleFingerprint {
        let tokens = tokenizer.tokenize(text, boilerplateLines: try furnitureLines(feedId: feedId))
        return ArticleFingerprint(tokens: tokens, configuration: configuration)
    }

    /// The fingerprint of a stored article, from the cache when neither its text nor its feed's furniture changed.
    mutating func fingerprint(of article: ClusterArticle) throws -> ArticleFingerprint {
        let lines = try furnitureLines(feedId: article.feedId)
        if let cached = cache.fingerprint(article.id, entryHash: article.entryHash, furniture: lines.count) {
            return cached
        }
        let fingerprint = try self.fingerprint(text: storage.text(of: article.id) ?? "", feedId: article.feedId)
        cache.store(fingerprint, for: article.id, entryHash: article.entryHash, furniture: lines.count)
        return fingerprint
    }

    /// Counts each text's distinct lines (and the shapes of its lines of figures) towards the feed's furniture, and
    /// returns true when the feed's furniture grew. A text of one line is left out: a line that is the whole of an item is its content.
    mutating func learn(texts: [String], feedId: Int64) throws -> Bool {
        let before = try furnitureLines(feedId: feedId).count
        var counted = false
        for text in texts {
            let tokens = tokenizer.tokenize(text)
            guard tokens.lineHashes.count > 1 else { continue }
            let clock = try storage.countLines(
                Set(tokens.lineHashes + tokens.lineShapes),
                feedId: feedId,
                body: Self.body(of: text)
            )
            try forgetStaleLines(feedId: feedId, clock: clock)
            counted = true
        }
        guard counted else { return false }
        furniture[feedId] = nil
        return try furnitureLines(feedId: feedId).count > before
    }

    /// Forgets the feed's lines that are not furniture and were not counted in its last
    /// ``DedupConfiguration/boilerplateLineMemory`` texts. It runs each time the clock passes another half of that
    /// memory, so it reads each remembered line about twice per memory's worth of texts: a bounded cost per text, and
    /// at most one and a half memories' lines kept besides the furniture.
    private func forgetStaleLines(feedId: Int64, clock: Int) throws {
        let memory = configuration.boilerplateLineMemory
        guard clock > memory, clock % (memory / 2) == 0 else { return }
        try storage.forgetLines(
            feedId: feedId,
            countedFewerThan: configuration.boilerplateLineCount,
            lastCountedBefore: clock - memory
        )
    }

    /// What identifies an item's story for furniture learning: the hash of its longest line, which is content
    /// (furniture lines are short), and the same in every re-send of the story.
    static func body(of text: String) -> UInt64 {
        let longest = text.split(whereSeparator: \.isNewline).max { $0.utf8.count < $1.utf8.count } ?? ""
        return StableHash.of(String(longest))
    }

    /// Replaces the article's entries in the LSH and fingerprint indexes.
    func index(_ id: Int64, _ fingerprint: ArticleFingerprint) throws {
        guard !fingerprint.shingles.isEmpty else {
            try storage.index(id, bandKeys: [], fingerprints: [])
            return
        }
        // One entry per distinct key: a text that repeats itself (5 MB of one word) would otherwise store one for
        // every window, and nothing reads more than whether an article has a fingerprint.
        var seen = Set<PostingKey>()
        let prints = Shingles.winnow(fingerprint.shingles, window: configuration.winnowWindow).map {
            PostingKey(folding: $0.hash)
        }
        try storage.index(id, bandKeys: bandKeys(fingerprint), fingerprints: prints.filter { seen.insert($0).inserted })
    }

    /// Stored articles that may match: the same exact key or page, shared fingerprints (fingerprints found in too
    /// many articles are stock phrases and ignored) or, for a text whose fingerprints are largely stock, a shared
    /// LSH band (see ``stockShareForBands``). Each is verified against the
    /// article's tokens; articles not yet placed are left out.
    mutating func candidates(for article: ClusterArticle, fingerprint: ArticleFingerprint) throws -> [MatchCandidate] {
        var ids = Set<Int64>()
        if article.contentKey != nil || article.canonicalURL != nil {
            ids.formUnion(
                try storage.exactCopies(
                    contentKey: article.contentKey,
                    canonicalURL: article.canonicalURL,
                    excluding: article.id,
                    limit: Self.perKeyCandidates
                )
            )
        }
        let (strong, weak, isMostlyStock) = try fingerprintCandidates(fingerprint, excluding: article.id)
        ids.formUnion(strong)
        if isMostlyStock {
            ids.formUnion(try bandCandidates(fingerprint, excluding: article.id))
        }
        var candidates: [MatchCandidate] = []
        let headline = article.title.map { Set(tokenizer.tokenize($0).hashes) }
        // In id order, so that ties between candidates are decided the same way in every run and every backend.
        var storedPages: [Int64: String] = [:]
        var storedKeys: [Int64: Int64] = [:]
        var lines: TextLines?  // built for the first stored article that shares a single fingerprint
        for stored in try storage.candidateArticles(ids.union(weak.keys).sorted()) {
            let candidateId = stored.id
            guard let clusterId = stored.clusterId else { continue }
            if !ids.contains(candidateId),
                !mayMatter(
                    stored,
                    sharingARarePrintInLead: weak[candidateId] ?? false,
                    shownIn: &lines,
                    of: fingerprint
                )
            {
                continue
            }
            storedPages[candidateId] = stored.canonicalURL
            storedKeys[candidateId] = stored.contentKey
            let other = try self.fingerprint(of: stored)
            // Headlines matter to short texts only: a stitched page has none of its own.
            let storedHeadline =
                isShortPair(fingerprint, other) && !stored.placement.isComposite
                ? stored.title.map { Set(tokenizer.tokenize($0).hashes) } : nil
            let sharesHeadline = Self.agree(headline, storedHeadline)
            let overlap = Overlap(
                firstShingles: fingerprint.shingles,
                firstSet: fingerprint.shingleSet,
                secondSet: other.shingleSet,
                firstTokens: fingerprint.tokens.count,
                k: configuration.shingleSize,
                minimumPassageTokens: configuration.minimumPassageTokens
            )
            candidates.append(
                MatchCandidate(
                    articleId: candidateId,
                    clusterId: clusterId,
                    overlap: overlap,
                    tokenCount: other.tokens.count,
                    appeared: stored.appeared,
                    isComposite: stored.placement.isComposite,
                    isExactCopy: Self.isExactCopy(
                        article,
                        stored,
                        overlap: overlap,
                        tokens: min(fingerprint.tokens.count, other.tokens.count),
                        configuration: configuration
                    ),
                    followsItsHeadline: mayBeRoundupSource(overlap, stored)
                        && follows(overlap.passages[0], headline: stored.title, in: fingerprint.tokens),
                    showsHeadlineOfFirst: !overlap.passages.isEmpty && !stored.placement.isComposite
                        && shows(headline, in: other.tokens),
                    sharesHeadline: sharesHeadline,
                    isCorrection: sharesHeadline && Self.isCorrected(headline, storedHeadline)
                        && isCorrection(fingerprint, of: other)
                )
            )
        }
        // A link that articles of different stories share (a feed that links every item to its front page or a live
        // blog) is no page identity: a copy by page alone never joins, let alone merges, those stories.
        if let page = article.canonicalURL {
            let sharing = candidates.indices.filter { storedPages[candidates[$0].articleId] == page }
            if Set(sharing.map { candidates[$0].clusterId }).count > 1 {
                for index in sharing
                where article.contentKey == nil || storedKeys[candidates[index].articleId] != article.contentKey {
                    candidates[index].isExactCopy = false
                }
            }
        }
        return candidates
    }

    /// True when a stored article that shares fewer winnowed fingerprints with the arriving text than a substantial
    /// passage guarantees — what two texts of one language share by chance, more of them the bigger the store — is
    /// worth verifying: what they share is then at most a short passage, which decides something only when one text
    /// is short (a teaser, a snippet), when the stored text is a stitched page, or when it is a briefing's line: a
    /// story's opening under its headline, the headline shown in the arriving text (it is the briefing) or a rare
    /// fingerprint in the arriving text's opening (the stored text may be the briefing). The rest are left unread,
    /// so that the work per arrival does not grow with the store.
    ///
    /// The arriving text's `lines` are indexed on first use, for all the stored articles asked about it.
    private func mayMatter(
        _ stored: ClusterArticle,
        sharingARarePrintInLead inLead: Bool,
        shownIn lines: inout TextLines?,
        of fingerprint: ArticleFingerprint
    ) -> Bool {
        if inLead || stored.placement.isComposite || stored.tokenCount < configuration.shortTextTokens { return true }
        guard let title = stored.title.map({ Set(tokenizer.tokenize($0).hashes) }), !title.isEmpty else { return false }
        if lines == nil { lines = TextLines(fingerprint.tokens) }
        return lines!.shows(title)
    }

    /// True when the stored article may have given a roundup one passage: one or two shared passages, and not
    /// wholly inside the arriving text.
    private func mayBeRoundupSource(_ overlap: Overlap, _ stored: ClusterArticle) -> Bool {
        stored.title != nil && !stored.placement.isComposite && (1...2).contains(overlap.passages.count)
            && overlap.containmentOfSecond < configuration.partialThreshold
    }

    /// True when `passage` lies under `headline`: the line it starts in, or the one before, is the headline — each
    /// holds at least half of the other's distinct tokens. (A passage may start inside its headline's line when the
    /// story repeats the headline's last words.)
    private func follows(_ passage: Range<Int>, headline: String?, in tokens: MatchTokens) -> Bool {
        guard let headline,
            let line = tokens.lineStarts.lastIndex(where: { Int($0) <= passage.lowerBound })
        else { return false }
        let title = Set(tokenizer.tokenize(headline).hashes)
        func words(ofLine index: Int) -> Set<UInt64> { Set(tokens.hashes[TextLines.range(ofLine: index, in: tokens)]) }
        return Self.agree(words(ofLine: line), title) || (line > 0 && Self.agree(words(ofLine: line - 1), title))
    }

    /// True when one of the lines of `tokens` is the headline whose words are `title`.
    private func shows(_ title: Set<UInt64>?, in tokens: MatchTokens) -> Bool {
        guard let title else { return false }
        return TextLines.shows(title, lineByLineIn: tokens)
    }

    /// True when either text is short (matched by containment, not resemblance) and both carry a passage's worth.
    private func isShortPair(_ first: ArticleFingerprint, _ second: ArticleFingerprint) -> Bool {
        let counts = (first.tokens.count, second.tokens.count)
        return min(counts.0, counts.1) >= configuration.minimumPassageTokens
            && min(counts.0, counts.1) < configuration.shortTextTokens
    }

    /// True when two short texts differ in at most ``DedupConfiguration/correctionEditShare`` of their tokens.
    private func isCorrection(_ fingerprint: ArticleFingerprint, of other: ArticleFingerprint) -> Bool {
        let (first, second) = (fingerprint.tokens.hashes, other.tokens.hashes)
        let limit = max(1, Int(configuration.correctionEditShare * Double(max(first.count, second.count))))
        return TokenEdits.distance(first, second, limit: limit) != nil
    }

    /// True when each of two headlines' word sets holds at least half of the other's: the same headline, give or
    /// take a "CORRECTED -" or a shortened phrase.
    private static func agree(_ first: Set<UInt64>?, _ second: Set<UInt64>?) -> Bool {
        guard let first, let second else { return false }
        return TextLines.agree(shared: first.intersection(second).count, first.count, second.count)
    }

    /// True when one headline holds every word of the other but one: a re-send's headline, "CORRECTED -" or
    /// "UPDATE 1-" added and perhaps a figure corrected. Headlines made from one template ("Live: A vs B") differ in
    /// more words than that.
    private static func isCorrected(_ first: Set<UInt64>?, _ second: Set<UInt64>?) -> Bool {
        guard let first, let second else { return false }
        let (shorter, longer) = first.count <= second.count ? (first, second) : (second, first)
        return shorter.subtracting(longer).count <= 1
    }

    /// True when two articles are exact copies: the same exact-copy key, or the same page by canonical URL with texts
    /// that agree (`overlap`; `tokens`, the shorter's token count).
    ///
    /// A page is evidence only with its text: an entry may carry another outlet's link (an attacker, or an aggregator
    /// linking the original) and a feed may give all its items one link (its front page, a live blog), so a shared
    /// URL is identity only when one text is held in the other or they resemble — or, from another feed, when the
    /// shorter text is a snippet too short to disagree (under a passage).
    static func isExactCopy(
        _ article: ClusterArticle,
        _ other: ClusterArticle,
        overlap: Overlap,
        tokens: Int,
        configuration: DedupConfiguration
    ) -> Bool {
        if article.contentKey != nil && article.contentKey == other.contentKey { return true }
        guard article.canonicalURL != nil, article.canonicalURL == other.canonicalURL else { return false }
        let partial = configuration.partialThreshold
        let isSnippet = tokens < configuration.minimumPassageTokens && article.feedId != other.feedId
        return isSnippet || overlap.resemblance >= configuration.nearDuplicateThreshold
            || overlap.containmentOfFirst >= partial || overlap.containmentOfSecond >= partial
    }

    /// The article's distinct band keys, in band order.
    private func bandKeys(_ fingerprint: ArticleFingerprint) -> [PostingKey] {
        var seen = Set<PostingKey>()
        return fingerprint.signature.bandKeys(bands: configuration.bands, rows: configuration.rows).map {
            PostingKey(folding: $0)
        }
        .filter { seen.insert($0).inserted }
    }

    /// Articles sharing LSH bands with this one, the most bands first, at most ``DedupConfiguration/maximumCandidates``.
    private func bandCandidates(_ fingerprint: ArticleFingerprint, excluding id: Int64) throws -> [Int64] {
        var hits: [Int64: Int] = [:]
        for article in try storage.bandPostings(
            bandKeys(fingerprint),
            excluding: id,
            limit: Self.perKeyCandidates
        ) {
            hits[article, default: 0] += 1
        }
        return Self.strongest(hits, configuration.maximumCandidates)
    }

    /// Articles sharing winnowed fingerprints with this one, the most shared first: `strong` those sharing at least
    /// as many as a substantial passage guarantees (``DedupConfiguration/substantialPassagePrints``), or sharing
    /// anything with a text too short to hold that much; `weak` at most ``weakCandidates`` of those sharing fewer,
    /// with whether one of those lies in this article's lead; and whether at least one in ``stockShareForBands`` of
    /// its fingerprints is stock. A fingerprint found in more than ``DedupConfiguration/maximumFingerprintFrequency``
    /// articles is a stock phrase and ignored; each lookup reads at most one article more than that, so a phrase in
    /// every article costs no more than a rare one.
    private func fingerprintCandidates(
        _ fingerprint: ArticleFingerprint,
        excluding id: Int64
    ) throws -> (strong: [Int64], weak: [Int64: Bool], isMostlyStock: Bool) {
        var earliest: [PostingKey: Int] = [:]
        for print in Shingles.winnow(fingerprint.shingles, window: configuration.winnowWindow) {
            let key = PostingKey(folding: print.hash)
            earliest[key] = min(earliest[key] ?? .max, print.position)
        }
        guard !earliest.isEmpty else { return ([], [:], false) }
        let keys = Array(earliest.keys)
        let limit = configuration.maximumFingerprintFrequency + 1
        var hits: [Int64: (count: Int, inLead: Bool)] = [:]
        var stock = 0
        for (key, articles) in zip(keys, try storage.fingerprintPostings(keys, excluding: id, limit: limit)) {
            guard articles.count < limit else {
                stock += 1
                continue
            }
            // A rare phrase in the opening: a briefing stored before this story may quote it (a common one is chance).
            let inLead = earliest[key]! < configuration.shortTextTokens && articles.count <= Self.rareInLead
            for article in articles {
                let hit = hits[article] ?? (0, false)
                hits[article] = (hit.count + 1, hit.inLead || inLead)
            }
        }
        // A text too short to hold a substantial passage beside the rest is matched on whatever it shares.
        let short = fingerprint.tokens.count < configuration.shortTextTokens
        let decisive = configuration.substantialPassagePrints
        let strong = hits.filter { short || $0.value.count >= decisive }.mapValues(\.count)
        var weak: [Int64: Bool] = [:]
        if !short {
            // Those in the lead first, then those sharing more, then the newest.
            let few = hits.filter { $0.value.count < decisive }.sorted {
                if $0.value.inLead != $1.value.inLead { return $0.value.inLead }
                return $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key > $1.key
            }
            for (article, hit) in few.prefix(Self.weakCandidates) { weak[article] = hit.inLead }
        }
        let isMostlyStock = stock * Self.stockShareForBands >= keys.count
        return (Self.strongest(strong, configuration.maximumCandidates), weak, isMostlyStock)
    }

    /// The `count` articles with the most hits, ties to the lower id.
    private static func strongest(_ hits: [Int64: Int], _ count: Int) -> [Int64] {
        hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map(\.key)
    }
}
