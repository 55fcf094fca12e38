import CUtf8proc
import CXXHash

/// An article's text as the deduplicator sees it: the hashes of its normalized tokens, where each token stands
/// in the original text, and the hashes of its lines (for learning a feed's boilerplate).
public struct MatchTokens: Sendable, Hashable {
    /// The stable 64-bit hash of each kept token, in order.
    public var hashes: [UInt64] = []
    /// Where each kept token starts in the original text, in Unicode scalars.
    public var starts: [Int32] = []
    /// Where each kept token ends in the original text, in Unicode scalars.
    public var ends: [Int32] = []
    /// The hash of every line that has tokens, boilerplate or not.
    public var lineHashes: [UInt64] = []
    /// Tokens left out as boilerplate.
    public var droppedTokens = 0

    /// Number of kept tokens.
    public var count: Int { hashes.count }

    /// The span of tokens `range` in the original text, in Unicode scalars.
    public func span(of range: Range<Int>) -> Range<Int> {
        Int(starts[range.lowerBound])..<Int(ends[range.upperBound - 1])
    }
}

/// Cuts text into normalized tokens for matching, leaving boilerplate lines out.
///
/// Normalization: NFC, case folding, one Vietnamese tone-mark convention (see ``VietnameseTones``); punctuation,
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
public struct MatchTokenizer: Sendable {
    /// The settings in force.
    public let configuration: DedupConfiguration

    /// Creates a tokenizer.
    public init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    /// Tokenizes `text`, leaving out known boilerplate and every line whose hash is in `boilerplateLines`.
    public func tokenize(_ text: String, boilerplateLines: Set<UInt64> = []) -> MatchTokens {
        var state = TokenizerState(boilerplateLines: boilerplateLines, configuration: configuration)
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            state.consume(scalar, at: offset)
            offset += 1
        }
        state.finishLine()
        return state.output
    }

    /// The hash of one normalized token (used for tests and for the known-phrase tables).
    public static func tokenHash(_ token: String) -> UInt64 {
        var scalars = token.unicodeScalars.map { Self.lowercase($0.value) }
        VietnameseTones.unify(&scalars)
        return hashScalars(scalars)
    }

    static func hashScalars(_ scalars: [UInt32]) -> UInt64 {
        scalars.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
    }

    @inline(__always)
    static func lowercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x41 && value <= 0x5A ? value + 0x20 : value }
        return UInt32(bitPattern: utf8proc_tolower(Int32(bitPattern: value)))
    }

    /// Order-sensitive combination of token hashes into a line hash.
    static func combine(_ hash: UInt64, _ next: UInt64) -> UInt64 {
        (hash ^ next) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
    }
}

/// The running state of one tokenization.
struct TokenizerState {
    private(set) var output = MatchTokens()
    private let boilerplateLines: Set<UInt64>
    private let maximumBoilerplateTokens: Int
    private var token: [UInt32] = []
    private var tokenStart: Int32 = 0
    private var tokenEnd: Int32 = 0
    private var needsComposition = false
    private var boundaryBeforeNextToken = true
    // The current line's tokens, kept until the line ends and is judged.
    private var lineHashes: [UInt64] = []
    private var lineStarts: [Int32] = []
    private var lineEnds: [Int32] = []
    private var lineCaptionMarker: Int?  // index in the line of the last caption marker at a sentence start

    init(boilerplateLines: Set<UInt64>, configuration: DedupConfiguration) {
        self.boilerplateLines = boilerplateLines
        self.maximumBoilerplateTokens = configuration.boilerplateLineTokens
        token.reserveCapacity(16)
    }

    mutating func consume(_ scalar: Unicode.Scalar, at offset: Int32) {
        let value = scalar.value
        if value == 0x0A {
            finishToken()
            finishLine()
            return
        }
        switch ScalarClass(value) {
        case .word:
            if token.isEmpty { tokenStart = offset }
            token.append(MatchTokenizer.lowercase(value))
            tokenEnd = offset + 1
        case .mark:
            guard !token.isEmpty else { return }
            token.append(value)
            tokenEnd = offset + 1
            needsComposition = true
        case .ideograph:
            finishToken()
            tokenStart = offset
            tokenEnd = offset + 1
            token.append(MatchTokenizer.lowercase(value))
            finishToken()
        case .sentenceBreak:
            finishToken()
            boundaryBeforeNextToken = true
        case .separator:
            finishToken()
        }
    }

