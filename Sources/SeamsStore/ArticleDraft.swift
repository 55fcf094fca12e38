package import Foundation
import SeamsCluster
import SeamsCore
import SeamsFingerprint
package import SeamsParse

/// An entry on its way into the store: the parsed entry, its extracted text, and its identity in its feed.
package struct ArticleDraft: Sendable {
    /// The parsed entry.
    package var entry: FeedEntry
    /// The visible text of the entry's content or summary.
    package var text: String
    /// The identity of the entry within its feed (see ``EntryIdentity``).
    package var guid: String

    /// Creates a draft.
    package init(entry: FeedEntry, text: String, guid: String) {
        self.entry = entry
        self.text = text
        self.guid = guid
    }

    /// How far ahead of the clock a publication date may be (time zones and clock skew) before it is ignored.
    package static let futureTolerance: TimeInterval = 86_400

    /// The record for a new article, before clustering.
    package func record(feedId: Int64, at now: Date) -> Article {
        let fingerprint = ContentFingerprint(title: entry.title, text: text)
        // A publication date more than a day ahead is a broken clock or a trick to stay on top of newest-first lists:
        // the article counts as published when it was first seen.
        let published = entry.published.flatMap { $0.date <= now.addingTimeInterval(Self.futureTolerance) ? $0 : nil }
        return Article(
            id: nil,
            feedId: feedId,
            guid: guid,
            url: entry.link,
            canonicalURL: CanonicalURL.canonical(entry.link),
            title: entry.title,
            authors: entry.authors,
            published: published?.date,
            publishedOffset: published?.utcOffset,
            updated: entry.updated?.date,
            updatedOffset: entry.updated?.utcOffset,
            summaryHTML: entry.summary,
            contentHTML: entry.content,
            text: text,
            categories: entry.categories,
            enclosures: entry.enclosures,
            language: entry.language,
            contentKey: fingerprint.key.map { Int64(bitPattern: $0) },
            wordCount: fingerprint.wordCount,
            entryHash: entryHash,
            firstSeenAt: now,
            appearedAt: Appearance.date(published: published?.date, firstSeen: now),
            updatedAt: now,
            clusterId: nil,
            relation: .canonical,
            signature: nil,
            tokenCount: 0,
            matchKind: nil,
            matchedArticleId: nil,
            similarity: nil,
            isComposite: false,
            isRecycled: false
        )
    }

    /// A stable hash over every stored field, to tell a changed entry from one seen before.
    var entryHash: Int64 {
        var parts: [String] = [
            entry.title ?? "", entry.link ?? "", entry.summary ?? "", entry.content ?? "",
            entry.published.map { "\($0.date.timeIntervalSince1970)/\($0.utcOffset ?? -1)" } ?? "",
            entry.updated.map { "\($0.date.timeIntervalSince1970)/\($0.utcOffset ?? -1)" } ?? "",
            entry.language ?? "",
        ]
        parts += entry.authors.map { "\($0.name ?? "")|\($0.email ?? "")|\($0.uri ?? "")" }
        parts += entry.categories
        parts += entry.enclosures.map { "\($0.url)|\($0.type ?? "")|\($0.length ?? -1)" }
        return Int64(bitPattern: StableHash.of(parts.joined(separator: "\u{1F}")))
    }
}

/// Gives every entry of a feed document an identity that is unique within the feed and stable across fetches.
///
/// The entry's own id comes first. When a feed gives none, or gives the same id to different entries (it
/// happens), the link is used, and failing that a hash of the title and content. An entry that repeats an
/// earlier one exactly keeps the shared identity, so the repeat is stored once.
package enum EntryIdentity {
    /// The identity of each entry, in order.
    package static func assign(_ entries: [FeedEntry]) -> [String] {
        var seen: [String: Int] = [:]  // identity → index of the entry that holds it
        var identities: [String] = []
        identities.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let contentHash = String(
                StableHash.of([entry.title ?? "", entry.content ?? entry.summary ?? ""].joined(separator: "\u{1F}")),
                radix: 16
            )
            let candidates = [EntryText.nonEmpty(entry.id), EntryText.nonEmpty(entry.link), "sha:" + contentHash]
            var chosen = "sha:\(contentHash):\(index)"  // every natural identity is taken by a different entry
            for candidate in candidates.compactMap({ $0 }) {
                if let holder = seen[candidate], entries[holder] != entry { continue }
                chosen = candidate
                break
            }
            if seen[chosen] == nil { seen[chosen] = index }
            identities.append(chosen)
        }
        return identities
    }
}

enum EntryText {
    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}
