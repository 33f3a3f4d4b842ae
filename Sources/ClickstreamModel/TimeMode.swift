/// How event time relates to wall time.
///
/// Written everywhere as one string (config, `stream.start`, clickctl, the state file):
/// `realtime`, `accelerated:<factor>`, `backfill:<from>/<to>` with ISO-8601 dates or UTC
/// date-times, `backfill-then-live:<from>` with a date-time or a span before the start (`7d`).
/// Parsed here, once, without Foundation (this module sits on the hot path).
public enum TimeMode: Sendable, Equatable, Hashable {
    /// Timestamps follow the wall clock.
    case realtime
    /// Event time runs `factor` times faster than wall time, from the start.
    case accelerated(factor: Double)
    /// A fixed date range, generated as fast as the sink takes it.
    case backfill(fromMillis: Int64, toMillis: Int64)
    /// History from `from`, generated as fast as the sink takes it, then real time with the
    /// same simulation: event time never passes the wall clock (docs/streams.md).
    case backfillThenLive(from: HistoryStart)

    /// The largest `accelerated` factor.
    public static let maxFactor = 1_000_000.0
}

/// Where the history of a `backfillThenLive` stream begins.
public enum HistoryStart: Sendable, Equatable, Hashable {
    /// A fixed moment (`backfill-then-live:2025-03-01`).
    case at(millis: Int64)
    /// A span before the stream starts (`backfill-then-live:7d`, also `h` and `m`).
    case before(millis: Int64)

    /// The event time of the first record of a stream started at `startMillis`.
    public func resolved(startMillis: Int64) -> Int64 {
        switch self {
        case .at(let millis): millis
        case .before(let span): startMillis - span
        }
    }

    /// The longest span: ten years.
    public static let maxSpanMillis: Int64 = 3650 * 86_400_000

    static let units: [(suffix: UInt8, millis: Int64)] = [(100, 86_400_000), (104, 3_600_000), (109, 60_000)]

    /// Reads `<n>d`, `<n>h`, `<n>m` (n a positive integer) or an ISO-8601 date or date-time.
    static func parse(_ text: Substring) -> HistoryStart? {
        if let millis = ISODate.millis(text) { return .at(millis: millis) }
        guard let last = text.utf8.last, let unit = units.first(where: { $0.suffix == last }),
            let n = Int64(text.dropLast()), n > 0, n <= maxSpanMillis / unit.millis
        else { return nil }
        return .before(millis: n * unit.millis)
    }

    var text: String {
        switch self {
        case .at(let millis): return ISODate.string(millis)
        case .before(let span):
            let unit = Self.units.first { span % $0.millis == 0 }
            guard let unit else { return "\(span / 60_000)m" }
            return "\(span / unit.millis)" + String(UnicodeScalar(unit.suffix))
        }
    }
}

/// Why a time mode string could not be read; `message` says what was expected.
public struct TimeModeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension TimeMode: CanonicalString {
    /// Reads `realtime`, `accelerated:<factor>`, `backfill:<from>/<to>` or `backfill-then-live:<from>`.
    public static func parse(_ text: String) -> Result<TimeMode, TimeModeError> {
        if text == "realtime" { return .success(.realtime) }
        if text.hasPrefix("accelerated:") {
            guard let factor = Double(text.dropFirst("accelerated:".count)), factor.isFinite, factor > 0,
                factor <= maxFactor
            else {
                return .failure(
                    TimeModeError(message: "accelerated factor must be a number between 0 and 1000000, got \"\(text)\"")
                )
            }
            return .success(.accelerated(factor: factor))
        }
        if text.hasPrefix("backfill:") {
            let range = text.dropFirst("backfill:".count).split(separator: "/", maxSplits: 1)
            guard range.count == 2, let from = ISODate.millis(range[0]), let to = ISODate.millis(range[1]) else {
                return .failure(
                    TimeModeError(message: "backfill range must be <from>/<to> ISO-8601 dates, got \"\(text)\""))
            }
            guard from < to else {
                return .failure(TimeModeError(message: "backfill range must start before it ends, got \"\(text)\""))
            }
            return .success(.backfill(fromMillis: from, toMillis: to))
        }
        if text.hasPrefix("backfill-then-live:") {
            guard let from = HistoryStart.parse(text.dropFirst("backfill-then-live:".count)) else {
                return .failure(
                    TimeModeError(
                        message:
                            "backfill-then-live start must be an ISO-8601 date or date-time, or a span before the start such as 7d, 12h or 30m (at most 3650d), got \"\(text)\""
                    ))
            }
            return .success(.backfillThenLive(from: from))
        }
        return .failure(
            TimeModeError(
                message:
                    "expected \"realtime\", \"accelerated:<factor>\", \"backfill:<from>/<to>\" (ISO-8601 dates) or \"backfill-then-live:<from>\" (a date or a span such as 7d), got \"\(text)\""
            ))
    }

