import CUtf8proc
import SeamsCore

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
            guard state.output.hashes.count < configuration.minimumPassageTokens, state.droppedLearnedLines > 0 else {
                return state.output
            }
            var content = TokenizerState(boilerplateLines: [], configuration: configuration)
            content.run(bytes)
            return content.output
        }
    }

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

/// The running state of one tokenization: a single pass over the text's UTF-8 bytes.
///
/// Token hashes are XXH3-64 over the normalized token's UTF-8 bytes. ASCII is classified and lower-cased by table;
/// other scalars are decoded, classified and lower-cased with utf8proc. Offsets count Unicode scalars.
struct TokenizerState {
    private(set) var output = MatchTokens()
    /// Lines left out only because the caller had learned them.
    private(set) var droppedLearnedLines = 0
    private let boilerplateLines: Set<UInt64>
    private let maximumBoilerplateTokens: Int
    private let detectsBoilerplate: Bool
    // Read once: a static costs a `swift_once` check per access. Not read at all without boilerplate detection, which
    // is how those tables are built.
    private let captionMarkers: Set<UInt64>
    private let knownBoilerplate: Set<UInt64>
    private var token: [UInt8] = []
    private var tokenScalars = 0
    private var lastScalars: (UInt32, UInt32, UInt32) = (0, 0, 0)  // the token's last three scalars, newest last
    private var lastLengths: (Int, Int) = (0, 0)  // UTF-8 lengths of the last two
    private var tokenStart: Int32 = 0
    private var tokenEnd: Int32 = 0
    private var needsComposition = false
    private var boundaryBeforeNextToken = true
    // Where the current line began in the output, so a boilerplate line can be taken back.
    private var lineStart = 0
    private var lineHash: UInt64 = 0
    private var lineShape: UInt64 = 0
    private var lineFigures = 0  // tokens of the line that hold a digit
    private var tokenHasDigit = false
    private var lineCaptionMarker: Int?  // token index (in the output) of the last caption marker at a sentence start

