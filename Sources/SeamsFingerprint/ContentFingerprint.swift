import SeamsCore

/// The identity of an article's text for exact-copy matching: a stable 64-bit hash of its normalized tokens.
///
/// The tokens are the deduplicator's own (``MatchTokenizer``: NFC, lower case, one tone-mark convention, punctuation
/// and known page furniture left out), so two copies that differ only in markup, encoding, Unicode form, case,
/// punctuation, tone-mark style or a "Video đang HOT" line have the same key. Long texts are identified by their body
/// alone, so copies under new headlines still match. Short texts (fewer than ``minimumBodyWords`` tokens, such as a
/// headline and one sentence) are too common to identify a story by themselves, so their key covers the title too.
/// The key is XXH3-64 of the token hashes as little-endian 64-bit values: identical on every machine and in every
/// process, so it can be stored. (Swift's `Hasher` is seeded per process and cannot.)
package struct ContentFingerprint: Sendable, Hashable {
    /// Bodies with at least this many tokens are keyed by their body alone.
    package static let minimumBodyWords = 12

    /// The stored key, or nil when the article has no tokens at all.
    package var key: UInt64?
    /// The number of normalized tokens in the body.
    package var wordCount: Int

    /// Computes the fingerprint of an article's title and extracted text.
    package init(title: String?, text: String) {
        let tokenizer = MatchTokenizer()
        let tokens = tokenizer.tokenize(text).hashes
        wordCount = tokens.count
        if tokens.count >= Self.minimumBodyWords {
            key = StableHash.of(tokens)
        } else {
            let titleTokens = tokenizer.tokenize(title ?? "").hashes
            key = tokens.isEmpty && titleTokens.isEmpty ? nil : StableHash.of(titleTokens + [0] + tokens)
        }
    }

}
