/// Decides which waiting transfers start: at most so many at once, and at most so many per host, first come first
/// served within a host and hosts taking turns.
///
/// libcurl has the same limits (`CURLMOPT_MAX_HOST_CONNECTIONS`), but it starts a waiting transfer only when the
/// transfer at the head of its single pending list can go, so one slow host with a backlog held up every other host
/// behind it, and its timeouts ran while transfers waited. Queuing here, per host, keeps a slow host's backlog its
/// own and starts each transfer's clock when it really starts.
struct TransferAdmission {
    private let maximumActive: Int
    private let maximumPerHost: Int
    private var queues: [String: [TransferJob]] = [:]
    private var queueHeads: [String: Int] = [:]
    private var hostsWaiting: [String] = []  // hosts with waiting transfers, in turn order
    private var activePerHost: [String: Int] = [:]
    private(set) var activeCount = 0

    init(maximumActive: Int, maximumPerHost: Int) {
        self.maximumActive = max(1, maximumActive)
        self.maximumPerHost = max(1, maximumPerHost)
    }

    /// Queues a transfer behind the others for its host.
    mutating func enqueue(_ job: TransferJob) {
        let host = job.transfer.hostKey
        if queues[host, default: []].isEmpty { hostsWaiting.append(host) }
        queues[host, default: []].append(job)
    }

    /// Removes and returns the waiting transfers whose ids are in `ids`.
    mutating func removeWaiting(_ ids: Set<UInt64>) -> [TransferJob] {
        guard !ids.isEmpty else { return [] }
        var removed: [TransferJob] = []
        for host in hostsWaiting {
            let start = queueHeads[host] ?? 0
            guard var queue = queues[host] else { continue }
            let kept = queue[start...].filter { job in
                guard ids.contains(job.id) else { return true }
                removed.append(job)
                return false
            }
            queue = Array(kept)
            queues[host] = queue
            queueHeads[host] = 0
        }
        hostsWaiting.removeAll { queues[$0]?.isEmpty ?? true }
        return removed
    }

    /// Removes and returns every waiting transfer.
    mutating func removeAllWaiting() -> [TransferJob] {
        var all: [TransferJob] = []
        for host in hostsWaiting { all += queues[host].map { Array($0[(queueHeads[host] ?? 0)...]) } ?? [] }
        queues = [:]
        queueHeads = [:]
        hostsWaiting = []
        return all
    }

    /// The transfers that may start now; each counts as active until ``finished(_:)``.
    mutating func admit() -> [TransferJob] {
        var admitted: [TransferJob] = []
        var stillWaiting: [String] = []
        for host in hostsWaiting {
            guard var queue = queues[host] else { continue }
            var head = queueHeads[host] ?? 0
            while head < queue.count, activeCount < maximumActive, activePerHost[host, default: 0] < maximumPerHost {
                admitted.append(queue[head])
                head += 1
                activeCount += 1
                activePerHost[host, default: 0] += 1
            }
            if head == queue.count {
                queues[host] = nil
                queueHeads[host] = nil
            } else {
                if head > 64 && head * 2 > queue.count {  // drop the started prefix now and then
                    queue.removeFirst(head)
                    head = 0
                    queues[host] = queue
                }
                queueHeads[host] = head
                stillWaiting.append(host)
            }
        }
        hostsWaiting = stillWaiting
        return admitted
    }

    /// Records that an admitted transfer ended, freeing its place.
    mutating func finished(_ job: TransferJob) {
        let host = job.transfer.hostKey
        activeCount -= 1
        activePerHost[host, default: 1] -= 1
        if activePerHost[host] == 0 { activePerHost[host] = nil }
    }
}
