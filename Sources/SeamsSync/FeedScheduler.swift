package import Foundation
import SeamsCore
import SeamsFetch
package import SeamsStore

/// What the scheduler learns from one fetch of a feed.
package struct FetchObservation: Sendable {
    /// How the fetch ended.
    package enum Outcome: Sendable {
        /// A document was parsed, with its entries' dates and its RSS `<ttl>` in minutes.
        case parsed(entryDates: [Date], timeToLive: Int?)
        /// Nothing new: a 304 or the same body as before.
        case unchanged
        /// The fetch or parse failed; `status` is the HTTP status when a response arrived.
        case failed(status: Int?)
    }

    /// How the fetch ended.
    package var outcome: Outcome
    /// The final response's headers (lowercased names), for `Cache-Control`, `Expires` and `Retry-After`.
    package var headers: [String: String]
    /// Where permanent redirects led, if the response began with them.
    package var permanentRedirect: String?

    /// Creates an observation.
    package init(outcome: Outcome, headers: [String: String] = [:], permanentRedirect: String? = nil) {
        self.outcome = outcome
        self.headers = headers
        self.permanentRedirect = permanentRedirect
    }
}

/// Decides when each feed is fetched next, from what its fetches showed.
///
/// A feed's regular interval follows its publishing rate — ``SchedulePolicy/rateFactor`` of the mean gap
/// between its recent entries, measured up to now so a feed that fell silent slows down — raised to its RSS
/// `<ttl>`. Each wait is then raised to what the server's headers ask (`Cache-Control: max-age`, `Expires`,
/// `Retry-After`), kept within the policy's bounds, and lengthened by a random share so feeds spread out.
/// Errors back off exponentially from ``SchedulePolicy/errorBackoff``; a `410 Gone` disables the feed.
///
/// The scheduler is a pure function of its inputs — the time and the random share are passed in — so tests
/// drive it with any clock.
package struct FeedScheduler: Sendable {
    /// The policy in force.
    package var policy: SchedulePolicy

    /// Creates a scheduler.
    package init(policy: SchedulePolicy = SchedulePolicy()) {
        self.policy = policy
    }

    /// True when the next fetch of `feed` should go without validators: it has some, and the last
    /// unconditional fetch is older than ``SchedulePolicy/unconditionalRefetchInterval``.
    package func fetchesUnconditionally(_ feed: Subscription, at now: Date) -> Bool {
        guard feed.etag != nil || feed.lastModified != nil else { return false }
        guard let last = feed.lastUnconditionalAt else { return true }
        return now.timeIntervalSince(last) >= policy.unconditionalRefetchInterval.inSeconds
    }

    /// The schedule after a fetch of `feed` made at `now`; `random` is a number in 0..<1 that sets the jitter.
    package func change(
        for feed: Subscription,
        after observation: FetchObservation,
        at now: Date,
        random: Double
    ) -> FeedScheduleChange {
        let minimum = policy.minimumInterval.inSeconds
        let maximum = max(minimum, policy.maximumInterval.inSeconds)
        let directives = CacheDirectives(headers: observation.headers, now: now)
        var interval = feed.fetchInterval ?? regularInterval(entriesPerDay: feed.entriesPerDay)
        var entriesPerDay: Double?
        var wait: Double
        var change = FeedScheduleChange(nextFetchAt: now, interval: interval)
        switch observation.outcome {
        case .parsed(let dates, let timeToLive):
            entriesPerDay = Self.entriesPerDay(dates, at: now)
            interval = regularInterval(entriesPerDay: entriesPerDay ?? feed.entriesPerDay)
            if let timeToLive, timeToLive > 0 { interval = max(interval, Double(timeToLive) * 60) }
            interval = min(max(interval, minimum), maximum)
            wait = interval
            change.redirectURL = observation.permanentRedirect
        case .unchanged:
            wait = interval
            change.redirectURL = observation.permanentRedirect
        case .failed(let status):
            let errors = Double(feed.consecutiveErrors + 1)
            wait = policy.errorBackoff.inSeconds * pow(2, min(errors - 1, 40))
            if status == 410 { change.disabledReason = FetchError.Code.gone.failureCode }
        }
        if let floor = directives.floor { wait = max(wait, floor) }
        wait = min(max(wait, minimum), maximum)
        wait = min(wait * (1 + policy.jitter * min(max(random, 0), 1)), maximum * (1 + policy.jitter))
        change.nextFetchAt = now.addingTimeInterval(wait)
        change.interval = interval
        change.entriesPerDay = entriesPerDay
        if let target = change.redirectURL {
            change.redirectCount = feed.redirectURL == target ? feed.redirectCount + 1 : 1
            if change.redirectCount >= policy.redirectConfirmations { change.adoptURL = target }
        }
        return change
    }

    /// The regular interval for a publishing rate, before the `<ttl>` floor and the bounds.
    func regularInterval(entriesPerDay: Double?) -> Double {
        guard let entriesPerDay, entriesPerDay > 0 else { return policy.defaultInterval.inSeconds }
        let interval = policy.rateFactor * 86_400 / entriesPerDay
        return min(max(interval, policy.minimumInterval.inSeconds), policy.maximumInterval.inSeconds)
    }

    /// Entries a day, from the dates of the entries a document lists: how many there are over the time from
    /// the oldest to now (at least an hour). Dates more than an hour ahead are ignored; nil without dates.
    package static func entriesPerDay(_ dates: [Date], at now: Date) -> Double? {
        let usable = dates.filter { $0.timeIntervalSince(now) <= 3600 }
        guard let oldest = usable.min() else { return nil }
        let span = max(now.timeIntervalSince(oldest), 3600)
        return Double(usable.count) * 86_400 / span
    }
}