    init(boilerplateLines: Set<UInt64>, configuration: DedupConfiguration, detectsBoilerplate: Bool = true) {
        self.boilerplateLines = boilerplateLines
        self.maximumBoilerplateTokens = configuration.boilerplateLineTokens
        self.detectsBoilerplate = detectsBoilerplate
        self.captionMarkers = detectsBoilerplate ? CaptionMarkers.hashes : []
        self.knownBoilerplate = detectsBoilerplate ? KnownBoilerplate.lineHashes : []
        token.reserveCapacity(32)
    }

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        output.hashes.reserveCapacity(bytes.count / 5)
        output.starts.reserveCapacity(bytes.count / 5)
        output.ends.reserveCapacity(bytes.count / 5)
        var index = 0
        var offset: Int32 = 0
        let count = bytes.count
        let classes = asciiClasses  // once, not a `swift_once` check per byte
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch classes[Int(byte)] {
                case 1:
                    appendWordScalar(UInt32(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)), length: 1, at: offset)
                case 2:
                    finishToken()
                    boundaryBeforeNextToken = true
                case 3: finishLine()
                default: finishToken()
                }
                index += 1
                offset += 1
                continue
            }
            let (value, length) = decode(bytes, at: index)
            consume(value, at: offset)
            index += length
            offset += 1
        }
        finishLine()
    }

    @inline(__always)
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        let count = bytes.count
        if lead >= 0xF0, index + 3 < count {
            return (
                UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                    | UInt32(bytes[index + 3] & 0x3F), 4
            )
        }
        if lead >= 0xE0, index + 2 < count {
            return (
                UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3
            )
        }
        if lead >= 0xC0, index + 1 < count { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        return (0xFFFD, 1)  // Swift strings are valid UTF-8; this is unreachable in practice
    }

    private mutating func consume(_ value: UInt32, at offset: Int32) {
        switch ScalarClass(value) {
        case .word:
            let lower = MatchTokenizer.lowercase(value)
            appendWordScalar(lower, length: utf8Length(lower), at: offset)
        case .mark:
            guard !token.isEmpty else { return }
            appendScalarBytes(value)
            tokenEnd = offset + 1
            needsComposition = true
        case .ideograph:
            finishToken()
            appendWordScalar(MatchTokenizer.lowercase(value), length: utf8Length(value), at: offset)
            finishToken()
        case .sentenceBreak:
            finishToken()
            boundaryBeforeNextToken = true
        case .separator:
            finishToken()
        }
    }

    @inline(__always)
    private mutating func appendWordScalar(_ value: UInt32, length: Int, at offset: Int32) {
        if token.isEmpty { tokenStart = offset }
        if value < 0x80 { token.append(UInt8(value)) } else { appendScalarBytes(value) }
        lastScalars = (lastScalars.1, lastScalars.2, value)
        lastLengths = (lastLengths.1, length)
        tokenScalars += 1
        if value >= 0x30 && value <= 0x39 { tokenHasDigit = true }
        tokenEnd = offset + 1
    }

    @inline(__always)
    private func utf8Length(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    private mutating func appendScalarBytes(_ value: UInt32) {
        switch value {
        case ..<0x80: token.append(UInt8(value))
        case ..<0x800:
            token.append(UInt8(0xC0 | value >> 6))
            token.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            token.append(UInt8(0xE0 | value >> 12))
            token.append(UInt8(0x80 | (value >> 6) & 0x3F))
            token.append(UInt8(0x80 | value & 0x3F))
        default:
            token.append(UInt8(0xF0 | value >> 18))
            token.append(UInt8(0x80 | (value >> 12) & 0x3F))
            token.append(UInt8(0x80 | (value >> 6) & 0x3F))
            token.append(UInt8(0x80 | value & 0x3F))
        }
    }

    private mutating func finishToken() {
        guard !token.isEmpty else { return }
        if needsComposition {
            compose()
        } else if tokenScalars >= 2,
            let (first, second) = VietnameseTones.unified(
                before: tokenScalars >= 3 ? lastScalars.0 : nil,
                lastScalars.1,
                lastScalars.2
            )
        {
            token.removeLast(lastLengths.0 + lastLengths.1)
            appendScalarBytes(first)
            appendScalarBytes(second)
        }
        let hash = token.withUnsafeBytes { StableHash.of($0) }
        if detectsBoilerplate, boundaryBeforeNextToken, captionMarkers.contains(hash) {
            lineCaptionMarker = output.hashes.count
        }
        lineHash = MatchTokenizer.combine(lineHash, hash)
        lineShape = MatchTokenizer.combine(lineShape, tokenHasDigit ? MatchTokenizer.figurePlaceholder : hash)
        if tokenHasDigit { lineFigures += 1 }
        tokenHasDigit = false
        output.hashes.append(hash)
        output.starts.append(tokenStart)
        output.ends.append(tokenEnd)
        token.removeAll(keepingCapacity: true)
        tokenScalars = 0
        boundaryBeforeNextToken = false
    }

    /// NFC, lower case and tone placement for a token that arrived decomposed (base letters and combining marks).
    private mutating func compose() {
        needsComposition = false
        let composed = token.withUnsafeBufferPointer { bytes -> [UInt32] in
            var result: UnsafeMutablePointer<utf8proc_uint8_t>?
            let options = utf8proc_option_t(rawValue: UTF8PROC_STABLE.rawValue | UTF8PROC_COMPOSE.rawValue)
            let length = utf8proc_map(bytes.baseAddress, bytes.count, &result, options)
            guard length >= 0, let result else {
                return String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)
            }
            defer { seams_utf8proc_free(result) }
            return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self).unicodeScalars.map
            {
                MatchTokenizer.lowercase($0.value)
            }
        }
        var scalars = composed
        if scalars.count >= 2,
            let (first, second) = VietnameseTones.unified(
                before: scalars.count >= 3 ? scalars[scalars.count - 3] : nil,
                scalars[scalars.count - 2],
                scalars[scalars.count - 1]
            )
        {
            scalars[scalars.count - 2] = first
            scalars[scalars.count - 1] = second
        }
        token.removeAll(keepingCapacity: true)
        for scalar in scalars { appendScalarBytes(scalar) }
    }

    mutating func finishLine() {
        finishToken()
        defer {
            lineStart = output.hashes.count
            lineHash = 0
            lineShape = 0
            lineFigures = 0
            lineCaptionMarker = nil
            boundaryBeforeNextToken = true
        }
        let count = output.hashes.count - lineStart
        guard count > 0, detectsBoilerplate else { return }
        output.lineHashes.append(lineHash)
        // A short opening line that is mostly figures is known by its shape too.
        let opening = output.lineHashes.count <= MatchTokenizer.openingLines
        let shape =
            opening && lineFigures >= 2 && 2 * lineFigures >= count && count <= maximumBoilerplateTokens
            ? lineShape : nil
        if let shape { output.lineShapes.append(shape) }
        let isCaption = lineCaptionMarker.map { output.hashes.count - $0 <= 6 && count <= 40 } ?? false
        let isKnown = isCaption || knownBoilerplate.contains(lineHash)
        let isLearned =
            !isKnown && count <= maximumBoilerplateTokens
            && (boilerplateLines.contains(lineHash) || shape.map(boilerplateLines.contains) == true)
        if isLearned { droppedLearnedLines += 1 }
        if !isKnown && !isLearned { output.lineStarts.append(Int32(lineStart)) }
        if isKnown || isLearned {
            output.furnitureSpans.append(Int(output.starts[lineStart])..<Int(output.ends[output.hashes.count - 1]))
            output.droppedTokens += count
            output.hashes.removeLast(count)
            output.starts.removeLast(count)
            output.ends.removeLast(count)
        }
    }
}

