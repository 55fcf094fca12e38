/// Something that fetches feed documents: the libcurl ``FeedFetcher`` in production, a fake in tests.
package protocol FeedFetching: Sendable {
    /// Fetches one document, conditionally when the request carries validators.
    ///
    /// A 2xx or 304 answer is a response; any other status, and every transport failure, is a ``FetchError``.
    func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse
}
