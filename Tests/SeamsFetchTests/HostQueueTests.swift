import SeamsFetch
import Testing

struct HostQueueTests {
    @Test func aHostAtItsLimitWaitsWhileOtherHostsGoAhead() {
        var queue = HostQueue<String>(perHost: 2)
        for index in 0..<5 { queue.enqueue("slow\(index)", host: "slow:80") }
        queue.enqueue("fast0", host: "fast:80")
        queue.enqueue("fast1", host: "fast:80")
        var taken: [String] = []
        while let (item, _) = queue.next() { taken.append(item) }
        #expect(taken == ["slow0", "slow1", "fast0", "fast1"], "two per host, in arrival order")
        #expect(queue.waiting == 3)
        queue.finished(host: "slow:80")
        #expect(queue.next()?.element == "slow2", "a finished item makes room for its host's next")
        #expect(queue.next() == nil)
        queue.finished(host: "fast:80")
        #expect(queue.next() == nil, "room on another host does not release this one's")
    }

    @Test func waitingItemsCanBeWithdrawnAndTheQueueStaysInOrder() {
        var queue = HostQueue<Int>(perHost: 1)
        for index in 0..<200 { queue.enqueue(index, host: index % 2 == 0 ? "a:80" : "b:80") }
        var taken: [Int] = []
        for _ in 0..<100 {
            guard let (item, host) = queue.next() else { break }
            taken.append(item)
            queue.finished(host: host)
        }
        #expect(taken == Array(0..<100), "one host at a time, the earliest first, past the compaction point")
        let withdrawn = queue.removeWaiting { $0 % 10 == 0 }
        #expect(withdrawn.sorted() == Array(stride(from: 100, to: 200, by: 10)))
        #expect(queue.waiting == 90)
        #expect(queue.removeWaiting().count == 90)
        #expect(queue.next() == nil && queue.waiting == 0)
    }
}
