import CCurl
import Foundation
import Synchronization

/// Fetches feeds over HTTP(S) and from local files with libcurl, many at once.
///
/// All transfers share one libcurl multi handle driven by one dedicated thread, so a thousand feeds cost a
/// thousand sockets, not a thousand threads, and connections to a host are reused. Callers simply `await`
/// ``fetch(_:)``; cancelling the calling task aborts its transfer. Global and per-host limits on transfers at
/// once come from ``FetchConfiguration``; transfers beyond them wait in a ``HostQueue``, so a slow host delays only
/// its own feeds. (libcurl has the same limits, but starts a waiting transfer only when the head of its single
/// pending list can go: one slow host with a backlog held up every other host, and the waiting transfers' timeouts
/// ran while they waited.)
///
/// The transfer thread stops when the fetcher is released.
///
/// For example:
///
/// ```swift
/// let fetcher = FeedFetcher()
/// let response = try await fetcher.fetch(FetchRequest(url: "https://example.org/feed.xml", etag: storedETag))
/// if response.isNotModified { return }
/// ```
package final class FeedFetcher: FeedFetching {
    private let loop: TransferLoop
    /// The settings every transfer uses.
    package let configuration: FetchConfiguration

    /// Creates a fetcher and starts its transfer thread.
    package init(configuration: FetchConfiguration = FetchConfiguration()) {
        self.configuration = configuration
        self.loop = TransferLoop(configuration: configuration)
        let loop = self.loop
        let thread = Thread { loop.run() }
        thread.name = "seams.fetch"
        thread.start()
    }

    deinit { loop.shutdown() }

    /// Fetches one document through the shared transfer loop; cancelling the calling task aborts the transfer.
    package func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let transfer = try CurlTransfer(request, configuration: configuration)
        let loop = self.loop
        let id = loop.nextID()
        let result: Result<FetchResponse, FetchError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(TransferJob(id: id, transfer: transfer, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get()
    }
}

/// A transfer handed from a caller's task to the transfer thread.
///
/// `@unchecked Sendable` is sound because ownership moves: the caller creates the ``CurlTransfer``, passes it
/// here and never touches it again; from then on only the transfer thread uses it.
struct TransferJob: @unchecked Sendable {
    let id: UInt64
    let transfer: CurlTransfer
    let continuation: CheckedContinuation<Result<FetchResponse, FetchError>, Never>
}

/// The libcurl multi handle and the thread loop that drives it.
final class TransferLoop: Sendable {
    private struct Inbox {
        var incoming: [TransferJob] = []
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
        var stopping = false
        var closed = false
    }

    /// `CURLM*` is a `typedef void` and so a raw pointer, which is not `Sendable`. Only the loop thread calls
    /// libcurl with it, except `curl_multi_wakeup`, which libcurl documents as safe from any thread and which
    /// is only called under the inbox lock while `closed` is false.
    private struct MultiHandle: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }

    private let multi: MultiHandle
    private let inbox = Mutex(Inbox())
    private let maximumActive: Int
    private let maximumPerHost: Int
    private static let globalInit: Void = { curl_global_init(seams_curl_global_default()) }()

    init(configuration: FetchConfiguration) {
        _ = Self.globalInit
        let pointer = curl_multi_init()!
        seams_curl_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, configuration.maximumConcurrentTransfers)
        multi = MultiHandle(pointer: pointer)
        maximumActive = configuration.maximumConcurrentTransfers
        maximumPerHost = configuration.maximumConnectionsPerHost
    }

    func nextID() -> UInt64 {
        inbox.withLock {
            $0.nextID += 1
            return $0.nextID
        }
    }

    func submit(_ job: TransferJob) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.incoming.append(job)
            curl_multi_wakeup(multi.pointer)
            return true
        }
        if !accepted {
            job.continuation.resume(
                returning: .failure(
                    FetchError(code: .cancelled, message: "the fetcher is shutting down", url: job.transfer.request.url)
                )
            )
        }
    }

    func cancel(_ id: UInt64) {
        inbox.withLock { state in
            state.cancelled.insert(id)
            if !state.closed { curl_multi_wakeup(multi.pointer) }
        }
    }

    func shutdown() {
        inbox.withLock { state in
            state.stopping = true
            if !state.closed { curl_multi_wakeup(multi.pointer) }
        }
    }

    /// The body of the transfer thread; returns after ``shutdown()`` once every transfer has been answered.
    func run() {
        var active: [UnsafeMutableRawPointer: TransferJob] = [:]
        var waiting = HostQueue<TransferJob>(perHost: maximumPerHost)
        func admit() -> [TransferJob] {
            var admitted: [TransferJob] = []
            while active.count + admitted.count < maximumActive, let (job, _) = waiting.next() { admitted.append(job) }
            return admitted
        }
        while true {
            let (incoming, cancelled, stopping) = inbox.withLock { state in
                defer {
                    state.incoming = []
                    state.cancelled = []
                }
                return (state.incoming, state.cancelled, state.stopping)
            }
            for job in incoming { waiting.enqueue(job, host: job.transfer.hostKey) }
            var dropped =
                stopping || !cancelled.isEmpty ? waiting.removeWaiting { stopping || cancelled.contains($0.id) } : []
            for (handle, job) in active where cancelled.contains(job.id) || stopping {
                curl_multi_remove_handle(multi.pointer, handle)
                active[handle] = nil
                waiting.finished(host: job.transfer.hostKey)
                dropped.append(job)
            }
            for job in dropped {
                let error = FetchError(
                    code: .cancelled,
                    message: "the fetch was cancelled",
                    url: job.transfer.request.url
                )
                job.continuation.resume(returning: .failure(error))
            }
            if stopping { break }
            for job in admit() {
                active[job.transfer.handle] = job
                curl_multi_add_handle(multi.pointer, job.transfer.handle)
            }
            var running: Int32 = 0
            curl_multi_perform(multi.pointer, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi.pointer, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let job = active.removeValue(forKey: handle)
                else { continue }
                let code = seams_curl_msg_result(message)
                curl_multi_remove_handle(multi.pointer, handle)
                waiting.finished(host: job.transfer.hostKey)
                job.continuation.resume(returning: job.transfer.result(code))
            }
            // A finished transfer may free a place for a waiting one: admit it without waiting for the poll.
            let admitted = admit()
            for job in admitted {
                active[job.transfer.handle] = job
                curl_multi_add_handle(multi.pointer, job.transfer.handle)
            }
            if !admitted.isEmpty { continue }
            curl_multi_poll(multi.pointer, nil, 0, 1000, nil)
        }
        inbox.withLock { state in
            state.closed = true
            for job in state.incoming {
                let error = FetchError(
                    code: .cancelled,
                    message: "the fetcher is shutting down",
                    url: job.transfer.request.url
                )
                job.continuation.resume(returning: .failure(error))
            }
            state.incoming = []
        }
        curl_multi_cleanup(multi.pointer)
    }
}
