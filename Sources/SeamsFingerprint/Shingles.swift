/// Shingles of *k* consecutive tokens, hashed to stable 64-bit values, and their winnowed fingerprints.
///
/// Shingle *i* covers tokens `i ..< i + k`. Its hash is an order-sensitive combination of the token hashes
/// followed by a 64-bit finalizer (MurmurHash3's fmix64), so equal token runs give equal shingles on every
/// machine and in every run.
package enum Shingles {
    /// The shingle hashes of a token sequence; a text shorter than `k` tokens gives one shingle of all it has.
    ///
    /// - Complexity: O(*n* × *k*).
    package static func hashes(_ tokens: [UInt64], k: Int) -> [UInt64] {
        guard !tokens.isEmpty else { return [] }
        let width = min(k, tokens.count)
        var result: [UInt64] = []
        result.reserveCapacity(tokens.count - width + 1)
        tokens.withUnsafeBufferPointer { tokens in
            for start in 0...(tokens.count - width) {
                var hash: UInt64 = 0x243F_6A88_85A3_08D3
                for index in start..<(start + width) { hash = MatchTokenizer.combine(hash, tokens[index]) }
                result.append(finalize(hash))
            }
        }
        return result
    }

    /// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
    @inline(__always)
    package static func finalize(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// A fingerprint chosen by winnowing: a shingle hash and the shingle's position.
    package struct Fingerprint: Sendable, Hashable {
        /// The shingle hash.
        package var hash: UInt64
        /// The shingle's index (its first token).
        package var position: Int
    }

    /// Winnowing (Schleimer, Wilkerson and Aiken, 2003): the smallest hash of every window of `window` shingles,
    /// rightmost on ties, each recorded once. Any run of `window + k - 1` tokens shared by two texts shares a
    /// fingerprint, while only about 2 / (window + 1) of the shingles are kept.
    ///
    /// - Complexity: O(*n* × *w*).
    package static func winnow(_ shingles: [UInt64], window: Int) -> [Fingerprint] {
        guard !shingles.isEmpty else { return [] }
        let width = max(1, min(window, shingles.count))
        var result: [Fingerprint] = []
        var lastPosition = -1
        for start in 0...(shingles.count - width) {
            var best = start
            for index in start..<(start + width) where shingles[index] <= shingles[best] { best = index }
            if best != lastPosition {
                result.append(Fingerprint(hash: shingles[best], position: best))
                lastPosition = best
            }
        }
        return result
    }
}
