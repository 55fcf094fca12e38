import Foundation
import SeamsCore
import SeamsExtract
import SeamsFetch
import SeamsParse
import SeamsStore

/// Stage 2 of the pipeline: a fetched body becomes a ``FeedUpdate`` — parsed, its entries' text extracted, its next
/// fetch decided — so that the store's one writer only writes.
extension SyncPipeline {
    /// Parses and extracts a fetched feed and decides its next fetch, off the database: what the store stage writes.
    func prepare(_ fetched: FetchedFeed) -> PreparedUpdate {
        let feed = fetched.feed
        var prepared = PreparedUpdate(fetched: fetched)
        guard let feedId = feed.id else { return prepared }
        let response: FetchResponse
        switch fetched.result {
        case .failure(let error) where error.code == .cancelled:
            prepared.outcome = .failed(code: error.failureCode, message: error.message)
            return prepared  // abandoned at shutdown: nothing recorded, the feed stays due
        case .failure(let error):
            prepared.status = error.status
            return failed(
                &prepared,
                feedId: feedId,
                code: error.failureCode,
                message: error.message,
                observation: FetchObservation(outcome: .failed(status: error.status), headers: error.headers)
            )
        case .success(let value):
            response = value
        }
        prepared.status = response.status
        prepared.bytes = response.body.count
        let bodyHash = response.body.withUnsafeBytes { StableHash.of($0) }
        if response.isNotModified || (feed.bodyHash == Int64(bitPattern: bodyHash) && feed.lastErrorCode == nil) {
            let observation = FetchObservation(
                outcome: .unchanged,
                headers: response.headers,
                permanentRedirect: response.permanentRedirect
            )
            prepared.update = update(
                feedId,
                fetched,
                .unchanged(status: response.status, etag: response.etag, lastModified: response.lastModified),
                observation,
                bytes: response.body.count
            )
            prepared.outcome = .unchanged
            return prepared
        }
        let parsed: ParsedFeed
        do {
            parsed = try parser.parse(response.body, url: response.effectiveURL, httpCharset: response.charset)
        } catch {
            return failed(
                &prepared,
                feedId: feedId,
                code: error.failureCode,
                message: error.message,
                observation: FetchObservation(outcome: .failed(status: response.status), headers: response.headers)
            )
        }
        let identities = EntryIdentity.assign(parsed.entries)
        let drafts = zip(parsed.entries, identities).map { entry, guid in
            ArticleDraft(
                entry: entry,
                text: extractor.articleText(content: entry.content, summary: entry.summary),
                guid: guid
            )
        }
        let snapshot = FeedSnapshot(
            metadata: parsed.metadata,
            format: parsed.format,
            status: response.status,
            etag: response.etag,
            lastModified: response.lastModified,
            bodyHash: bodyHash
        )
        let dates = parsed.entries.compactMap { ($0.published ?? $0.updated)?.date }
        let observation = FetchObservation(
            outcome: .parsed(entryDates: dates, timeToLive: parsed.metadata.timeToLive),
            headers: response.headers,
            permanentRedirect: response.permanentRedirect
        )
        prepared.update = update(feedId, fetched, .parsed(snapshot, drafts), observation, bytes: response.body.count)
        prepared.entries = parsed.entries.count
        prepared.warnings = parsed.warnings
        return prepared
    }

    private func failed(
        _ prepared: inout PreparedUpdate,
        feedId: Int64,
        code: FailureCode,
        message: String,
        observation: FetchObservation
    ) -> PreparedUpdate {
        prepared.update = update(
            feedId,
            prepared.fetched,
            .failed(code: code, message: message, status: prepared.status),
            observation,
            bytes: 0
        )
        prepared.outcome = .failed(code: code, message: message)
        return prepared
    }

    private func update(
        _ feedId: Int64,
        _ fetched: FetchedFeed,
        _ result: FeedUpdate.Result,
        _ observation: FetchObservation,
        bytes: Int
    ) -> FeedUpdate {
        let schedule = scheduler.change(for: fetched.feed, after: observation, at: fetched.startedAt, random: random())
        return FeedUpdate(
            feedId: feedId,
            fetchedAt: fetched.startedAt,
            result: result,
            schedule: schedule,
            duration: fetched.duration.inSeconds,
            bytes: bytes,
            wasUnconditional: fetched.unconditional,
            seenAt: sightedAt
        )
    }
}

/// A finished transfer on its way to the parsers.
struct FetchedFeed: Sendable {
    var feed: Subscription
    var startedAt: Date
    var duration: Duration
    var unconditional: Bool
    var result: Result<FetchResponse, FetchError>
}

/// A parsed feed on its way to the store: the update to write and what to report about it.
struct PreparedUpdate: Sendable {
    var fetched: FetchedFeed
    var update: FeedUpdate?
    var outcome: FeedSyncOutcome.Result = .unchanged
    var status: Int?
    var bytes = 0
    var entries = 0
    var warnings: [String] = []
}
