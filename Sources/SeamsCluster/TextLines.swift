import SeamsFingerprint

/// A text's lines indexed by the tokens they hold, so that asking whether the text shows a headline as one of its
/// lines costs a pass over the headline's words, not a set built for every line of the text for every headline.
///
/// An arriving text is asked this for each stored article that shares one fingerprint with it (see
/// `CandidateSearch`), and there are more of those the bigger the store: the index is built once per arrival.
struct TextLines {
    /// Lines longer than this are not indexed: only a headline of more than half as many distinct words could be one
    /// of them, and such a headline is looked for line by line.
    static var longestIndexedLine: Int { 64 }

    private let tokens: MatchTokens
    /// Each indexed line's token count and distinct-token count, by line number.
    private var lengths: [Int] = []
    private var distinct: [Int] = []
    /// The indexed lines that hold each token, each line once.
    private var lines: [UInt64: [Int32]] = [:]

    init(_ tokens: MatchTokens) {
        self.tokens = tokens
        lengths.reserveCapacity(tokens.lineStarts.count)
        distinct.reserveCapacity(tokens.lineStarts.count)
        for line in tokens.lineStarts.indices {
            let range = Self.range(ofLine: line, in: tokens)
            lengths.append(range.count)
            guard range.count <= Self.longestIndexedLine else {
                distinct.append(0)
                continue
            }
            var seen = Set<UInt64>(minimumCapacity: range.count)
            for hash in tokens.hashes[range] where seen.insert(hash).inserted {
                lines[hash, default: []].append(Int32(line))
            }
            distinct.append(seen.count)
        }
    }

    /// True when one of the lines is the headline whose distinct words are `title`: a line of at most twice as many
    /// tokens, where each holds at least half of the other's distinct words.
    func shows(_ title: Set<UInt64>) -> Bool {
        guard !title.isEmpty else { return false }
        guard 2 * title.count <= Self.longestIndexedLine else { return Self.shows(title, lineByLineIn: tokens) }
        var shared: [Int32: Int] = [:]
        for word in title {
            for line in lines[word] ?? [] { shared[line, default: 0] += 1 }
        }
        return shared.contains { line, count in
            let line = Int(line)
            return lengths[line] <= 2 * title.count && Self.agree(shared: count, distinct[line], title.count)
        }
    }

    /// ``shows(_:)`` without an index: every line of `tokens`, each read as a set. Cheaper for one headline.
    static func shows(_ title: Set<UInt64>, lineByLineIn tokens: MatchTokens) -> Bool {
        guard !title.isEmpty else { return false }
        return tokens.lineStarts.indices.contains { line in
            let range = range(ofLine: line, in: tokens)
            guard range.count <= 2 * title.count else { return false }
            let words = Set(tokens.hashes[range])
            return agree(shared: words.intersection(title).count, words.count, title.count)
        }
    }

    /// True when two sets of words, of `first` and `second` distinct words with `shared` in common, each hold at least
    /// half of the other's: the same headline, give or take a "CORRECTED -" or a shortened phrase.
    static func agree(shared: Int, _ first: Int, _ second: Int) -> Bool {
        shared > 0 && 2 * shared >= max(first, second)
    }

    /// The tokens of line `index`, as indices into the text's tokens.
    static func range(ofLine index: Int, in tokens: MatchTokens) -> Range<Int> {
        let start = Int(tokens.lineStarts[index])
        let end = index + 1 < tokens.lineStarts.count ? Int(tokens.lineStarts[index + 1]) : tokens.count
        return start..<end
    }
}
