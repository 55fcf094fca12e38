package import Foundation

/// A point in time as a feed wrote it: the instant, and the UTC offset it was written in.
///
/// Feeds write dates in their publisher's zone; keeping the offset lets exports and `seams parse`
/// show the date as published, while comparisons use the instant.
package struct FeedDate: Sendable, Hashable, Comparable, Codable {
    /// The instant.
    package var date: Date
    /// The offset from UTC in seconds that the feed wrote, or nil when the feed gave no zone (read as UTC).
    package var utcOffset: Int?

    /// Creates a date from an instant and the offset it was written in.
    package init(date: Date, utcOffset: Int?) {
        self.date = date
        self.utcOffset = utcOffset
    }

    package static func < (lhs: FeedDate, rhs: FeedDate) -> Bool { lhs.date < rhs.date }

    /// The date as RFC 3339 in its original offset (`Z` when none was given), with fractional seconds only when present.
    package var rfc3339: String {
        let offset = utcOffset ?? 0
        let c = localComponents
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d",
            c.year ?? 0,
            c.month ?? 0,
            c.day ?? 0,
            c.hour ?? 0,
            c.minute ?? 0,
            c.second ?? 0
        )
        let millis = Int(((Double(c.nanosecond ?? 0) / 1_000_000)).rounded())
        if millis > 0 && millis < 1000 { text += String(format: ".%03d", millis) }
        if offset == 0 {
            text += "Z"
        } else {
            let sign = offset < 0 ? "-" : "+"
            let magnitude = abs(offset)
            text += String(format: "%@%02d:%02d", sign, magnitude / 3600, (magnitude % 3600) / 60)
        }
        return text
    }

    /// The date in RFC 822 form as RSS 2.0 requires (`Tue, 07 Mar 2023 09:30:00 +0700`).
    package var rfc822: String {
        let offset = utcOffset ?? 0
        let c = localComponents
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return String(
            format: "%@, %02d %@ %04d %02d:%02d:%02d %@%02d%02d",
            days[(c.weekday ?? 1) - 1],
            c.day ?? 1,
            months[(c.month ?? 1) - 1],
            c.year ?? 1970,
            c.hour ?? 0,
            c.minute ?? 0,
            c.second ?? 0,
            sign,
            magnitude / 3600,
            (magnitude % 3600) / 60
        )
    }

    /// The wall-clock fields of the date in the offset it was written in.
    private var localComponents: DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let local = date.addingTimeInterval(TimeInterval(utcOffset ?? 0))
        return calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .nanosecond, .weekday],
            from: local
        )
    }
}
