import SeamsExtract
import SeamsFingerprint
import SeamsParse

/// The code that reads untrusted input, each as one libFuzzer target: it runs on arbitrary bytes and traps when an
/// invariant breaks, so a crash, a hang or a broken invariant is a finding.
///
/// The same entry points replay the kept crashers and seeds in `make test` (SeamsFuzzTests) and in `seams-fuzz` runs
/// without libFuzzer.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// ``FeedParser``: character decoding, XML and JSON, every feed format.
    case feedParser = "feed-parser"
    /// ``TextExtractor`` and ``HTMLSanitizer`` on the same HTML.
    case htmlExtractor = "html-extractor"
    /// ``FeedDateParser``.
    case dateParser = "date-parser"
    /// ``MatchTokenizer``, ``Shingles``, ``MinHashSignature`` and ``Overlap``: the normalizer and shingler.
    case shingler

    /// Runs the target on one input.
    package func run(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        switch self {
        case .feedParser: FeedParserTarget.run(bytes)
        case .htmlExtractor: HTMLExtractorTarget.run(bytes)
        case .dateParser: DateParserTarget.run(bytes)
        case .shingler: ShinglerTarget.run(bytes)
        }
    }
}

/// Traps with `message` when `condition` is false, in every build configuration (a `precondition` is kept in release
/// builds too, but saying so here makes the intent plain).
@inline(__always)
func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz invariant: \(message())") }
}
