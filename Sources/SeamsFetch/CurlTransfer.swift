import CCurl
import Foundation

/// One libcurl easy handle and everything its callbacks write into.
///
/// Created on the caller's task, then used only on the transfer thread of ``FeedFetcher``; see
/// ``TransferJob`` for why handing it over is safe.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let request: FetchRequest
    /// The host and port the transfer starts at, for the per-host limit (`file` for local files).
    let hostKey: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let maximumBodySize: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    private(set) var exceededBodyLimit = false
    /// Every response of the redirect chain, in order: its status and `Location`.
    private var chain: [(status: Int, location: String?)] = []
    /// The non-public address a connection was refused to, when the request allows public addresses only.
    private(set) var refusedAddress: String?
    private let permittedPrivateAddresses: Set<String>
    /// libcurl's detailed message for a failed transfer ("Operation too slow. Less than 256 bytes/sec…").
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init(_ request: FetchRequest, configuration: FetchConfiguration) throws(FetchError) {
        guard let scheme = URL(string: request.url)?.scheme?.lowercased(), !request.url.isEmpty else {
            throw FetchError(code: .invalidURL, message: "\"\(request.url)\" is not a URL", url: request.url)
        }
        guard configuration.allowedProtocols.contains(scheme), scheme != "file" || request.allowsFiles else {
            throw FetchError(
                code: .unsupportedProtocol,
                message: "the \(scheme): scheme is not allowed for feeds",
                url: request.url
            )
        }
        hostKey = FetchRequest.hostKey(of: request.url)
        guard let handle = curl_easy_init() else {
            throw FetchError(code: .transfer, message: "libcurl could not create a transfer", url: request.url)
        }
        self.handle = handle
        self.request = request
        self.maximumBodySize = configuration.maximumBodySize
        self.permittedPrivateAddresses = configuration.permittedPrivateAddresses
        configure(configuration)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
        curl_slist_free_all(headerList)
    }

    private func configure(_ configuration: FetchConfiguration) {
        seams_curl_setopt_string(handle, CURLOPT_URL, request.url)
        seams_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        seams_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        let protocols = configuration.allowedProtocols.sorted().joined(separator: ",")
        seams_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, protocols)
        let redirectProtocols = configuration.allowedProtocols.subtracting(["file"]).sorted().joined(separator: ",")
        seams_curl_setopt_string(
            handle,
            CURLOPT_REDIR_PROTOCOLS_STR,
            redirectProtocols.isEmpty ? "http" : redirectProtocols
        )
        seams_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        seams_curl_setopt_long(handle, CURLOPT_MAXREDIRS, configuration.maximumRedirects)
        seams_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl was built with
        seams_curl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        seams_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        seams_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, configuration.timeout.milliseconds)
        seams_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, configuration.minimumTransferRate)
        seams_curl_setopt_long(
            handle,
            CURLOPT_LOW_SPEED_TIME,
            max(1, Int(configuration.slowTransferWindow.components.seconds))
        )
        // A declared Content-Length over the limit fails before any body is read.
        seams_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumBodySize))
        let me = Unmanaged.passUnretained(self).toOpaque()
        seams_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        seams_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
        seams_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        seams_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        if request.checksAddresses(under: configuration) {
            seams_curl_setopt_opensocket_callback(handle, curlOpenPublicSocket)
            seams_curl_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, me)
        } else if !configuration.allowsPrivateAddresses {
            // One feed allowed private addresses among checked ones: libcurl checks an address only when it opens
            // a connection, so this one's connection must never be reused by a checked transfer: it is closed after
            // the transfer, and HTTP/1.1 keeps checked transfers from multiplexing over it meanwhile.
            seams_curl_setopt_long(handle, CURLOPT_FORBID_REUSE, 1)
            seams_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        }
        var lines = [
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
        ]
        if let etag = request.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        seams_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
    }

    /// Appends body bytes; returns false (which aborts the transfer) when the limit would be passed.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > maximumBodySize {
            exceededBodyLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Opens a socket for libcurl unless the address is not public; then records it and refuses.
    fileprivate func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let length = Int(address.pointee.addrlen)
        let verdict = withUnsafeMutablePointer(to: &address.pointee.addr) { AddressPolicy.inspect($0, length: length) }
        guard let verdict, verdict.isPublic || permittedPrivateAddresses.contains(verdict.text) else {
            refusedAddress = verdict?.text ?? "an address of family \(address.pointee.family)"
            return CURL_SOCKET_BAD
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new response after a redirect or a 100 Continue
            let fields = line.split(separator: " ", maxSplits: 2)
            chain.append((status: fields.count > 1 ? Int(fields[1]) ?? 0 : 0, location: nil))
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers[name] = value
        if name == "location", !chain.isEmpty { chain[chain.count - 1].location = value }
    }

    /// Where the feed has moved for good: the URL reached from the request by permanent redirects (301, 308)
    /// alone, or nil when the first response was not one.
    var permanentRedirect: String? {
        var current = request.url
        var moved: String?
        for hop in chain.dropLast() {
            guard hop.status == 301 || hop.status == 308, let location = hop.location,
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
            else { break }
            current = next
            moved = next
        }
        return moved
    }

    /// The outcome, once libcurl reports the transfer done with `code`.
    func result(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
        var status = 0
        seams_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var urlPointer: UnsafeMutablePointer<CChar>?
        seams_curl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effectiveURL = urlPointer.map { String(cString: $0) } ?? request.url
        let url = request.url
        if let refusedAddress {
            return .failure(
                FetchError(
                    code: .forbiddenAddress,
                    message:
                        "refused to connect to \(refusedAddress): feeds may only use public addresses unless the operator allows private ones (--allow-private-feeds, or seams feeds add URL --allow-private)",
                    url: url
                )
            )
        }
        guard code == CURLE_OK else {
            let detail = errorBuffer.pointee == 0 ? nil : String(cString: errorBuffer)
            return .failure(
                Self.error(
                    for: code,
                    exceededBodyLimit: exceededBodyLimit,
                    url: url,
                    limit: maximumBodySize,
                    detail: detail
                )
            )
        }
        if status == 304 && request.etag == nil && request.lastModified == nil {
            // "Not modified" since nothing: a broken server or cache. Treating it as unchanged would hide the feed forever.
            return .failure(
                FetchError(
                    code: .httpStatus,
                    message: "the server answered 304 Not Modified to a request that sent no validators",
                    url: url,
                    status: status,
                    headers: headers
                )
            )
        }
        if status >= 400 || (status >= 300 && status != 304) {
            let reason = HTTPStatusText.reason(status)
            return .failure(
                FetchError(
                    code: .httpStatus,
                    message: "the server answered \(status) \(reason)",
                    url: url,
                    status: status,
                    headers: headers
                )
            )
        }
        var response = FetchResponse(
            status: status,
            body: status == 304 ? [] : body,
            effectiveURL: effectiveURL,
            headers: headers
        )
        response.permanentRedirect = permanentRedirect
        return .success(response)
    }

    static func error(
        for code: CURLcode,
        exceededBodyLimit: Bool,
        url: String,
        limit: Int,
        detail: String? = nil
    ) -> FetchError {
        let text = detail ?? String(cString: curl_easy_strerror(code))
        let kind: FetchError.Code
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL: kind = .unsupportedProtocol
        case CURLE_URL_MALFORMAT: kind = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .couldNotResolve
        case CURLE_COULDNT_CONNECT: kind = .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_TOO_MANY_REDIRECTS: kind = .tooManyRedirects
        case CURLE_FILESIZE_EXCEEDED: kind = .bodyTooLarge
        case CURLE_WRITE_ERROR where exceededBodyLimit: kind = .bodyTooLarge
        case CURLE_FILE_COULDNT_READ_FILE: kind = .fileNotFound
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE:
            kind = .tls
        case CURLE_ABORTED_BY_CALLBACK: kind = .cancelled
        default: kind = .transfer
        }
        let message =
            kind == .bodyTooLarge
            ? "the body is larger than the \(limit)-byte limit" : text.prefix(1).lowercased() + text.dropFirst()
        return FetchError(code: kind, message: message, url: url)
    }
}

private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard let data else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private func curlOpenPublicSocket(
    _ context: UnsafeMutableRawPointer?,
    _ purpose: curlsocktype,
    _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let context, let address else { return CURL_SOCKET_BAD }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().openSocket(address)
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let context, let data else { return length }
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

extension Duration {
    /// The duration in whole milliseconds, as libcurl's `_MS` options take it.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}

/// Reason phrases for the statuses feeds meet, for error messages.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 301: "Moved Permanently"
        case 302: "Found"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
