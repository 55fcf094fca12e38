/// Replaces lone UTF-16 surrogate escapes in JSON text (`"\ud800"` with no low half, or a low half alone) with
/// `\ufffd`, the replacement character.
///
/// JSON allows such escapes syntactically but they name no character, and Foundation's parser rejects the whole
/// document over one of them. Feeds produced by JavaScript string slicing carry them in otherwise good titles.
enum SurrogateRepair {
    /// The repaired text and how many escapes were replaced, or nil when there was nothing to repair.
    static func repair(_ json: [UInt8]) -> (bytes: [UInt8], count: Int)? {
        var output: [UInt8] = []
        var copiedUpTo = 0
        var count = 0
        var index = 0
        let end = json.count
        while index < end {
            guard json[index] == UInt8(ascii: "\\"), index + 1 < end else {
                index += 1
                continue
            }
            guard json[index + 1] == UInt8(ascii: "u"), let unit = hexUnit(json, at: index + 2) else {
                index += 2  // another escape, such as \\ or \"
                continue
            }
            if (0xD800...0xDBFF).contains(unit), json.count >= index + 12, json[index + 6] == UInt8(ascii: "\\"),
                json[index + 7] == UInt8(ascii: "u"), let low = hexUnit(json, at: index + 8),
                (0xDC00...0xDFFF).contains(low)
            {
                index += 12  // a proper pair
                continue
            }
            if (0xD800...0xDFFF).contains(unit) {
                if output.isEmpty { output.reserveCapacity(json.count) }
                output.append(contentsOf: json[copiedUpTo..<index])
                output.append(contentsOf: Array("\\ufffd".utf8))
                count += 1
                copiedUpTo = index + 6
            }
            index += 6
        }
        guard count > 0 else { return nil }
        output.append(contentsOf: json[copiedUpTo...])
        return (output, count)
    }

    private static func hexUnit(_ bytes: [UInt8], at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
