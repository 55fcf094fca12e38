package import SeamsFingerprint
import Synchronization

/// An article's fingerprint: its tokens after page furniture, its shingles (as a list and a set) and its MinHash
/// signature.
package struct ArticleFingerprint: Sendable {
    /// The tokens left after page furniture, with where each lies in the text.
    package var tokens: MatchTokens
    /// The shingle hashes, in text order.
    package var shingles: [UInt64]
    /// The same shingles as a set, for overlap.
    package var shingleSet: Set<UInt64>
    /// The MinHash signature of the shingles.
    package var signature: MinHashSignature

    /// Fingerprints tokens with the configured shingle and signature sizes.
    package init(tokens: MatchTokens, configuration: DedupConfiguration) {
        self.tokens = tokens
        self.shingles = Shingles.hashes(tokens.hashes, k: configuration.shingleSize)
        self.shingleSet = Set(shingles)
        self.signature = MinHashSignature(shingles: shingles, size: configuration.signatureSize)
    }
}

/// Fingerprints of stored articles, kept between transactions so candidates are not tokenized again and again.
///
/// An entry is valid while the article's entry hash (its text) and the size of its feed's learned furniture are what
/// they were (furniture only grows, so the same size is the same set). The cache holds at most `byteBudget` bytes of
/// fingerprints (counted from their arrays) and forgets everything when that would be passed, so a daemon's memory
/// stays bounded however much it ingests. The mutex guards a dictionary that only the store's single writer
/// touches, so it is never contended.
package final class FingerprintCache: Sendable {
    private struct Entry {
        var entryHash: Int64
        var furniture: Int
        var fingerprint: ArticleFingerprint
        var bytes: Int
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())
    private let byteBudget: Int

    /// Creates an empty cache that holds at most `byteBudget` bytes of fingerprints.
    package init(byteBudget: Int = 32 * 1024 * 1024) { self.byteBudget = byteBudget }

    /// The cached fingerprint of an article, if it was made from this entry with this much furniture.
    package func fingerprint(_ id: Int64, entryHash: Int64, furniture: Int) -> ArticleFingerprint? {
        state.withLock { state in
            guard let entry = state.entries[id], entry.entryHash == entryHash, entry.furniture == furniture else {
                return nil
            }
            return entry.fingerprint
        }
    }

    /// Keeps an article's fingerprint.
    package func store(_ fingerprint: ArticleFingerprint, for id: Int64, entryHash: Int64, furniture: Int) {
        // Arrays of 8-byte hashes and 4-byte spans, the set's table at about twice its element size, and the rest.
        let tokens = fingerprint.tokens
        let bytes =
            tokens.hashes.count * 16 + tokens.lineHashes.count * 8 + fingerprint.shingles.count * 8
            + fingerprint.shingleSet.count * 24 + 1024
        state.withLock { state in
            if let old = state.entries[id] { state.bytes -= old.bytes }
            if state.bytes + bytes > byteBudget {
                state.entries.removeAll()
                state.bytes = 0
            }
            state.entries[id] = Entry(
                entryHash: entryHash,
                furniture: furniture,
                fingerprint: fingerprint,
                bytes: bytes
            )
            state.bytes += bytes
        }
    }

    /// Forgets every fingerprint (after the settings or the furniture were reset).
    package func removeAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.bytes = 0
        }
    }
}
