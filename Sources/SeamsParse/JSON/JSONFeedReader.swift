import Foundation

/// Reads JSON Feed 1.0 and 1.1 documents into the common entry model.
///
/// The reader is lenient the way feed readers must be: a field of the wrong type is skipped with a warning,
/// an item that is not an object is skipped, and only a document that is not a JSON object, or has no
/// `items` array, is an error. 1.0's singular `author` and 1.1's `authors` are both read.
struct JSONFeedReader {
    let baseURL: URL?
    var warnings: [String] = []

    init(baseURL: String?) {
        self.baseURL = baseURL.flatMap(URL.init(string:))
    }

    mutating func read(_ utf8: [UInt8]) throws -> ParsedFeed {
        var utf8 = utf8
        if let repaired = SurrogateRepair.repair(utf8) {
            utf8 = repaired.bytes
            warnings.append("\(repaired.count) lone UTF-16 surrogate escapes were read as U+FFFD")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [.fragmentsAllowed])
        } catch {
            // Foundation's description says only "not in the correct format"; its debug description says where.
            let detail =
                (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
            throw ParseError(.malformedJSON, "not valid JSON: \(detail)", cause: error)
        }
        guard let document = object as? [String: Any] else {
            throw ParseError(.malformedJSON, "a JSON Feed is a JSON object")
        }
        let version = string(document["version"], "version") ?? ""
        guard version.contains("jsonfeed.org/version/") || document["items"] is [Any] else {
            throw ParseError(.unknownFormat, "JSON that is not a JSON Feed (no version and no items)")
        }
        let format: FeedFormat = version.hasSuffix("/1") ? .jsonFeed10 : .jsonFeed11
        var metadata = FeedMetadata()
        metadata.title = string(document["title"], "title").flatMap(EntryText.plain(fromHTML:))
        metadata.link = string(document["home_page_url"], "home_page_url").map(resolve)
        metadata.id = string(document["feed_url"], "feed_url").map(resolve)
        metadata.description = string(document["description"], "description").flatMap(EntryText.plain(fromHTML:))
        metadata.language = string(document["language"], "language")
        metadata.authors = people(document, context: "feed")
        guard let items = document["items"] as? [Any] else {
            throw ParseError(.malformedJSON, "a JSON Feed needs an \"items\" array")
        }
        var entries: [FeedEntry] = []
        entries.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let item = item as? [String: Any] else {
                warnings.append("item \(index + 1): not an object, skipped")
                continue
            }
            var entry = readItem(item, position: index + 1)
            if entry.authors.isEmpty { entry.authors = metadata.authors }
            entries.append(entry)
        }
        return ParsedFeed(format: format, metadata: metadata, entries: entries, warnings: warnings)
    }

    private mutating func readItem(_ item: [String: Any], position: Int) -> FeedEntry {
        let context = "item \(position)"
        var entry = FeedEntry()
        // `id` must be a string, but integers are common in the wild.
        if let number = item["id"] as? NSNumber, !(item["id"] is Bool) {
            entry.id = number.stringValue
        } else {
            entry.id = string(item["id"], "\(context) id")
        }
        entry.link = string(item["url"], "\(context) url").map(resolve)
        if entry.link == nil { entry.link = string(item["external_url"], "\(context) external_url").map(resolve) }
        // Plain text by the specification.
        entry.title = string(item["title"], "\(context) title").map(EntryText.collapse)
        entry.content = string(item["content_html"], "\(context) content_html")
        if entry.content == nil {
            entry.content = string(item["content_text"], "\(context) content_text").map(EntryText.html(fromPlainText:))
        }
        entry.summary = string(item["summary"], "\(context) summary").map(EntryText.html(fromPlainText:))
        entry.published = date(item["date_published"], "\(context) date_published")
        entry.updated = date(item["date_modified"], "\(context) date_modified")
        entry.authors = people(item, context: context)
        entry.language = string(item["language"], "\(context) language")
        if let tags = item["tags"] {
            if let tags = tags as? [Any] {
                entry.categories = tags.compactMap { ($0 as? String).flatMap(EntryText.nonEmpty) }
            } else {
                warnings.append("\(context) tags: expected an array")
            }
        }
        if let attachments = item["attachments"] as? [Any] {
            for case let attachment as [String: Any] in attachments {
                guard let url = string(attachment["url"], "\(context) attachment url") else { continue }
                entry.enclosures.append(
                    FeedEnclosure(
                        url: resolve(url),
                        type: string(attachment["mime_type"], "\(context) mime_type"),
                        length: (attachment["size_in_bytes"] as? NSNumber)?.intValue
                    )
                )
            }
        }
        return entry
    }

    private mutating func people(_ object: [String: Any], context: String) -> [FeedPerson] {
        var raw: [Any] = []
        if let authors = object["authors"] as? [Any] {
            raw = authors
        } else if let author = object["author"] {
            raw = [author]
        }
        return raw.compactMap { value in
            guard let value = value as? [String: Any] else {
                warnings.append("\(context) author: expected an object")
                return nil
            }
            let person = FeedPerson(
                name: string(value["name"], "\(context) author name"),
                uri: string(value["url"], "\(context) author url")
            )
            return person.isEmpty ? nil : person
        }
    }

    private mutating func string(_ value: Any?, _ field: String) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            warnings.append("\(field): expected a string")
            return nil
        }
        return EntryText.nonEmpty(text)
    }

    private mutating func date(_ value: Any?, _ field: String) -> FeedDate? {
        guard let text = string(value, field) else { return nil }
        if let date = FeedDateParser.parse(text) { return date }
        warnings.append("\(field): unreadable date \"\(text.prefix(80))\"")
        return nil
    }

    private func resolve(_ reference: String) -> String {
        guard let baseURL, let url = URL(string: reference, relativeTo: baseURL) else { return reference }
        return url.absoluteString
    }
}
