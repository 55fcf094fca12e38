import Foundation
import SeamsExtract

/// Conversions between the plain text and HTML that feeds mix freely.
enum EntryText {
    private static let extractor = TextExtractor()

    /// Plain text on one line from text that may carry HTML markup or entities (titles, labels).
    static func plain(fromHTML html: String) -> String? {
        let text: String
        if html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            text = extractor.text(fromHTML: html).replacingOccurrences(of: "\n", with: " ")
        } else {
            text = collapse(html)
        }
        return text.isEmpty ? nil : text
    }

    /// Plain text with runs of whitespace (ASCII and no-break spaces) collapsed to single spaces, none at either end.
    static func collapse(_ text: String) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var pendingSpace = false
        var index = 0
        while index < input.count {
            let byte = input[index]
            let noBreakSpace = byte == 0xC2 && index + 1 < input.count && input[index + 1] == 0xA0
            if isWhitespace(byte) || noBreakSpace {
                pendingSpace = !bytes.isEmpty
                index += noBreakSpace ? 2 : 1
                continue
            }
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// HTML that shows the given plain text as it is.
    static func html(fromPlainText text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Trims ASCII whitespace and turns an empty string into nil.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isWhitespace($0) }),
            let last = utf8.lastIndex(where: { !isWhitespace($0) })
        else { return nil }
        if first == utf8.startIndex && utf8.index(after: last) == utf8.endIndex { return text }
        return String(text[first...last])  // whitespace is ASCII, so these are character boundaries
    }

    /// Space, tab, line feed and carriage return: the whitespace XML and feeds pad values with.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Reads an RSS `author` value: `jane@example.com (Jane Doe)`, `Jane Doe <jane@example.com>`, a name or an address.
    static func person(fromRSSAuthor value: String) -> FeedPerson? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        if let open = value.firstIndex(of: "("), value.hasSuffix(")") {
            let email = value[..<open].trimmingCharacters(in: .whitespaces)
            let name = value[value.index(after: open)..<value.index(before: value.endIndex)].trimmingCharacters(
                in: .whitespaces
            )
            return FeedPerson(name: nonEmpty(name), email: email.contains("@") ? email : nil)
        }
        if let open = value.firstIndex(of: "<"), value.hasSuffix(">") {
            let name = value[..<open].trimmingCharacters(in: .whitespaces)
            let email = value[value.index(after: open)..<value.index(before: value.endIndex)]
            return FeedPerson(name: nonEmpty(name), email: nonEmpty(String(email)))
        }
        if value.contains("@"), !value.contains(" ") { return FeedPerson(email: value) }
        return FeedPerson(name: value)
    }
}
