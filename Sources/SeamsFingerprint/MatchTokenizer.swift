import CUtf8proc
import SeamsCore

/// Cuts text into normalized tokens for matching, leaving boilerplate lines out.
///
/// Normalization: NFC, lower case (Unicode simple case mapping), one Vietnamese tone-mark convention (see ``VietnameseTones``); punctuation,
/// quotes and dashes separate tokens and are dropped. A token is a run of letters and digits — a word, or a
/// Vietnamese syllable — except in scripts written without spaces (CJK, Thai, Lao, Khmer, Myanmar), where every
/// character is a token, so shingles become character n-grams. Lines that are boilerplate are left out whole:
/// known furniture ("Video đang HOT", "TIN LIÊN QUAN", "Read more"…), photo credits and captions ending in
/// "Ảnh: …" or "Photo: …", and lines the caller knows recur across a feed.
///
/// Token hashes are XXH3-64 of the normalized token's UTF-32 scalars: the same on every machine and in every
/// run, and pinned by a test.
///
/// - Complexity: O(*n*) in the length of the text.
package struct MatchTokenizer: Sendable {
    /// The settings in force.
    package let configuration: DedupConfiguration

    /// Creates a tokenizer.
    package init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    /// Tokenizes `text`, leaving out known boilerplate and every line whose hash is in `boilerplateLines`.
    ///
    /// Learned lines never take a story: when they would leave fewer tokens than a passage
    /// (``DedupConfiguration/minimumPassageTokens``), they are the item's own content — a feed of one-line briefs, a
    /// wire's dividend notices that all read "Pay May 1" — and they are kept.
    package func tokenize(_ text: String, boilerplateLines: Set<UInt64> = []) -> MatchTokens {
        var text = text
        return text.withUTF8 { bytes in
            var state = TokenizerState(boilerplateLines: boilerplateLines, configuration: configuration)
            state.run(bytes)
            let floor = configuration.minimumPassageTokens
            guard state.output.hashes.count < floor, state.droppedCaptionLines + state.droppedLearnedLines > 0 else {
                return state.output
            }
            // Furniture never takes a story: when leaving it out would leave less than a passage, what looks like a
            // caption is kept (a short item's lead ending in a credit), then learned lines one by one, those after the
            // text's first line of content first and nearest first, then those before it: a wire brief's own lines
            // ("Pay April Six", "Reuter") recur across its feed too, but its outlet's byline and footer are kept out
            // as long as the brief has enough without them.
            // At most a few lines one by one (a hostile text of a thousand learned lines is not tokenized a
            // thousand times), then all of them.
            func tokenize(leavingOut learned: Set<UInt64>) -> TokenizerState {
                var retry = TokenizerState(
                    boilerplateLines: learned,
                    configuration: configuration,
                    dropsCaptions: false
                )
                retry.run(bytes)
                return retry
            }
            var learned = boilerplateLines
            var retry = state.droppedCaptionLines > 0 ? tokenize(leavingOut: learned) : state
            let lines = state.output.lineHashes
            let first = lines.firstIndex { !boilerplateLines.contains($0) } ?? 0
            var restored = 0
            for line in lines[first...] + lines[..<first].reversed() where restored < Self.linesRestoredOneByOne {
                if retry.output.hashes.count >= floor || retry.droppedLearnedLines == 0 { return retry.output }
                guard learned.remove(line) != nil else { continue }
                restored += 1
                retry = tokenize(leavingOut: learned)
            }
            if retry.output.hashes.count >= floor || retry.droppedLearnedLines == 0 { return retry.output }
            return tokenize(leavingOut: []).output
        }
    }

    /// How many learned lines a text too short without them gets back one at a time before it gets all back.
    static var linesRestoredOneByOne: Int { 8 }

    /// The hash of one normalized token (used for tests and for the known-phrase tables).
    package static func tokenHash(_ token: String) -> UInt64 {
        rawTokenHashes(token).first ?? StableHash.of([UInt8]())
    }

    /// Token hashes with no boilerplate detection: for building the boilerplate tables themselves.
    static func rawTokenHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { bytes in
            var state = TokenizerState(
                boilerplateLines: [],
                configuration: DedupConfiguration(),
                detectsBoilerplate: false
            )
            state.run(bytes)
            return state.output.hashes
        }
    }

    @inline(__always)
    static func lowercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
        return UInt32(bitPattern: utf8proc_tolower(Int32(bitPattern: value)))
    }

    /// How many of a text's first lines may be known by their shape (see ``MatchTokens/lineShapes``).
    static var openingLines: Int { 3 }

    /// What stands for every token that holds a digit in a line's shape.
    static var figurePlaceholder: UInt64 { 0x5EA3_5F16_0D1A_7E55 }

    /// Order-sensitive combination of token hashes into a line hash.
    static func combine(_ hash: UInt64, _ next: UInt64) -> UInt64 {
        (hash ^ next) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
    }
}
