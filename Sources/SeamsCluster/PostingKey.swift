/// A key of the candidate indexes — an LSH band key or a winnowed fingerprint — folded to 32 bits.
///
/// Postings are most of what a store keeps per article, and every one is written once per article; 32 bits halve
/// them. A chance collision only adds a candidate that verification then rejects: at a million stored articles
/// about one lookup in a hundred meets a stranger, and it still needs two shared fingerprints (or a band and a
/// resemblance check) to be read.
package struct PostingKey: Hashable, Comparable, Sendable {
    /// The key's 32 bits.
    package let rawValue: UInt32

    /// A key stored as it was read back.
    package init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The key of a 64-bit band key or fingerprint: its two halves folded together, so both count.
    package init(folding hash: UInt64) {
        rawValue = UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    package static func < (lhs: PostingKey, rhs: PostingKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
