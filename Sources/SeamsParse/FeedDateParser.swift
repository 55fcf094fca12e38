import Foundation

/// Reads the dates real feeds write: RFC 822 and its many real-world variants, RFC 3339 and ISO 8601,
/// asctime, and the day-first numeric forms common on Vietnamese sites.
///
/// The parser is a single forward scan that classifies tokens (numbers, words, a clock time, a zone), then
/// assembles them; it never consults the locale or the machine's time zone. A date without a zone is read
/// as UTC and reported with a nil ``FeedDate/utcOffset``. Values out of range (month 13, a ±25 h offset,
/// a year outside ``years``) make the whole date unreadable rather than silently wrong.
///
/// For example:
///
/// ```swift
/// FeedDateParser.parse("Tue, 07 Mar 2023 09:30:00 +0700")?.rfc3339  // "2023-03-07T09:30:00+07:00"
/// ```
package enum FeedDateParser {
    /// The years a feed date may fall in. Earlier and later years (year 0, 9999 as "never") are not news dates, and
    /// before 1582 calendars disagree about which day a date names; such dates are unreadable.
    package static let years = 1900...2199

    /// Parses a date, or returns nil when the text is not a date this parser can read unambiguously.
    package static func parse(_ text: String) -> FeedDate? {
        var scanner = DateTokenScanner(Array(text.utf8))
        guard let tokens = scanner.tokens() else { return nil }
        return DateAssembler(tokens: tokens).assemble()
    }
}

enum DateToken: Equatable {
    case number(Int, digits: Int)
    case word(String)
    case time(hour: Int, minute: Int, second: Int, nanosecond: Int)
    case offset(seconds: Int)
}

struct DateTokenScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var sawTime = false
    private var output: [DateToken] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    private mutating func digits() -> (value: Int, count: Int) {
        var value = 0
        var count = 0
        while index < bytes.count, isDigit(bytes[index]), count < 18 {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
            count += 1
        }
        return (value, count)
    }

    /// Reads `hh`, `hhmm` or `hh:mm` after a sign, as seconds.
    private mutating func offsetAfterSign(negative: Bool) -> Int? {
        let first = digits()
        var hours = first.value
        var minutes = 0
        switch first.count {
        case 1, 2:
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), isDigit(bytes[index + 1]) {
                index += 1
                minutes = digits().value
            }
        case 3, 4:
            hours = first.value / 100
            minutes = first.value % 100
        default:
            return nil
        }
        guard hours <= 18, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return negative ? -seconds : seconds
    }

    mutating func tokens() -> [DateToken]? {
        if bytes.count > 128 { return nil }
        while index < bytes.count {
            let b = bytes[index]
            if isDigit(b) {
                let start = index
                let number = digits()
                // A clock time: h:mm[:ss[.fraction]]
                if number.count <= 2, index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"),
                    isDigit(bytes[index + 1])
                {
                    index += 1
                    let minute = digits().value
                    var second = 0
                    var nanosecond = 0
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), isDigit(bytes[index + 1]) {
                        index += 1
                        second = digits().value
                        if index + 1 < bytes.count,
                            bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ","),
                            isDigit(bytes[index + 1])
                        {
                            index += 1
                            let fraction = digits()
                            var scaled = fraction.value
                            var count = fraction.count
                            while count < 9 {
                                scaled *= 10
                                count += 1
                            }
                            while count > 9 {
                                scaled /= 10
                                count -= 1
                            }
                            nanosecond = scaled
                        }
                    }
                    output.append(.time(hour: number.value, minute: minute, second: second, nanosecond: nanosecond))
                    sawTime = true
                    continue
                }
                // ISO 8601 basic form: 20230307T093000
                if number.count == 6, !sawTime, start > 0, bytes[start - 1] | 0x20 == UInt8(ascii: "t") {
                    output.append(
                        .time(
                            hour: number.value / 10000,
                            minute: number.value / 100 % 100,
                            second: number.value % 100,
                            nanosecond: 0
                        )
                    )
                    sawTime = true
                    continue
                }
                if number.count == 8, output.isEmpty {
                    output.append(.number(number.value / 10000, digits: 4))
                    output.append(.number(number.value / 100 % 100, digits: 2))
                    output.append(.number(number.value % 100, digits: 2))
                    continue
                }
                output.append(.number(number.value, digits: number.count))
            } else if isLetter(b) {
                let start = index
                while index < bytes.count, isLetter(bytes[index]) { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
                if word == "gmt" || word == "utc" || word == "ut", index < bytes.count,
                    bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
                {
                    let negative = bytes[index] == UInt8(ascii: "-")
                    index += 1
                    guard let offset = offsetAfterSign(negative: negative) else { return nil }
                    output.append(.offset(seconds: offset))
                } else if word != "t" && word != "th" && word != "st" && word != "nd" && word != "rd" && word != "at" {
                    output.append(.word(word))
                }
            } else if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && sawTime && index + 1 < bytes.count
                && isDigit(bytes[index + 1])
            {
                index += 1
                guard let offset = offsetAfterSign(negative: b == UInt8(ascii: "-")) else { return nil }
                output.append(.offset(seconds: offset))
            } else if b == UInt8(ascii: "(") {
                // A trailing comment such as "(ICT)" or "(Coordinated Universal Time)".
                while index < bytes.count, bytes[index] != UInt8(ascii: ")") { index += 1 }
                index += 1
            } else {
                index += 1
            }
        }
        return output
    }
}

