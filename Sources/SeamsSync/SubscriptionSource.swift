import Foundation
import SeamsCore
import SeamsParse

/// What a user can name to subscribe: a feed URL, a feed file, or an OPML list of feeds.
///
/// Local paths become absolute `file://` URLs, so a subscription keeps working from any directory; feeds
/// named in an OPML file resolve relative to the OPML file's own location.
package struct SubscriptionSource: Sendable {
    /// A feed to subscribe to, with the title the source gave it, if any.
    package struct Feed: Sendable, Hashable {
        /// The feed's URL.
        package var url: String
        /// The title the OPML list gave it.
        package var title: String?
    }

    /// Why a source could not be read.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, naming the source.
        package var message: String
        package var description: String { message }
    }

    /// The feeds a source names.
    ///
    /// - Throws: ``Failure`` when a path does not exist or an OPML file cannot be read.
    package static func feeds(in source: String) throws(Failure) -> [Feed] {
        let lowered = source.lowercased()
        if WebAddress.isWeb(source) {
            return [Feed(url: source)]
        }
        let path = lowered.hasPrefix("file://") ? (URL(string: source)?.path ?? source) : source
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if FileManager.default.fileExists(atPath: url.path) {
                throw Failure(message: "cannot read \(source)")
            }
            throw Failure(message: "no such file: \(source)")
        }
        guard isOPML(data) else { return [Feed(url: url.absoluteString)] }
        do {
            let document = try OPMLDocument.parse(Array(data), url: url.absoluteString)
            return document.outlines.map { Feed(url: $0.feedURL, title: $0.title) }
        } catch {
            throw Failure(message: "cannot read the OPML file \(source): \(error.message)")
        }
    }

    /// An absolute URL for a feed named on the command line: URLs as they are, paths as `file://` URLs.
    package static func feedURL(for argument: String) -> String {
        if argument.contains("://") { return argument }  // a URL, whatever its scheme; the fetcher judges the scheme
        return URL(fileURLWithPath: argument).standardizedFileURL.absoluteString
    }

    private static func isOPML(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(1024), as: UTF8.self).lowercased()
        return head.contains("<opml")
    }
}
