import SeamsFetch
import SeamsStore

/// The feeds read ahead of the fetches, and which may start next: the earliest waiting feed whose host has fewer than
/// its share in flight.
///
/// Without this, feeds of one slow host listed together took every place in the pipeline and waited there for the
/// fetcher's per-host limit, and every other host's feeds waited behind them.
struct HostTurns {
    private let perHost: Int
    private var active: [String: Int] = [:]
    private var queues: [String: [FeedRecord]] = [:]
    private var order: [String] = []  // hosts with waiting feeds, in the order their first one arrived
    private(set) var waiting = 0

    init(perHost: Int) {
        self.perHost = max(1, perHost)
    }

    /// The host and port a feed is fetched from, as the fetcher counts them.
    static func host(of feed: FeedRecord) -> String { FetchRequest.hostKey(of: feed.url) }

    /// Adds a feed behind the others of its host.
    mutating func enqueue(_ feed: FeedRecord) {
        let host = Self.host(of: feed)
        if queues[host] == nil { order.append(host) }
        queues[host, default: []].append(feed)
        waiting += 1
    }

    /// The next feed whose host has room, counted as started; nil when every waiting feed's host is at its limit.
    mutating func next() -> FeedRecord? {
        guard let position = order.firstIndex(where: { active[$0, default: 0] < perHost }) else { return nil }
        let host = order[position]
        var queue = queues[host]!
        let feed = queue.removeFirst()
        if queue.isEmpty {
            queues[host] = nil
            order.remove(at: position)
        } else {
            queues[host] = queue
        }
        waiting -= 1
        active[host, default: 0] += 1
        return feed
    }

    /// Forgets every waiting feed (a shutdown: they were never started, so they stay due).
    mutating func dropWaiting() {
        queues = [:]
        order = []
        waiting = 0
    }

    /// Records that a fetch from `host` ended.
    mutating func finished(_ host: String) {
        active[host, default: 1] -= 1
        if active[host] == 0 { active[host] = nil }
    }
}
