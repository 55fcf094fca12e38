import Foundation
import SeamsCore
import SeamsStore
import Testing

@testable import SeamsSync

/// The schedule, driven by an injected clock: every time below is `start` plus a known offset.
struct FeedSchedulerTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let scheduler = FeedScheduler()

    func feed(_ change: (inout Subscription) -> Void = { _ in }) -> Subscription {
        var feed = Subscription(url: "https://example.org/feed.xml", addedAt: start)
        feed.id = 1
        change(&feed)
        return feed
    }

    func wait(_ change: FeedScheduleChange, from now: Date) -> Double { change.nextFetchAt.timeIntervalSince(now) }

    @Test func theIntervalFollowsThePublishingRateWithinTheBounds() {
        // 24 entries, one every 30 minutes back from now: 24 over 11.5 hours, about 50 a day; fetched about every
        // 15 minutes (half the mean gap).
        let busy = (0..<24).map { start.addingTimeInterval(-Double($0) * 1800) }
        let change = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .parsed(entryDates: busy, timeToLive: nil)),
            at: start,
            random: 0
        )
        #expect(abs((change.entriesPerDay ?? 0) - 24 * 86_400 / 41_400) < 0.01)
        #expect(abs(change.interval - 0.5 * 41_400 / 24) < 1)
        #expect(abs(wait(change, from: start) - change.interval) < 0.001, "no jitter with random 0")

        // A feed that fell silent a year ago slows to the maximum; a firehose is held to the minimum.
        let silent = (0..<20).map { start.addingTimeInterval(-365 * 86_400 - Double($0) * 60) }
        let slow = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .parsed(entryDates: silent, timeToLive: nil)),
            at: start,
            random: 0
        )
        #expect(slow.interval == 86_400)
        let firehose = (0..<100).map { start.addingTimeInterval(-Double($0) * 10) }
        let fast = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .parsed(entryDates: firehose, timeToLive: nil)),
            at: start,
            random: 0
        )
        #expect(fast.interval == 300)
        // No dates: the default interval.
        let undated = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .parsed(entryDates: [], timeToLive: nil)),
            at: start,
            random: 0
        )
        #expect(undated.interval == 3600)
        #expect(undated.entriesPerDay == nil)
    }

    @Test func ttlAndCacheHeadersAreFloorsButTheMaximumStillHolds() {
        let firehose = (0..<100).map { start.addingTimeInterval(-Double($0) * 10) }
        let ttl = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .parsed(entryDates: firehose, timeToLive: 45)),
            at: start,
            random: 0
        )
        #expect(ttl.interval == 45 * 60)

        let cached = scheduler.change(
            for: feed { $0.fetchInterval = 300 },
            after: FetchObservation(outcome: .unchanged, headers: ["cache-control": "public, max-age=7200"]),
            at: start,
            random: 0
        )
        #expect(wait(cached, from: start) == 7200)
        #expect(cached.interval == 300, "a header floor delays one fetch; it does not change the learned interval")

        let expires = scheduler.change(
            for: feed { $0.fetchInterval = 300 },
            after: FetchObservation(outcome: .unchanged, headers: ["expires": "Thu, 01 Jan 2026 01:00:00 GMT"]),
            at: Date(timeIntervalSince1970: 1_767_225_600),
            random: 0
        )  // 2026-01-01T00:00:00Z
        #expect(wait(expires, from: Date(timeIntervalSince1970: 1_767_225_600)) == 3600)

        let huge = scheduler.change(
            for: feed { $0.fetchInterval = 300 },
            after: FetchObservation(outcome: .unchanged, headers: ["cache-control": "max-age=99999999"]),
            at: start,
            random: 0
        )
        #expect(wait(huge, from: start) == 86_400)
    }

    @Test func retryAfterDelaysTheNextFetchAfterA429() {
        let seconds = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .failed(status: 429), headers: ["retry-after": "7200"]),
            at: start,
            random: 0
        )
        #expect(wait(seconds, from: start) == 7200)
        let date = scheduler.change(
            for: feed(),
            after: FetchObservation(
                outcome: .failed(status: 503),
                headers: ["retry-after": "Thu, 01 Jan 2026 03:00:00 GMT"]
            ),
            at: Date(timeIntervalSince1970: 1_767_225_600),
            random: 0.5
        )
        #expect(wait(date, from: Date(timeIntervalSince1970: 1_767_225_600)) >= 3 * 3600)
    }

    @Test func errorsBackOffExponentiallyWithJitterUpToTheMaximum() {
        var waits: [Double] = []
        var current = feed { $0.fetchInterval = 300 }
        for attempt in 0..<12 {
            let change = scheduler.change(
                for: current,
                after: FetchObservation(outcome: .failed(status: 500)),
                at: start,
                random: Double(attempt % 3) / 3
            )
            waits.append(wait(change, from: start))
            #expect(change.interval == 300, "errors leave the learned interval alone")
            current.consecutiveErrors += 1
        }
        #expect(waits[0] >= 300 && waits[0] < 300 * 1.2 + 1)
        for (earlier, later) in zip(waits, waits.dropFirst()) where later < 86_400 {
            #expect(later > earlier, "\(waits)")
        }
        #expect(waits.last! >= 86_400 && waits.last! <= 86_400 * 1.2)
        // Jitter only lengthens a wait, by at most its share.
        let jittered = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .failed(status: 500)),
            at: start,
            random: 0.999
        )
        #expect(wait(jittered, from: start) > 300 && wait(jittered, from: start) <= 360)
    }

    @Test func goneDisablesTheFeed() {
        let change = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .failed(status: 410)),
            at: start,
            random: 0
        )
        #expect(change.disabledReason == FailureCode(rawValue: "fetch.gone"))
        let notFound = scheduler.change(
            for: feed(),
            after: FetchObservation(outcome: .failed(status: 404)),
            at: start,
            random: 0
        )
        #expect(notFound.disabledReason == nil)
    }

    @Test func aPermanentRedirectIsAdoptedOnlyAfterRepeatedConfirmations() {
        var current = feed()
        let moved = "https://example.com/new.xml"
        var adoptions: [String?] = []
        for _ in 0..<3 {
            let change = scheduler.change(
                for: current,
                after: FetchObservation(outcome: .unchanged, permanentRedirect: moved),
                at: start,
                random: 0
            )
            adoptions.append(change.adoptURL)
            current.redirectURL = change.redirectURL
            current.redirectCount = change.redirectCount
        }
        #expect(adoptions == [nil, nil, moved])
        // A fetch without the redirect resets the count; a different target starts over.
        let plain = scheduler.change(for: current, after: FetchObservation(outcome: .unchanged), at: start, random: 0)
        #expect(plain.redirectURL == nil && plain.redirectCount == 0)
        current.redirectURL = moved
        current.redirectCount = 2
        let other = scheduler.change(
            for: current,
            after: FetchObservation(outcome: .unchanged, permanentRedirect: "https://example.net/x.xml"),
            at: start,
            random: 0
        )
        #expect(other.redirectCount == 1 && other.adoptURL == nil)
    }

    @Test func validatorsAreSkippedOncePerRefetchInterval() {
        #expect(!scheduler.fetchesUnconditionally(feed(), at: start), "no validators: every fetch is plain anyway")
        let validated = feed {
            $0.etag = "\"v1\""
            $0.lastUnconditionalAt = start
        }
        #expect(!scheduler.fetchesUnconditionally(validated, at: start.addingTimeInterval(3600)))
        #expect(scheduler.fetchesUnconditionally(validated, at: start.addingTimeInterval(86_400)))
    }
}
