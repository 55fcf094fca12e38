/// Why a feed could not be fetched, parsed or stored, as a stable code such as `fetch.timeout`.
///
/// The one type every stage's error code becomes when it leaves its module: it is written on the feed, shown by
/// `seams feeds list`, the API and the logs, and every value is in README's error table (a test walks them). Codes
/// are compared as values of this type, never as strings.
package struct FailureCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The stable text of the code: a stage, a dot, and a name (`parse.malformed_xml`).
    package let rawValue: String

    /// A code from its stable text (as stored on a feed).
    package init(rawValue: String) { self.rawValue = rawValue }

    /// The stage the failure happened in: `fetch`, `parse` or `store`.
    package var stage: Substring { rawValue.prefix { $0 != "." } }

    package var description: String { rawValue }

    /// Decodes the code from its stable text.
    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the code as its stable text.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A stage's own list of failure codes: an enum whose raw values are the codes' stable text.
package protocol FailureCodes: RawRepresentable<String>, CaseIterable, Sendable {}

extension FailureCodes {
    /// The code as it crosses modules.
    package var failureCode: FailureCode { FailureCode(rawValue: rawValue) }
}

/// An error a stage reports: a stable code, a message a person can act on, and the error that caused it, if any.
package protocol CodedError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The stable code.
    var failureCode: FailureCode { get }
    /// What went wrong, for a person.
    var message: String { get }
    /// The underlying error (a SQLite error, a decoder's), kept for logs and debugging; nil when there is none.
    var cause: (any Error)? { get }
}

extension CodedError {
    /// The message: what a person is shown.
    package var description: String { message }
    /// The code, the message and the cause, for logs and debugging.
    package var debugDescription: String {
        "[\(failureCode)] \(message)" + (cause.map { " (cause: \(String(reflecting: $0)))" } ?? "")
    }
}
