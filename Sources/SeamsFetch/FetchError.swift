package import SeamsCore

/// Why a feed could not be fetched.
///
/// The ``Code`` raw values are stable: they are stored on the feed and shown by `seams feeds list`, so users
/// and scripts can act on them.
package struct FetchError: CodedError {
    /// The kind of failure, with a stable string value.
    package enum Code: String, FailureCodes {
        /// The URL cannot be parsed.
        case invalidURL = "fetch.invalid_url"
        /// The URL's scheme is not one Seams fetches (or a redirect led to one).
        case unsupportedProtocol = "fetch.unsupported_protocol"
        /// The host name does not resolve.
        case couldNotResolve = "fetch.dns"
        /// No connection could be made.
        case couldNotConnect = "fetch.connect"
        /// The connection or the transfer took longer than allowed.
        case timeout = "fetch.timeout"
        /// More redirects than allowed.
        case tooManyRedirects = "fetch.too_many_redirects"
        /// The body, decompressed, is larger than allowed.
        case bodyTooLarge = "fetch.body_too_large"
        /// A TLS handshake or certificate check failed.
        case tls = "fetch.tls"
        /// The server answered with an error status.
        case httpStatus = "fetch.http_status"
        /// A `file:` URL names a file that cannot be read.
        case fileNotFound = "fetch.file_not_found"
        /// The feed may only be fetched from public addresses, and its host (or a redirect) led to a loopback,
        /// private, link-local or cloud-metadata address.
        case forbiddenAddress = "fetch.forbidden_address"
        /// The server answered `410 Gone`: the feed is disabled until it is subscribed again.
        case gone = "fetch.gone"
        /// The fetch was cancelled before it finished.
        case cancelled = "fetch.cancelled"
        /// Any other transfer failure (connection reset, bad compression…).
        case transfer = "fetch.transfer"
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong, for a person.
    package var message: String
    /// The URL that was being fetched.
    package var url: String
    /// The HTTP status, for ``Code/httpStatus``.
    package var status: Int?
    /// The response headers, when a response arrived (for `Retry-After` on a 429 or 503).
    package var headers: [String: String]

    /// The error that caused it, if any.
    package var cause: (any Error)?

    /// Creates an error.
    package init(
        code: Code,
        message: String,
        url: String,
        status: Int? = nil,
        headers: [String: String] = [:],
        cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.url = url
        self.status = status
        self.headers = headers
        self.cause = cause
    }

    package var failureCode: FailureCode { code.failureCode }
}
