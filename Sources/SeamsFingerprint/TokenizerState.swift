import CUtf8proc
import SeamsCore

/// The running state of one tokenization: a single pass over the text's UTF-8 bytes.
///
/// Token hashes are XXH3-64 over the normalized token's UTF-8 bytes. ASCII is classified and lower-cased by table;
/// other scalars are decoded, classified and lower-cased with utf8proc. Offsets count Unicode scalars.
struct TokenizerState {
    private(set) var output = MatchTokens()
    /// Lines left out only because the caller had learned them.
    private(set) var droppedLearnedLines = 0
    /// Lines left out as photo captions.
    private(set) var droppedCaptionLines = 0
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

    /// Creates the state; `dropsCaptions` false keeps lines that look like photo captions (for a short text whose
    /// only content they are).
    init(
        boilerplateLines: Set<UInt64>,
        configuration: DedupConfiguration,
        detectsBoilerplate: Bool = true,
        dropsCaptions: Bool = true
    ) {
        self.boilerplateLines = boilerplateLines
        self.maximumBoilerplateTokens = configuration.boilerplateLineTokens
        self.detectsBoilerplate = detectsBoilerplate
        self.captionMarkers = detectsBoilerplate && dropsCaptions ? CaptionMarkers.hashes : []
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
        if isCaption && !knownBoilerplate.contains(lineHash) { droppedCaptionLines += 1 }
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
