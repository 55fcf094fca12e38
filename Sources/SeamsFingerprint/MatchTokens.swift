/// An article's text as the deduplicator sees it: the hashes of its normalized tokens, where each token stands
/// in the original text, and the hashes of its lines (for learning a feed's boilerplate).
package struct MatchTokens: Sendable, Hashable {
    /// The stable 64-bit hash of each kept token, in order.
    package var hashes: [UInt64] = []
    /// Where each kept token starts in the original text, in Unicode scalars.
    package var starts: [Int32] = []
    /// Where each kept token ends in the original text, in Unicode scalars.
    package var ends: [Int32] = []
    /// The hash of every line that has tokens, boilerplate or not.
    package var lineHashes: [UInt64] = []
    /// The shape of each of the first three lines that is mostly figures (a date line under the headline, "Cập nhật:
    /// 08:30 02/03/2023"): its hash with each token that holds a digit replaced by one placeholder, so that a line
    /// that changes with every item is learned. Only the opening lines: further down, lines of figures are a wire's
    /// earnings tables.
    package var lineShapes: [UInt64] = []
    /// Where each kept line begins, as an index into ``hashes`` (ascending; the first is 0 when any token is kept).
    package var lineStarts: [Int32] = []
    /// Tokens left out as boilerplate.
    package var droppedTokens = 0
    /// Where each line left out as boilerplate lies in the original text, in Unicode scalars (from its first token to
    /// its last): what `seams article` and `seams compare` show as furniture.
    package var furnitureSpans: [Range<Int>] = []

    /// Number of kept tokens.
    package var count: Int { hashes.count }

    /// The span of tokens `range` in the original text, in Unicode scalars.
    package func span(of range: Range<Int>) -> Range<Int> {
        Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }
}
