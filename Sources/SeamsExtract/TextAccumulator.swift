/// Collects text runs into lines: whitespace (NBSP included) collapses to one space, paragraph breaks
/// collapse to one newline, and nothing leads or trails a line.
struct TextAccumulator {
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = false

    init() { bytes.reserveCapacity(1024) }

    mutating func breakParagraph() { pendingBreak = true }

    mutating func space() { pendingSpace = true }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if byte <= 0x20 {
                // Whitespace collapses; other control characters carry no text.
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { pendingSpace = true }
                index += 1
                continue
            }
            if byte == 0xC2, index + 1 < count, text[index + 1] == 0xA0 {  // U+00A0 NO-BREAK SPACE
                pendingSpace = true
                index += 2
                continue
            }
            // A run of ordinary bytes is copied at once.
            var end = index + 1
            while end < count {
                let next = text[end]
                if next <= 0x20 || (next == 0xC2 && end + 1 < count && text[end + 1] == 0xA0) { break }
                end += 1
            }
            if !bytes.isEmpty {
                if pendingBreak {
                    if bytes.last != 0x0A { bytes.append(0x0A) }
                } else if pendingSpace, bytes.last != 0x0A {
                    bytes.append(0x20)
                }
            }
            pendingBreak = false
            pendingSpace = false
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
            index = end
        }
    }

    func finish() -> String { String(decoding: bytes, as: UTF8.self) }
}
