/// A first-in first-out queue between two pipeline stages that holds at most `capacity` units of cost:
/// producers wait while it is full, consumers while it is empty. This is the pipeline's backpressure.
///
/// An element costlier than the whole capacity is still admitted when the queue is empty, so one huge feed
/// passes alone instead of blocking forever.
actor BoundedQueue<Element: Sendable> {
    private struct Producer {
        var element: Element
        var cost: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private let capacity: Int
    private var items: [(element: Element, cost: Int)] = []
    private var head = 0
    private var load = 0
    private var finished = false
    private var producers: [Producer] = []
    private var consumers: [CheckedContinuation<Element?, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Elements waiting, counting those whose producers wait for room.
    var depth: Int { items.count - head + producers.count }

    /// Adds an element, waiting while the queue is full.
    func put(_ element: Element, cost: Int = 1) async {
        if producers.isEmpty, fits(cost) {
            enqueue(element, cost: cost)
            return
        }
        await withCheckedContinuation { producers.append(Producer(element: element, cost: cost, continuation: $0)) }
    }

    /// The next element, waiting while the queue is empty; nil once it is finished and drained.
    func take() async -> Element? {
        if let element = dequeue() { return element }
        if finished { return nil }
        return await withCheckedContinuation { consumers.append($0) }
    }

    /// Up to `limit` elements: waits for the first, then takes those already waiting. Empty once finished.
    func takeBatch(_ limit: Int) async -> [Element] {
        guard let first = await take() else { return [] }
        var batch = [first]
        while batch.count < limit, let element = dequeue() { batch.append(element) }
        return batch
    }

    /// Marks the end of input: consumers drain what is left, then get nil.
    func finish() {
        finished = true
        let waiting = consumers
        consumers = []
        for consumer in waiting { consumer.resume(returning: nil) }
    }

    private func fits(_ cost: Int) -> Bool { load == 0 || load + cost <= capacity }

    private func enqueue(_ element: Element, cost: Int) {
        if !consumers.isEmpty {
            consumers.removeFirst().resume(returning: element)
            return
        }
        items.append((element, cost))
        load += cost
    }

    private func dequeue() -> Element? {
        guard head < items.count else { return nil }
        let (element, cost) = items[head]
        head += 1
        load -= cost
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        while let producer = producers.first, fits(producer.cost) {
            producers.removeFirst()
            enqueue(producer.element, cost: producer.cost)
            producer.continuation.resume()
        }
        return element
    }
}
