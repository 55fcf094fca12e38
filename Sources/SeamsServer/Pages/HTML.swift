import Foundation
import SeamsCore
import SeamsExtract
import SeamsParse

/// A fragment of HTML that is safe to place in a page: either escaped text, or markup written by Seams itself.
///
/// Every value from a feed enters a page through ``HTML/text(_:)`` (escaped) or as sanitized article HTML;
/// string interpolation into `HTML` escapes by default, so forgetting to escape is not possible.
struct HTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    private(set) var markup: String

    /// Markup written by Seams; `literal` must never contain feed data.
    init(stringLiteral literal: String) { markup = literal }

    init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }

    /// Trusted markup: output of ``HTMLSanitizer`` or of another `HTML`.
    init(trusted markup: String) { self.markup = markup }

    /// Escaped text.
    static func text(_ text: String) -> HTML { HTML(trusted: Markup.escape(text)) }

    var description: String { markup }

    static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.markup + rhs.markup) }

    static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// Interpolation that escapes strings and numbers and passes `HTML` through.
    struct Interpolation: StringInterpolationProtocol {
        var markup = ""
        init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { markup += literal }
        mutating func appendInterpolation(_ value: String) { markup += Markup.escape(value) }
        mutating func appendInterpolation(_ value: String?) { markup += Markup.escape(value ?? "") }
        mutating func appendInterpolation(_ value: some BinaryInteger) { markup += String(value) }
        mutating func appendInterpolation(_ value: HTML) { markup += value.markup }
        mutating func appendInterpolation(_ values: [HTML]) { for value in values { markup += value.markup } }
    }
}

extension [HTML] {
    /// The fragments one after another.
    func joined() -> HTML { HTML(trusted: map(\.markup).joined()) }
}

/// Formats for pages.
enum PageFormat {
    /// A date as `2026-11-29 16:21 UTC`.
    static func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        let text = FeedDate(date: date, utcOffset: 0).rfc3339
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// A share as a whole percentage.
    static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return "\(Int((value * 100).rounded())) %"
    }

    /// A URL for a link to an outlet's page: only http and https, anything else is not linked.
    static func externalURL(_ url: String?) -> String? {
        WebAddress.web(url)
    }
}
