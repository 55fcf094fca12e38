package import SeamsFetch
import Synchronization

/// A ``FeedFetching`` that answers from a table the test sets, for pipeline and daemon tests where the network is
/// not what is tested.
///
/// Each URL answers with a ``Reply``: a document, or a ``FetchError``; a reply may wait on a ``Gate`` first, so a
/// fetch stays outstanding exactly until the test opens it (and ends with a `cancelled` error if its task is
/// cancelled meanwhile, as a libcurl transfer does). Every request is recorded, in the order made.
package final class FakeFetcher: FeedFetching {
    /// What one URL answers.
    package struct Reply: Sendable {
        /// The response or the failure.
        package var result: Result<FetchResponse, FetchError>
        /// When set, the reply waits until the gate opens.
        package var gate: Gate?

        /// A `200` with `text` as the body.
        package static func document(_ text: String, headers: [String: String] = [:], gate: Gate? = nil) -> Reply {
            Reply(
                result: .success(
                    FetchResponse(status: 200, body: Array(text.utf8), effectiveURL: "", headers: headers)
                ),
                gate: gate
            )
        }

        /// A failure with `code`.
        package static func failure(_ code: FetchError.Code, status: Int? = nil, gate: Gate? = nil) -> Reply {
            Reply(
                result: .failure(FetchError(code: code, message: "fake \(code.rawValue)", url: "", status: status)),
                gate: gate
            )
        }
    }

    private struct State {
        var replies: [String: Reply]
        var requests: [FetchRequest] = []
        var inFlight = 0
        var maximumInFlight = 0
    }

    private let state: Mutex<State>

    /// Creates a fetcher answering `replies` by URL; any other URL fails with ``FetchError/Code/httpStatus`` 404.
    package init(_ replies: [String: Reply] = [:]) {
        state = Mutex(State(replies: replies))
    }

    /// Sets or replaces the reply for `url`.
    package func set(_ url: String, _ reply: Reply) {
        state.withLock { $0.replies[url] = reply }
    }

    /// Every request made, in order.
    package var requests: [FetchRequest] { state.withLock { $0.requests } }

    /// How many requests were made for `url`.
    package func requests(_ url: String) -> Int { state.withLock { $0.requests.count { $0.url == url } } }

    /// Fetches outstanding now.
    package var inFlight: Int { state.withLock { $0.inFlight } }

    /// The most fetches outstanding at once.
    package var maximumInFlight: Int { state.withLock { $0.maximumInFlight } }

    /// Answers `request` from the table, after its gate opens.
    package func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let reply = state.withLock { state -> Reply? in
            state.requests.append(request)
            state.inFlight += 1
            state.maximumInFlight = max(state.maximumInFlight, state.inFlight)
            return state.replies[request.url]
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        guard let reply else {
            throw FetchError(code: .httpStatus, message: "HTTP 404", url: request.url, status: 404)
        }
        if let gate = reply.gate {
            do {
                try await gate.wait()
            } catch {
                throw FetchError(code: .cancelled, message: "the fetch was cancelled", url: request.url)
            }
        }
        switch reply.result {
        case .success(var response):
            response.effectiveURL = request.url
            return response
        case .failure(var error):
            error.url = request.url
            throw error
        }
    }
}
