/// Work waiting its turn per host: at most so many items of one host out at once, and the next item is the earliest
/// waiting one (in arrival order) whose host has room, so a host at its limit never holds up another.
///
/// ``FeedFetcher`` queues transfers in one, and the sync pipeline queues feeds in another, both keyed by
/// ``FetchRequest/hostKey(of:)``. Taking an item costs O(log *h*) for *h* hosts with room and waiting items, so ten
/// thousand feeds on ten thousand hosts cost no more than on one.
package struct HostQueue<Element> {
    private let perHost: Int
    private var queues: [String: [(arrival: Int, element: Element)]] = [:]
    private var heads: [String: Int] = [:]  // how many of a host's queue have been taken
    private var active: [String: Int] = [:]
    private var ready = ReadyHosts()  // hosts with room and waiting items, by their head item's arrival
    private var arrivals = 0
    /// Items waiting.
    package private(set) var waiting = 0

    /// Creates a queue letting at most `perHost` items of one host out at once.
    package init(perHost: Int) {
        self.perHost = max(1, perHost)
    }

    /// Adds an item behind the others of its host.
    package mutating func enqueue(_ element: Element, host: String) {
        let isNewHead = queues[host] == nil
        queues[host, default: []].append((arrivals, element))
        if isNewHead && active[host, default: 0] < perHost { ready.push(arrival: arrivals, host: host) }
        arrivals += 1
        waiting += 1
    }

    /// The earliest waiting item whose host has room, counted as out until ``finished(host:)``; nil when every
    /// waiting item's host is at its limit.
    package mutating func next() -> (element: Element, host: String)? {
        guard let host = ready.pop() else { return nil }
        let head = heads[host, default: 0]
        let element = queues[host]![head].element
        waiting -= 1
        active[host, default: 0] += 1
        if head + 1 == queues[host]!.count {
            queues[host] = nil
            heads[host] = nil
        } else {
            if head + 1 > 64 && (head + 1) * 2 > queues[host]!.count {
                queues[host]!.removeFirst(head + 1)  // drop the taken prefix now and then, not on every take
                heads[host] = 0
            } else {
                heads[host] = head + 1
            }
            if active[host]! < perHost { ready.push(arrival: queues[host]![heads[host]!].arrival, host: host) }
        }
        return (element, host)
    }

    /// Records that an item of `host` is done, making room for the next.
    package mutating func finished(host: String) {
        let wasFull = active[host, default: 0] >= perHost
        active[host, default: 1] -= 1
        if active[host] == 0 { active[host] = nil }
        if wasFull, let queue = queues[host] { ready.push(arrival: queue[heads[host, default: 0]].arrival, host: host) }
    }

    /// Removes and returns the waiting items that match `predicate` (all of them by default).
    package mutating func removeWaiting(where predicate: (Element) -> Bool = { _ in true }) -> [Element] {
        var removed: [Element] = []
        ready = ReadyHosts()
        for host in Array(queues.keys) {
            let kept = queues[host]![heads[host, default: 0]...].filter { item in
                guard predicate(item.element) else { return true }
                removed.append(item.element)
                return false
            }
            queues[host] = kept.isEmpty ? nil : Array(kept)
            heads[host] = nil
            if let first = kept.first, active[host, default: 0] < perHost {
                ready.push(arrival: first.arrival, host: host)
            }
        }
        waiting -= removed.count
        return removed
    }
}

/// A binary min-heap of hosts by the arrival number of their head item.
private struct ReadyHosts {
    private var heap: [(arrival: Int, host: String)] = []

    mutating func push(arrival: Int, host: String) {
        heap.append((arrival, host))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].arrival < heap[parent].arrival else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> String? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].arrival < heap[smallest].arrival { smallest = left }
            if right < heap.count && heap[right].arrival < heap[smallest].arrival { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top.host
    }
}
