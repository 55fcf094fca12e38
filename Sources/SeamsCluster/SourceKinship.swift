/// Pairs of stored articles known to share passages with each other, found while a page is classified: such sources
/// are versions of one story (reports of one event reusing one wire text, a story and its own teaser), and a page
/// borrowing from both is not stitched from two stories.
package struct SourceKinship: Sendable {
    private var pairs: Set<Pair> = []
    private var checked: Set<Pair> = []

    private struct Pair: Hashable {
        let first: Int64
        let second: Int64

        init(_ a: Int64, _ b: Int64) { (first, second) = a < b ? (a, b) : (b, a) }
    }

    /// Creates a kinship that links nothing.
    package init() {}

    /// True when no pair is linked.
    package var isEmpty: Bool { pairs.isEmpty }

    /// True when the two candidates' articles are known to share passages.
    func links(_ first: MatchCandidate, _ second: MatchCandidate) -> Bool {
        pairs.contains(Pair(first.articleId, second.articleId))
    }

    /// True when the pair has been checked already, linked or not.
    package func hasChecked(_ first: Int64, _ second: Int64) -> Bool { checked.contains(Pair(first, second)) }

    /// Records the outcome of checking a pair.
    package mutating func record(_ first: Int64, _ second: Int64, related: Bool) {
        let pair = Pair(first, second)
        checked.insert(pair)
        if related { pairs.insert(pair) }
    }
}