struct DateAssembler {
    let tokens: [DateToken]

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5, "jun": 6,
        "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
        "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    static let weekdays: Set<String> = [
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
        "friday",
        "sat", "saturday", "sun", "sunday",
    ]
    /// Zone abbreviations seen in real feeds, as hours (and half hours) from UTC.
    static let zones: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "bst": 1, "cet": 1, "cest": 2, "met": 1, "mest": 2,
        "west": 1, "eet": 2, "eest": 3, "msk": 3, "ict": 7, "wib": 7, "sgt": 8, "hkt": 8, "pht": 8, "myt": 8,
        "awst": 8, "jst": 9, "kst": 9, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13,
    ]
    static let halfHourZones: [String: Int] = ["ist": 19800, "acst": 34200, "acdt": 37800]

    func assemble() -> FeedDate? {
        var numbers: [(value: Int, digits: Int)] = []
        var month: Int?
        var clock: (hour: Int, minute: Int, second: Int, nanosecond: Int)?
        var offset: Int?
        var meridiem: String?
        for token in tokens {
            switch token {
            case .number(let value, let digits): numbers.append((value, digits))
            case .time(let h, let m, let s, let n): if clock == nil { clock = (h, m, s, n) }
            case .offset(let seconds): offset = seconds
            case .word(let word):
                if let m = Self.months[word] {
                    if month != nil { return nil }
                    month = m
                } else if Self.weekdays.contains(word) {
                    continue
                } else if let hours = Self.zones[word] {
                    if offset == nil { offset = hours * 3600 }
                } else if let seconds = Self.halfHourZones[word] {
                    if offset == nil { offset = seconds }
                } else if word == "am" || word == "pm" || word == "a" || word == "p" {
                    meridiem = word
                } else if word.count == 1 {
                    continue  // military zone letters other than Z: too rare to trust, read as UTC
                } else {
                    return nil
                }
            }
        }
        // A bare Unix timestamp.
        if numbers.count == 1, month == nil, clock == nil, numbers[0].digits >= 9, numbers[0].digits <= 10 {
            guard numbers[0].value <= Self.lastSecond else { return nil }
            return FeedDate(date: Date(timeIntervalSince1970: TimeInterval(numbers[0].value)), utcOffset: 0)
        }
        var year: Int
        var day: Int
        if let month {
            // "07 Mar 2023", "Mar 7, 2023", "Tue Mar  7 09:30:00 2023"
            guard numbers.count == 2 else { return nil }
            if numbers[0].digits == 4 {
                year = numbers[0].value
                day = numbers[1].value
            } else if numbers[1].digits == 4 || numbers[1].value > 31 {
                day = numbers[0].value
                year = numbers[1].value
            } else {
                day = numbers[0].value
                year = numbers[1].value
            }
            if numbers[0].digits != 4 && numbers[1].digits <= 2 { year = Self.expandTwoDigitYear(year) }
            return make(year: year, month: month, day: day, clock: clock, meridiem: meridiem, offset: offset)
        }
        guard numbers.count == 3 else { return nil }
        var numericMonth: Int
        if numbers[0].digits == 4 {
            (year, numericMonth, day) = (numbers[0].value, numbers[1].value, numbers[2].value)
        } else if numbers[2].digits == 4 || numbers[2].digits == 2 {
            // Day first (dd/mm/yyyy), as Vietnamese and European sites write it; month first only when the
            // first number cannot be a month... and the second cannot be one either.
            (day, numericMonth, year) = (numbers[0].value, numbers[1].value, numbers[2].value)
            if numericMonth > 12 && day <= 12 { swap(&day, &numericMonth) }
            if numbers[2].digits == 2 { year = Self.expandTwoDigitYear(year) }
        } else {
            return nil
        }
        return make(year: year, month: numericMonth, day: day, clock: clock, meridiem: meridiem, offset: offset)
    }

    /// The last second of ``FeedDateParser/years``, as a Unix time.
    static let lastSecond = (daysSinceEpoch(year: FeedDateParser.years.upperBound + 1, month: 1, day: 1)) * 86_400 - 1

    static func expandTwoDigitYear(_ year: Int) -> Int { year < 50 ? 2000 + year : 1900 + year }

    func make(
        year: Int,
        month: Int,
        day: Int,
        clock: (hour: Int, minute: Int, second: Int, nanosecond: Int)?,
        meridiem: String?,
        offset: Int?
    ) -> FeedDate? {
        guard FeedDateParser.years.contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        var hour = clock?.hour ?? 0
        let minute = clock?.minute ?? 0
        let second = min(clock?.second ?? 0, 59)  // a leap second reads as :59
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if meridiem.hasPrefix("p"), hour < 12 { hour += 12 }
            if meridiem.hasPrefix("a"), hour == 12 { hour = 0 }
        }
        guard hour <= 24, minute < 60, second < 60, hour < 24 || (minute == 0 && second == 0) else { return nil }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let wholeSeconds: Int = days * 86400 + hour * 3600 + minute * 60 + second - (offset ?? 0)
        var seconds = Double(wholeSeconds)
        seconds += Double(clock?.nanosecond ?? 0) / 1_000_000_000
        return FeedDate(date: Date(timeIntervalSince1970: seconds), utcOffset: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth: Int = month > 2 ? month - 3 : month + 9
        let dayOfYear: Int = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra: Int = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }
}