/// Classes of ASCII bytes: 0 separates tokens, 1 is a letter or digit, 2 ends a sentence (. ( | ! ? :), 3 ends a line.
private let asciiClasses: [UInt8] = (0..<128).map { byte -> UInt8 in
    switch UInt8(byte) {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"):
        1
    case UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: "|"), UInt8(ascii: "!"), UInt8(ascii: "?"),
        UInt8(ascii: ":"):
        2
    case UInt8(ascii: "\n"): 3
    default: 0
    }
}

/// How the tokenizer treats a Unicode scalar.
enum ScalarClass {
    case word, mark, ideograph, sentenceBreak, separator

    @inline(__always)
    init(_ value: UInt32) {
        if value < 0x80 {
            if (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
            {
                self = .word
            } else if value == 0x2E || value == 0x28 || value == 0x7C || value == 0x21 || value == 0x3F || value == 0x3A
            {
                self = .sentenceBreak  // . ( | ! ? :
            } else {
                self = .separator
            }
            return
        }
        // Latin letters with diacritics (Vietnamese lives in Latin-1, Extended-A/B and Extended Additional).
        if (value >= 0xC0 && value <= 0x24F && value != 0xD7 && value != 0xF7) || (value >= 0x1E00 && value <= 0x1EFF) {
            self = .word
            return
        }
        if value >= 0x300 && value <= 0x36F {
            self = .mark
            return
        }
        if (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
            || (value >= 0x3040 && value <= 0x30FF)
            || (value >= 0x0E00 && value <= 0x0EFF) || (value >= 0x1780 && value <= 0x17FF)
            || (value >= 0x1000 && value <= 0x109F)
            || (value >= 0x20000 && value <= 0x2FFFF) || (value >= 0xF900 && value <= 0xFAFF)
        {
            self = .ideograph
            return
        }
        if value == 0x2013 || value == 0x2014 || value == 0x2026 || value == 0x3002 {
            self = .sentenceBreak  // – — … 。
            return
        }
        guard let scalar = Unicode.Scalar(value) else {
            self = .separator
            return
        }
        let properties = scalar.properties
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark {
            self = .mark
        } else if properties.isAlphabetic || properties.numericType != nil {
            self = .word
        } else {
            self = .separator
        }
    }
}

/// Lines that are page furniture wherever they appear.
enum KnownBoilerplate {
    static let phrases = [
        "Video đang HOT", "Xem thêm", "TIN LIÊN QUAN", "Tin liên quan", "Tin cùng chuyên mục", "Đọc thêm", "Xem video",
        "Bình luận", "Chia sẻ", "Quảng cáo", "Read more", "Related", "Related articles", "Advertisement", "Share this",
        "Click here", "Watch", "Subscribe",
    ]

    static let lineHashes: Set<UInt64> = {
        Set(
            phrases.map { phrase in
                MatchTokenizer.rawTokenHashes(phrase).reduce(0, MatchTokenizer.combine)
            }
        )
    }()
}

/// Words that open a photo credit or caption ("Ảnh: REUTERS/TTXVN", "Photo: AP").
enum CaptionMarkers {
    static let hashes: Set<UInt64> = Set(
        ["ảnh", "photo", "image", "video", "nguồn", "source", "credit"].map(MatchTokenizer.tokenHash)
    )
}
