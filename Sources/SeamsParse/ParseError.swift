package import SeamsCore

/// Why a document could not be read as a feed at all.
///
/// Problems a parser can work around (a bad date, an undefined entity) are warnings on ``ParsedFeed``, not
/// errors. The ``Code`` raw values are stable: they are stored with the feed and shown to users.
package struct ParseError: CodedError {
    /// The kind of failure, with a stable string value.
    package enum Code: String, FailureCodes {
        /// The document is empty.
        case empty = "parse.empty"
        /// The document is not RSS, Atom or JSON Feed (an HTML page, plain text).
        case unknownFormat = "parse.unknown_format"
        /// The document is XML but broken beyond recovery.
        case malformedXML = "parse.malformed_xml"
        /// The document is JSON but not a JSON Feed, or broken.
        case malformedJSON = "parse.malformed_json"
        /// The bytes cannot be decoded in any declared or detected character encoding.
        case encoding = "parse.encoding"
        /// The document exceeds a size or count limit.
        case tooLarge = "parse.too_large"
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong, for a person.
    package var message: String

    /// The error that caused it (a JSON or XML decoder's), if any.
    package var cause: (any Error)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    package var failureCode: FailureCode { code.failureCode }
}
