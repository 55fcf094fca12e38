import CXXHash

/// XXH3-64: the one hash Seams stores or sends (exact-copy keys, entry hashes, feed-body hashes, ETags). It is the
/// same on every machine and in every run, unlike Swift's `Hasher`, so a stored value compares with a new one.
package enum StableHash {
    /// The hash of raw bytes.
    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXH3_64bits(bytes.baseAddress, bytes.count)
    }

    /// The hash of a byte array.
    package static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    /// The hash of a string's UTF-8.
    package static func of(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of 64-bit values, as little-endian bytes (the same on every machine).
    package static func of(_ values: [UInt64]) -> UInt64 {
        values.map(\.littleEndian).withUnsafeBytes { of($0) }
    }
}
