import ClickstreamGenerator
import Foundation

/// Why a `time_mode` string could not be read.
struct TimeModeError: Error, Sendable {
    var message: String
}

/// Reads the `time_mode` strings of configs and `stream.start`:
/// `realtime`, `accelerated:<factor>`, `backfill:<from>/<to>` (ISO-8601 dates or date-times).
enum TimeModeParser {
    static func parse(_ text: String) -> Result<TimeMode, TimeModeError> {
        let usage = "expected \"realtime\", \"accelerated:<factor>\" or \"backfill:<from>/<to>\" (ISO-8601 dates)"
        if text == "realtime" { return .success(.realtime) }
        if text.hasPrefix("accelerated:") {
            guard let factor = Double(text.dropFirst("accelerated:".count)), factor.isFinite, factor > 0, factor <= 1_000_000 else {
                return .failure(TimeModeError(message: "accelerated factor must be a number between 0 and 1000000, got \"\(text)\""))
            }
            return .success(.accelerated(factor: factor))
        }
        if text.hasPrefix("backfill:") {
            let range = text.dropFirst("backfill:".count).split(separator: "/", maxSplits: 1).map(String.init)
            guard range.count == 2, let from = millis(range[0]), let to = millis(range[1]) else {
                return .failure(TimeModeError(message: "backfill range must be <from>/<to> ISO-8601 dates, got \"\(text)\""))
            }
            guard from < to else { return .failure(TimeModeError(message: "backfill range must start before it ends, got \"\(text)\"")) }
            return .success(.backfill(fromMillis: from, toMillis: to))
        }
        return .failure(TimeModeError(message: "\(usage), got \"\(text)\""))
    }

    private static func millis(_ text: String) -> Int64? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        if let date = dateOnly.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        return nil
    }
}
