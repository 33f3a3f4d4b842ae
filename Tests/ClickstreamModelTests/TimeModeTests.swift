import ClickstreamModel
import Foundation
import Testing

@Suite("Time mode")
struct TimeModeTests {
    @Test("the three forms parse; the canonical string reads back to the same value")
    func parseAndPrint() throws {
        #expect(TimeMode("realtime") == .realtime)
        #expect(TimeMode("accelerated:60") == .accelerated(factor: 60))
        #expect(TimeMode("accelerated:1.5")?.description == "accelerated:1.5")
        let day = try #require(TimeMode("backfill:2024-01-01/2024-01-02"))
        guard case .backfill(let from, let to) = day else {
            Issue.record("not a backfill")
            return
        }
        #expect(to - from == 86_400_000)
        #expect(from == 1_704_067_200_000)
        #expect(day.description == "backfill:2024-01-01T00:00:00Z/2024-01-02T00:00:00Z")
        for mode in [
            TimeMode.realtime, .accelerated(factor: 3600), day, .backfill(fromMillis: 1_500, toMillis: 951_782_400_123),
        ] {
            #expect(TimeMode(mode.description) == mode, "\(mode)")
        }
    }

    @Test("date-times agree with Foundation's ISO-8601 reading, offsets and fractions included")
    func dateTimes() throws {
        let formatter = ISO8601DateFormatter()
        for text in ["2024-02-29T23:59:59Z", "1999-12-31T22:00:00+02:00", "2030-06-01T00:30:00-05:30"] {
            let mode = try #require(TimeMode("backfill:\(text)/2100-01-01"), "\(text)")
            guard case .backfill(let from, _) = mode else {
                Issue.record("not a backfill")
                continue
            }
            let expected = try #require(formatter.date(from: text))
            #expect(from == Int64(expected.timeIntervalSince1970 * 1000), "\(text)")
        }
        guard case .backfill(let from, _)? = TimeMode("backfill:2024-01-01T00:00:00.25Z/2024-01-02") else {
            Issue.record("fraction not read")
            return
        }
        #expect(from % 1000 == 250)
    }

    @Test("bad strings say what was expected")
    func errors() {
        for bad in [
            "sometimes", "accelerated:0", "accelerated:fast", "backfill:2024-01-02/2024-01-01",
            "backfill:2024-02-30/2024-03-01",
            "backfill:2024-01-01", "backfill:2024-01-01T25:00:00Z/2024-01-02",
            "backfill:2024-01-01T10:00:00/2024-01-02",
        ] {
            guard case .failure(let error) = TimeMode.parse(bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(error.message.contains(bad), "\(error)")
        }
        #expect(TimeMode.parse("nope").failureMessage?.contains("realtime") == true)
    }

    @Test("backfill-then-live takes a date-time or a span before the start; the canonical string reads back")
    func backfillThenLive() throws {
        #expect(TimeMode("backfill-then-live:7d") == .backfillThenLive(from: .before(millis: 7 * 86_400_000)))
        #expect(TimeMode("backfill-then-live:36h") == .backfillThenLive(from: .before(millis: 36 * 3_600_000)))
        #expect(TimeMode("backfill-then-live:30m") == .backfillThenLive(from: .before(millis: 1_800_000)))
        #expect(TimeMode("backfill-then-live:48h")?.description == "backfill-then-live:2d")
        #expect(TimeMode("backfill-then-live:90m")?.description == "backfill-then-live:90m")
        let dated = try #require(TimeMode("backfill-then-live:2024-01-01"))
        #expect(dated == .backfillThenLive(from: .at(millis: 1_704_067_200_000)))
        #expect(dated.description == "backfill-then-live:2024-01-01T00:00:00Z")
        for mode in [
            dated, .backfillThenLive(from: .before(millis: 7 * 86_400_000)),
            .backfillThenLive(from: .before(millis: 61 * 60_000)), .backfillThenLive(from: .at(millis: 1_500)),
        ] {
            #expect(TimeMode(mode.description) == mode, "\(mode)")
        }
        // The span counts back from the stream's start; a date is where it is.
        #expect(HistoryStart.before(millis: 86_400_000).resolved(startMillis: 100_000_000) == 13_600_000)
        #expect(HistoryStart.at(millis: 5).resolved(startMillis: 100_000_000) == 5)
        for bad in [
            "backfill-then-live:", "backfill-then-live:7", "backfill-then-live:0d", "backfill-then-live:-2d",
            "backfill-then-live:7w", "backfill-then-live:3651d", "backfill-then-live:2024-13-01",
            "backfill-then-live:2024-01-01/2024-01-02",
        ] {
            let message = TimeMode.parse(bad).failureMessage
            #expect(message?.contains(bad) == true, "\(bad)")
            #expect(message?.contains("7d") == true, "\(bad)")
        }
        #expect(TimeMode.parse("backfill-then").failureMessage?.contains("backfill-then-live:<from>") == true)
    }

    @Test("Codable as its string; a bad one is a decoding error with the reason")
    func codable() throws {
        let data = try JSONEncoder().encode([TimeMode.accelerated(factor: 60)])
        #expect(String(decoding: data, as: UTF8.self) == #"["accelerated:60"]"#)
        #expect(try JSONDecoder().decode([TimeMode].self, from: data) == [.accelerated(factor: 60)])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([TimeMode].self, from: Data(#"["hourly"]"#.utf8))
        }
    }
}

extension Result where Failure == TimeModeError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
