/// Bounds on what one parsed feed may hold, so that a hostile or broken document costs bounded memory and time
/// downstream (storage, deduplication, pages).
///
/// A feed over a bound is not rejected: the excess is dropped or truncated and a warning says what and how much.
struct FeedLimits {
    var maximumEntries: Int
    var maximumTitleLength: Int
    var maximumIdentifierLength: Int
    var maximumListLength = 64

    /// Applies the bounds to `feed` in place.
    func apply(to feed: inout ParsedFeed) {
        if feed.entries.count > maximumEntries {
            let dropped = feed.entries.count - maximumEntries
            feed.entries.removeSubrange(maximumEntries...)
            feed.warnings.append(
                "the feed has \(dropped + maximumEntries) entries; the first \(maximumEntries) were read and \(dropped) ignored"
            )
        }
        var truncatedTitles = 0
        var truncatedIdentifiers = 0
        var trimmedLists = 0
        if let title = feed.metadata.title, let shortened = Self.truncate(title, to: maximumTitleLength) {
            feed.metadata.title = shortened
            truncatedTitles += 1
        }
        for index in feed.entries.indices {
            if let title = feed.entries[index].title, let shortened = Self.truncate(title, to: maximumTitleLength) {
                feed.entries[index].title = shortened
                truncatedTitles += 1
            }
            for field in [\FeedEntry.id, \FeedEntry.link] {
                if let value = feed.entries[index][keyPath: field],
                    let shortened = Self.truncate(value, to: maximumIdentifierLength)
                {
                    feed.entries[index][keyPath: field] = shortened
                    truncatedIdentifiers += 1
                }
            }
            if feed.entries[index].categories.count > maximumListLength {
                feed.entries[index].categories.removeSubrange(maximumListLength...)
                trimmedLists += 1
            }
            if feed.entries[index].authors.count > maximumListLength {
                feed.entries[index].authors.removeSubrange(maximumListLength...)
                trimmedLists += 1
            }
            if feed.entries[index].enclosures.count > maximumListLength {
                feed.entries[index].enclosures.removeSubrange(maximumListLength...)
                trimmedLists += 1
            }
        }
        if truncatedTitles > 0 {
            feed.warnings.append(
                "\(truncatedTitles) titles longer than \(maximumTitleLength) characters were truncated"
            )
        }
        if truncatedIdentifiers > 0 {
            feed.warnings.append(
                "\(truncatedIdentifiers) ids or links longer than \(maximumIdentifierLength) characters were truncated"
            )
        }
        if trimmedLists > 0 {
            feed.warnings.append(
                "\(trimmedLists) entries had more than \(maximumListLength) categories, authors or enclosures; the rest were ignored"
            )
        }
    }

    /// `text` cut to `limit` Unicode scalars, or nil when it is already within the limit.
    static func truncate(_ text: String, to limit: Int) -> String? {
        guard text.utf8.count > limit else { return nil }  // a scalar is at least one byte: the common case is free
        let scalars = text.unicodeScalars
        guard let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex),
            end < scalars.endIndex
        else { return nil }
        return String(scalars[..<end])
    }
}
