import CXXHash

/// The identity of an article's text for exact-copy matching: a stable 64-bit hash of its normalized words.
///
/// Long texts are identified by their body alone, so copies under new headlines still match. Short texts
/// (fewer than ``minimumBodyWords`` words, such as a headline and one sentence) are too common to identify a
/// story by themselves, so their key covers the title too. The hash is XXH3-64 over the normalized words
/// joined by spaces: identical on every machine and in every process, so it can be stored. (Swift's `Hasher`
/// is seeded per process and cannot.)
public struct ContentFingerprint: Sendable, Hashable {
    /// Bodies with at least this many words are keyed by their body alone.
    public static let minimumBodyWords = 12

    /// The stored key, or nil when the article has no words at all.
    public var key: UInt64?
    /// The number of normalized words in the body.
    public var wordCount: Int

    /// Computes the fingerprint of an article's title and extracted text.
    public init(title: String?, text: String) {
        let words = TextNormalizer.words(in: text)
        wordCount = words.count
        if words.count >= Self.minimumBodyWords {
            key = Self.hash(words.joined(separator: " "))
        } else {
            let titleWords = TextNormalizer.words(in: title ?? "")
            if words.isEmpty && titleWords.isEmpty {
                key = nil
            } else {
                key = Self.hash(titleWords.joined(separator: " ") + "\u{1}" + words.joined(separator: " "))
            }
        }
    }

    /// XXH3-64 of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { XXH3_64bits($0.baseAddress, $0.count) }
    }
}
