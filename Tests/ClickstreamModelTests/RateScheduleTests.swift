import ClickstreamModel
import Foundation
import Testing

@Suite("Rate schedule")
struct RateScheduleTests {
    @Test("every form parses; the canonical string reads back to the same value")
    func parseAndPrint() throws {
        #expect(RateSchedule("constant") == .constant)
        #expect(RateSchedule("daily") == .daily)
        #expect(RateSchedule("ramp:1000..50000/60s") == .ramp(from: 1000, to: 50_000, seconds: 60))
        #expect(RateSchedule("ramp:1k..50k/1m") == .ramp(from: 1000, to: 50_000, seconds: 60))
        #expect(RateSchedule("ramp:2M..0/1h") == .ramp(from: 2_000_000, to: 0, seconds: 3600))
        #expect(
            RateSchedule("steps:1000/30s,5000/30")
                == .steps([.init(rate: 1000, seconds: 30), .init(rate: 5000, seconds: 30)]))
        #expect(RateSchedule("spike:x5@60s/30s") == .spike(factor: 5, atSeconds: 60, seconds: 30))
        #expect(RateSchedule("spike:x0.5/10m") == .spike(factor: 0.5, atSeconds: 0, seconds: 600))
        for text in [
            "constant", "daily", "ramp:1000..50000/60s", "steps:1000/30s,5000/1.5s", "spike:x5@60s/30s",
            "spike:x2.5/10s",
        ] {
            #expect(RateSchedule(text)?.description == text, "\(text)")
        }
        let data = try JSONEncoder().encode(["s": RateSchedule.ramp(from: 1, to: 2, seconds: 3)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"s":"ramp:1..2\/3s"}"#)
    }

    @Test("a bad schedule says what was expected and what it got")
    func errors() {
        let cases: [(String, String)] = [
            ("sometimes", "expected \"constant\""),
            ("ramp:1000/60s", "ramp:<from>..<to>/<duration>"),
            ("ramp:1000..x/60s", "ramp:<from>..<to>/<duration>"),
            ("ramp:-1..5/60s", "rates ≥ 0"),
            ("ramp:1..5/0s", "duration > 0"),
            ("steps:", "steps:<rate>/<duration>"),
            ("steps:1000/30s,5000", "\"5000\" is not one"),
            ("spike:5@60s/30s", "spike:x<factor>"),
            ("spike:x0/30s", "factor > 0"),
            ("spike:x5@-1s/30s", "start (after @)"),
            ("ramp:1..2/999999999h", "duration > 0"),
        ]
        for (text, expected) in cases {
            guard case .failure(let error) = RateSchedule.parse(text) else {
                Issue.record("\(text) parsed")
                continue
            }
            #expect(error.message.contains(expected) && error.message.contains("got \"\(text)\""), "\(error.message)")
        }
    }

    @Test("a steps schedule has at most 100 steps; the error quotes at most 200 characters of it")
    func stepsAreBounded() throws {
        let allowed = "steps:" + Array(repeating: "1000/1s", count: RateSchedule.maxSteps).joined(separator: ",")
        #expect(throws: Never.self) { try RateSchedule.parse(allowed).get() }
        let tooMany = "steps:" + Array(repeating: "1000/1s", count: 20_000).joined(separator: ",")
        guard case .failure(let error) = RateSchedule.parse(tooMany) else {
            Issue.record("20,000 steps parsed")
            return
        }
        #expect(error.message.contains("at most 100 steps, got 20000"), "\(error.message.prefix(200))")
        #expect(error.message.count < 400)
    }

    @Test("the peak checked against max_rate")
    func peaks() {
        #expect(RateSchedule.ramp(from: 10, to: 5, seconds: 1).peakRate(base: 100) == 10)
        #expect(RateSchedule.spike(factor: 5, atSeconds: 0, seconds: 1).peakRate(base: 100) == 500)
        #expect(RateSchedule.spike(factor: 0.5, atSeconds: 0, seconds: 1).peakRate(base: 100) == 100)
        #expect(RateSchedule.daily.peakRate(base: 100) == nil)
    }
}
