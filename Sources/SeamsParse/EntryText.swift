import Foundation
import SeamsExtract

/// Conversions between the plain text and HTML that feeds mix freely.
enum EntryText {
    private static let extractor = TextExtractor()

    /// Plain text on one line from text that may carry HTML markup or entities (titles, labels).
    static func plain(fromHTML html: String) -> String? {
        let text: String
        if html.contains("<") || html.contains("&") {
            text = extractor.text(fromHTML: html).replacingOccurrences(of: "\n", with: " ")
        } else {
            text = collapse(html)
        }
        return text.isEmpty ? nil : text
    }

    /// Plain text with its whitespace collapsed to single spaces.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
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

    /// Trims and turns an empty string into nil.
    static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// Reads an RSS `author` value: `jane@example.com (Jane Doe)`, `Jane Doe <jane@example.com>`, a name or an address.
    static func person(fromRSSAuthor value: String) -> FeedPerson? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return nil }
        if let open = value.firstIndex(of: "("), value.hasSuffix(")") {
            let email = value[..<open].trimmingCharacters(in: .whitespaces)
            let name = value[value.index(after: open)..<value.index(before: value.endIndex)].trimmingCharacters(in: .whitespaces)
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