    private mutating func finishToken() {
        guard !token.isEmpty else { return }
        if needsComposition { compose() }
        VietnameseTones.unify(&token)
        let hash = MatchTokenizer.hashScalars(token)
        if boundaryBeforeNextToken, CaptionMarkers.hashes.contains(hash) { lineCaptionMarker = lineHashes.count }
        lineHashes.append(hash)
        lineStarts.append(tokenStart)
        lineEnds.append(tokenEnd)
        token.removeAll(keepingCapacity: true)
        boundaryBeforeNextToken = false
    }

    /// NFC for a token that arrived decomposed (base letters followed by combining marks).
    private mutating func compose() {
        needsComposition = false
        var text = String(String.UnicodeScalarView(token.compactMap(Unicode.Scalar.init)))
        text = text.withUTF8 { bytes -> String in
            var result: UnsafeMutablePointer<utf8proc_uint8_t>?
            let options = utf8proc_option_t(rawValue: UTF8PROC_STABLE.rawValue | UTF8PROC_COMPOSE.rawValue)
            let length = utf8proc_map(bytes.baseAddress, bytes.count, &result, options)
            guard length >= 0, let result else { return String(decoding: bytes, as: UTF8.self) }
            defer { seams_utf8proc_free(result) }
            return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
        }
        token = text.unicodeScalars.map { MatchTokenizer.lowercase($0.value) }
    }

    mutating func finishLine() {
        finishToken()
        defer {
            lineHashes.removeAll(keepingCapacity: true)
            lineStarts.removeAll(keepingCapacity: true)
            lineEnds.removeAll(keepingCapacity: true)
            lineCaptionMarker = nil
            boundaryBeforeNextToken = true
        }
        guard !lineHashes.isEmpty else { return }
        var lineHash: UInt64 = 0
        for hash in lineHashes { lineHash = MatchTokenizer.combine(lineHash, hash) }
        output.lineHashes.append(lineHash)
        let count = lineHashes.count
        let isCaption = lineCaptionMarker.map { count - $0 <= 6 && count <= 40 } ?? false
        let isBoilerplate =
            isCaption || KnownBoilerplate.lineHashes.contains(lineHash)
            || (count <= maximumBoilerplateTokens && boilerplateLines.contains(lineHash))
        if isBoilerplate {
            output.droppedTokens += count
            return
        }
        output.hashes.append(contentsOf: lineHashes)
        output.starts.append(contentsOf: lineStarts)
        output.ends.append(contentsOf: lineEnds)
    }
}

/// How the tokenizer treats a Unicode scalar.
enum ScalarClass {
    case word, mark, ideograph, sentenceBreak, separator

    @inline(__always)
    init(_ value: UInt32) {
        if value < 0x80 {
            if (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39) {
                self = .word
            } else if value == 0x2E || value == 0x28 || value == 0x7C || value == 0x21 || value == 0x3F || value == 0x3A {
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
        if (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF) || (value >= 0x3040 && value <= 0x30FF)
            || (value >= 0x0E00 && value <= 0x0EFF) || (value >= 0x1780 && value <= 0x17FF) || (value >= 0x1000 && value <= 0x109F)
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
                var hash: UInt64 = 0
                for word in phrase.split(separator: " ") { hash = MatchTokenizer.combine(hash, MatchTokenizer.tokenHash(String(word))) }
                return hash
            })
    }()
}

/// Words that open a photo credit or caption ("Ảnh: REUTERS/TTXVN", "Photo: AP").
enum CaptionMarkers {
    static let hashes: Set<UInt64> = Set(["ảnh", "photo", "image", "video", "nguồn", "source", "credit"].map(MatchTokenizer.tokenHash))
}