    /// The canonical string, which `parse` reads back to the same value.
    public var description: String {
        switch self {
        case .realtime: "realtime"
        case .accelerated(let factor):
            "accelerated:" + (factor.rounded() == factor && factor < 1e15 ? String(Int64(factor)) : String(factor))
        case .backfill(let from, let to): "backfill:\(ISODate.string(from))/\(ISODate.string(to))"
        case .backfillThenLive(let from): "backfill-then-live:" + from.text
        }
    }

}

/// The ISO-8601 subset time modes use: `2024-01-31`, `2024-01-31T12:00:00Z`, with optional
/// fractional seconds and a `±hh:mm` offset instead of `Z`.
enum ISODate {
    static func millis(_ text: Substring) -> Int64? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ width: Int) -> Int64? {
            guard at + width <= b.count else { return nil }
            var value: Int64 = 0
            for byte in b[at..<(at + width)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            return value
        }
        func byte(_ at: Int, _ char: Character) -> Bool { at < b.count && b[at] == char.asciiValue! }
        guard let year = number(0, 4), byte(4, "-"), let month = number(5, 2), byte(7, "-"), let day = number(8, 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let date = CivilTime.millis(year: year, month: month, day: day)
        if b.count == 10 { return date }
        guard byte(10, "T") || byte(10, " "), let hour = number(11, 2), byte(13, ":"), let minute = number(14, 2),
            byte(16, ":"), let second = number(17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var at = 19
        var fraction: Int64 = 0
        if byte(at, ".") {
            at += 1
            var digits = 0
            while at < b.count, b[at] >= 48, b[at] <= 57 {
                if digits < 3 { fraction = fraction * 10 + Int64(b[at] - 48) }
                digits += 1
                at += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { fraction *= 10 } }
        }
        let local = date + ((hour * 60 + minute) * 60 + second) * 1000 + fraction
        if byte(at, "Z"), at + 1 == b.count { return local }
        guard byte(at, "+") || byte(at, "-"), let offsetHours = number(at + 1, 2), byte(at + 3, ":"),
            let offsetMinutes = number(at + 4, 2), at + 6 == b.count, offsetHours < 24, offsetMinutes < 60
        else { return nil }
        let offset = (offsetHours * 60 + offsetMinutes) * 60_000
        return byte(at, "+") ? local - offset : local + offset
    }

    /// `2024-01-31T12:00:00Z` (with `.sss` when the milliseconds are not zero).
    static func string(_ millis: Int64) -> String {
        let days = CivilTime.floorDiv(millis, 86_400_000)
        let (year, month, day) = CivilTime.civil(fromDays: days)
        let ofDay = millis - days * 86_400_000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text =
            "\(year)-\(two(month))-\(two(day))T\(two(ofDay / 3_600_000)):\(two(ofDay / 60_000 % 60)):\(two(ofDay / 1000 % 60))"
        let ms = ofDay % 1000
        if ms != 0 { text += "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + "\(ms)" }
        return text + "Z"
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
