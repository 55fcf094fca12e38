import CXXHash
import Logging
import SeamsExtract
import SeamsFetch
import SeamsParse
import SeamsStore

/// Runs feeds through the pipeline once: fetch → parse → extract text → store and cluster.
///
/// Feeds are processed concurrently, at most ``SyncConfiguration/maximumConcurrentFeeds`` at a time, and each
/// one independently: a feed that cannot be fetched, parsed or stored has its error recorded on it and never
/// stops or spoils the others. Fetches are conditional (ETag, Last-Modified), and a body identical to the last
/// one parsed is not parsed again.
///
/// For example:
///
/// ```swift
/// let syncer = FeedSyncer(fetcher: FeedFetcher(), store: store, logger: logger)
/// let outcomes = await syncer.sync(try await store.feeds()) { outcome, done, total in print(outcome.summary) }
/// ```
public struct FeedSyncer: Sendable {
    /// The settings in force.
    public let configuration: SyncConfiguration
    let fetcher: any FeedFetching
    let store: Store
    let logger: Logger
    private let parser = FeedParser()
    private let extractor = TextExtractor()

    /// Creates a syncer.
    public init(configuration: SyncConfiguration = SyncConfiguration(), fetcher: any FeedFetching, store: Store, logger: Logger) {
        self.configuration = configuration
        self.fetcher = fetcher
        self.store = store
        self.logger = logger
    }

    /// Syncs the feeds and returns each one's outcome in completion order; `progress` is called on the
    /// calling task as each feed finishes, with the number finished so far and the total.
    public func sync(
        _ feeds: [FeedRecord], progress: (FeedSyncOutcome, _ finished: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [FeedSyncOutcome] {
        var outcomes: [FeedSyncOutcome] = []
        outcomes.reserveCapacity(feeds.count)
        let width = max(1, configuration.maximumConcurrentFeeds)
        await withTaskGroup(of: FeedSyncOutcome.self) { group in
            var pending = feeds.makeIterator()
            for _ in 0..<width {
                guard let feed = pending.next() else { break }
                group.addTask { await self.sync(feed) }
            }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                progress(outcome, outcomes.count, feeds.count)
                if let feed = pending.next() { group.addTask { await self.sync(feed) } }
            }
        }
        return outcomes
    }

    /// Syncs one feed; never throws: every failure is recorded on the feed and reported in the outcome.
    public func sync(_ feed: FeedRecord) async -> FeedSyncOutcome {
        var logger = self.logger
        logger[metadataKey: "feed.url"] = "\(feed.url)"
        guard let feedId = feed.id else { return FeedSyncOutcome(feed: feed, result: .unchanged, entries: 0, warnings: []) }
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(FetchRequest(url: feed.url, etag: feed.etag, lastModified: feed.lastModified))
        } catch {
            return await fail(feed, code: error.code.rawValue, message: error.message, status: error.status, logger: logger)
        }
        let bodyHash = response.body.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
        if response.isNotModified || (feed.bodyHash == Int64(bitPattern: bodyHash) && feed.lastErrorCode == nil) {
            do {
                try await store.recordUnchanged(
                    feedId: feedId, status: response.status, etag: response.etag, lastModified: response.lastModified)
            } catch {
                return await fail(feed, code: error.code.rawValue, message: error.message, status: nil, logger: logger)
            }
            logger.debug("Feed unchanged", metadata: ["fetch.status": "\(response.status)"])
            return FeedSyncOutcome(feed: feed, result: .unchanged, entries: 0, warnings: [])
        }
        let parsed: ParsedFeed
        do {
            parsed = try parser.parse(response.body, url: response.effectiveURL, httpCharset: response.charset)
        } catch {
            return await fail(feed, code: error.code.rawValue, message: error.message, status: response.status, logger: logger)
        }
        let identities = EntryIdentity.assign(parsed.entries)
        let drafts = zip(parsed.entries, identities).map { entry, guid in
            ArticleDraft(entry: entry, text: extractor.articleText(content: entry.content, summary: entry.summary), guid: guid)
        }
        let snapshot = FeedSnapshot(
            metadata: parsed.metadata, format: parsed.format, status: response.status, etag: response.etag,
            lastModified: response.lastModified, bodyHash: bodyHash)
        do {
            let report = try await store.ingest(feedId: feedId, snapshot: snapshot, drafts: drafts)
            logger.info(
                "Feed synced",
                metadata: [
                    "fetch.status": "\(response.status)", "fetch.bytes": "\(response.body.count)",
                    "feed.entries": "\(parsed.entries.count)", "feed.new": "\(report.new)", "feed.updated": "\(report.updated)",
                ])
            let result: FeedSyncOutcome.Result = report.new + report.updated == 0 ? .unchanged : .changed(report)
            return FeedSyncOutcome(feed: feed, result: result, entries: parsed.entries.count, warnings: parsed.warnings)
        } catch {
            return await fail(feed, code: error.code.rawValue, message: error.message, status: response.status, logger: logger)
        }
    }

    private func fail(_ feed: FeedRecord, code: String, message: String, status: Int?, logger: Logger) async -> FeedSyncOutcome {
        logger.warning("Feed sync failed", metadata: ["error.code": "\(code)", "error.message": "\(message)"])
        if let feedId = feed.id {
            do {
                try await store.recordFailure(feedId: feedId, code: code, message: message, status: status)
            } catch {
                logger.error("Could not record the failure", metadata: ["error.message": "\(error.message)"])
            }
        }
        return FeedSyncOutcome(feed: feed, result: .failed(code: code, message: message), entries: 0, warnings: [])
    }
}
