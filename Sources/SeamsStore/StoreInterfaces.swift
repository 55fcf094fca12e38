package import Foundation
package import SeamsFingerprint

/// What the sync pipeline and the daemon need of the store: which feeds are due, when the next one is, and one
/// transaction per batch of fetch results. The only write path for what a fetch learned (see ``Store/apply(_:)``).
package protocol FeedScheduleStore: Sendable {
    /// Where the store lives (a file path, or a database's address without its password), for logs.
    var path: String { get }
    /// Whether other processes fetch from this schedule too (PostgreSQL's nodes): each then takes only as many feeds
    /// as it can start soon, leaving the rest to the others.
    var isShared: Bool { get }
    /// Enabled feeds due at `now`, soonest first, at most `limit`, leaving out `excluded` (feeds being fetched); a
    /// feed not fetched for `maximumInterval` seconds is due whatever its schedule says.
    func dueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double,
        excluding excluded: Set<Int64>
    ) async throws(StoreError)
        -> [Subscription]
    /// Takes up to `limit` due feeds for this process to fetch, as ``dueFeeds(at:limit:maximumInterval:excluding:)``
    /// chooses them. A store shared by many processes leases each feed to this one, so that no other takes it until
    /// the fetch is stored (``apply(_:)``) or the lease runs out; a store only one process writes (SQLite, under its
    /// lock) needs no lease, and this is `dueFeeds`. A shared store leases no more than `perHost` feeds of one host
    /// to all its processes together; one process limits its own fetches per host.
    func leaseDueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double,
        perHost: Int,
        excluding excluded: Set<Int64>
    ) async throws(StoreError) -> [Subscription]
    /// Whether the store tells a waiting process when the schedule changes (``nextScheduleChange()``) rather than
    /// being polled for it.
    var notifiesScheduleChanges: Bool { get }
    /// Returns once another process has changed the schedule (a feed subscribed, re-enabled or removed) since the
    /// last call returned — at once if it already has — or when the task is cancelled. Only a store that
    /// ``notifiesScheduleChanges`` ever returns before cancellation.
    func nextScheduleChange() async
    /// When the next enabled feed is due, nil when none is.
    func nextFetchTime(maximumInterval: Double) async throws(StoreError) -> Date?
    /// Writes what fetches brought — articles, validators, errors, the next fetch times — in one transaction.
    func apply(_ updates: [FeedUpdate]) async throws(StoreError) -> [FeedUpdateOutcome]
}

/// What subscribing and unsubscribing need of the store; `SubscriptionService` holds the rules.
package protocol SubscriptionStore: Sendable {
    /// Every subscribed feed, in the order they were added.
    func feeds() async throws(StoreError) -> [Subscription]
    /// The feed subscribed under this URL, if any.
    func feed(url: String) async throws(StoreError) -> Subscription?
    /// Subscribes a feed, or returns the existing subscription (enabled again, its title filled in).
    func addFeed(
        url: String,
        title: String?,
        allowsPrivateAddresses: Bool,
        at now: Date
    ) async throws(StoreError) -> Subscription
    /// Unsubscribes from a feed by id or URL and deletes its articles.
    func removeFeed(_ idOrURL: String) async throws(StoreError) -> Subscription
}

/// The read side — listings, stories, articles, stitched pages, feeds and counts — used by export, the server and
/// the CLI. Reads never wait for the writer.
package protocol StoryReader: Sendable {
    /// One page of story clusters.
    func clusterPage(_ query: ClusterQuery) async throws(StoreError) -> ClusterPage
    /// The clusters of one page, without the cursor.
    func clusters(_ query: ClusterQuery) async throws(StoreError) -> [StoryCluster]
    /// One story and its copies: every one, or at most `memberLimit`.
    func cluster(id: Int64, memberLimit: Int?) async throws(StoreError) -> StoryCluster
    /// One article.
    func article(id: Int64) async throws(StoreError) -> StoredArticle
    /// The lines of an article's text left out as furniture when it is matched.
    func furniture(ofArticle id: Int64) async throws(StoreError) -> [String]
    /// Stitched pages, newest first.
    func composites(limit: Int) async throws(StoreError) -> [CompositeArticle]
    /// A stitched page's passages and sources; nil when the article is not stitched.
    func composite(articleId: Int64) async throws(StoreError) -> CompositeArticle?
    /// Every subscribed feed, in the order they were added.
    func feeds() async throws(StoreError) -> [Subscription]
    /// The feed with this id, if any.
    func feed(id: Int64) async throws(StoreError) -> Subscription?
    /// The feed subscribed under this URL, if any.
    func feed(url: String) async throws(StoreError) -> Subscription?
    /// Stored articles per feed id.
    func articleCounts() async throws(StoreError) -> [Int64: Int]
    /// How many feeds, articles and clusters there are.
    func totals() async throws(StoreError) -> Store.Totals
    /// Counts for metrics.
    func census() async throws(StoreError) -> Store.Census
}

