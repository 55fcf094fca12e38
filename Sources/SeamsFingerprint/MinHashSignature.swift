/// A MinHash signature by one-permutation hashing with optimal densification (Shrivastava, ICML 2017).
///
/// Each shingle hash falls into one of the signature's bins by its top bits and keeps the bin's minimum of its
/// low 32 bits; a bin no shingle fell into borrows the value of another bin chosen by a fixed probe sequence, so
/// two signatures agree in a bin with probability equal to the texts' resemblance. One pass over the shingles
/// (O(*n* + *k*)) instead of *k* hash functions per shingle.
package struct MinHashSignature: Sendable, Hashable {
    /// The bin values.
    package var values: [UInt32]

    /// Creates a signature from stored values.
    package init(values: [UInt32]) {
        self.values = values
    }

    /// The signature of a set of shingle hashes, with `size` bins (a power of two).
    package init(shingles: [UInt64], size: Int = 128) {
        precondition(size > 0 && size & (size - 1) == 0, "the signature size must be a power of two")
        let shift = UInt64(64 - size.trailingZeroBitCount)
        var values = [UInt32](repeating: .max, count: size)
        var filled = [UInt64](repeating: 0, count: (size + 63) / 64)  // one bit a bin
        values.withUnsafeMutableBufferPointer { values in
            filled.withUnsafeMutableBufferPointer { filled in
                for shingle in shingles {
                    let bin = Int(truncatingIfNeeded: shingle >> shift)
                    let value = UInt32(truncatingIfNeeded: shingle)
                    if value < values[bin] { values[bin] = value }
                    filled[bin >> 6] |= 1 << UInt64(bin & 63)
                }
            }
        }
        let filledBins = filled.reduce(0) { $0 + $1.nonzeroBitCount }
        if !shingles.isEmpty, filledBins < size {
            let original = values
            for bin in 0..<size where filled[bin >> 6] & (1 << UInt64(bin & 63)) == 0 {
                var attempt: UInt64 = 1
                while true {
                    let probe = Int(truncatingIfNeeded: Shingles.finalize(UInt64(bin) << 32 | attempt) % UInt64(size))
                    if filled[probe >> 6] & (1 << UInt64(probe & 63)) != 0 {
                        values[bin] = original[probe]
                        break
                    }
                    attempt += 1
                }
            }
        }
        self.values = values
    }

    /// The estimated resemblance (Jaccard similarity) of the two texts: the share of equal bins.
    package func resemblance(to other: MinHashSignature) -> Double {
        guard values.count == other.values.count, !values.isEmpty else { return 0 }
        var equal = 0
        for index in values.indices where values[index] == other.values[index] { equal += 1 }
        return Double(equal) / Double(values.count)
    }

    /// The LSH band keys: one 64-bit key per band of `rows` consecutive values, with the band's number mixed in.
    package func bandKeys(bands: Int, rows: Int) -> [UInt64] {
        (0..<bands).map { band in
            var hash = Shingles.finalize(UInt64(band) &+ 0x5EA4_5000)
            for row in 0..<rows {
                let index = band * rows + row
                hash = MatchTokenizer.combine(hash, UInt64(index < values.count ? values[index] : 0))
            }
            return Shingles.finalize(hash)
        }
    }

    /// The signature as little-endian bytes, for storage.
    package var bytes: [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.littleEndian >> ($0 * 8)) } }
    }

    /// A signature read back from ``bytes``.
    package init(bytes: [UInt8]) {
        values = stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
        }
    }
}