extension FeedScheduleStore {
    /// One process writes the store.
    package var isShared: Bool { false }

    /// Changes are polled for.
    package var notifiesScheduleChanges: Bool { false }

    /// Nothing tells the process of a change: waits until cancelled.
    package func nextScheduleChange() async {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// The due feeds, unleased: one process writes the store.
    package func leaseDueFeeds(
        at now: Date,
        limit: Int,
        maximumInterval: Double,
        perHost: Int,
        excluding excluded: Set<Int64>
    ) async throws(StoreError) -> [Subscription] {
        try await dueFeeds(at: now, limit: limit, maximumInterval: maximumInterval, excluding: excluded)
    }

    /// Enabled feeds due at `now`, soonest first, at most `limit`.
    package func dueFeeds(at now: Date, limit: Int) async throws(StoreError) -> [Subscription] {
        try await dueFeeds(at: now, limit: limit, maximumInterval: .infinity, excluding: [])
    }
}

extension SubscriptionStore {
    /// Subscribes a feed now, held to public addresses.
    package func addFeed(url: String, title: String? = nil) async throws(StoreError) -> Subscription {
        try await addFeed(url: url, title: title, allowsPrivateAddresses: false, at: Date())
    }

    /// Subscribes a feed now.
    package func addFeed(
        url: String,
        title: String?,
        allowsPrivateAddresses: Bool
    ) async throws(StoreError) -> Subscription {
        try await addFeed(url: url, title: title, allowsPrivateAddresses: allowsPrivateAddresses, at: Date())
    }
}

extension Store: FeedScheduleStore, SubscriptionStore, StoryReader {}

/// A whole store, whichever database holds it — SQLite's file or a shared PostgreSQL database: every consumer's
/// interface, and what the CLI's commands ask of it besides.
package protocol StoryStore: FeedScheduleStore, SubscriptionStore, StoryReader {
    /// The deduplicator's settings the store places articles with.
    var deduplication: DedupConfiguration { get }
    /// Stores a feed's entries and places each new or changed article, in one transaction.
    func ingest(
        feedId: Int64,
        snapshot: FeedSnapshot,
        drafts: [ArticleDraft],
        at now: Date
    ) async throws(StoreError) -> IngestReport
    /// The ids of every stored article, in ascending order.
    func articleIdentifiers() async throws(StoreError) -> [Int64]
    /// Checks that what the store keeps agrees with itself; "ok" when it does, else what disagrees.
    func integrityCheck() async throws(StoreError) -> String
}

extension Store: StoryStore {}

extension StoryStore {
    /// Stores a feed's entries now.
    package func ingest(
        feedId: Int64,
        snapshot: FeedSnapshot,
        drafts: [ArticleDraft]
    ) async throws(StoreError) -> IngestReport {
        try await ingest(feedId: feedId, snapshot: snapshot, drafts: drafts, at: Date())
    }
}

extension StoryReader {
    /// The newest clusters, with every member.
    package func clusters() async throws(StoreError) -> [StoryCluster] { try await clusters(ClusterQuery()) }

    /// The newest hundred stitched pages.
    package func composites() async throws(StoreError) -> [CompositeArticle] { try await composites(limit: 100) }

    /// One story with every copy.
    package func cluster(id: Int64) async throws(StoreError) -> StoryCluster {
        try await cluster(id: id, memberLimit: nil)
    }
}
