import ClickstreamTestSupport
import Foundation
import Testing

/// Schedules and `stream.update` measured on a real (debug) daemon with the file sink: the
/// stream's own `uptime_seconds` is the time axis (read in the same instant as its counts),
/// so each second's count is compared with the integral of the target over that second.
/// Users (cheap to generate) with batch_size 5, so a batch is under 0.5 % of a second's
/// records; ±2 % per second after the first.
@Suite("Rate schedules and stream.update", .serialized)
struct StreamScheduleTests {
    static let config = "[sinks]\ndefault = \"file\"\n"

    struct Sample {
        var uptime: Double
        var generated: Int
        var delivered: Int
        var state: String
        var targetRate: Double
    }

    static func sample(_ daemon: DaemonProcess, _ id: String) throws -> Sample {
        let stream = try daemon.streamStatus(id)
        return Sample(
            uptime: try #require(stream["uptime_seconds"] as? Double),
            generated: try #require(stream["generated"] as? Int), delivered: try #require(stream["delivered"] as? Int),
            state: try #require(stream["state"] as? String), targetRate: try #require(stream["target_rate"] as? Double))
    }

    /// One sample a second for `seconds`, starting at the next whole second of the stream's run.
    static func perSecond(_ daemon: DaemonProcess, _ id: String, seconds: Int) throws -> [Sample] {
        var samples: [Sample] = []
        for _ in 0...seconds {
            samples.append(try sample(daemon, id))
            Thread.sleep(forTimeInterval: 1)
        }
        return samples
    }

    /// Checks each second's count against `expected(from, to)`; returns the lines of a table.
    @discardableResult
    static func check(_ samples: [Sample], expected: (Double, Double) -> Double, tolerance: Double = 0.02) -> [String] {
        var lines: [String] = []
        for (a, b) in zip(samples, samples.dropFirst()) {
            let want = expected(a.uptime, b.uptime)
            let got = Double(b.generated - a.generated)
            let error = (got - want) / want
            lines.append(
                String(
                    format: "t=%.2f..%.2f target %.0f got %.0f (%+.2f %%)", a.uptime, b.uptime, want, got, error * 100))
            #expect(abs(error) <= tolerance, "\(lines.last!)")
        }
        return lines
    }

    @Test("a ramp and steps: each second's records match the schedule ±2 %")
    func scheduleIsFollowed() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: Self.config, logLevel: "warning"))
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(
            #"{"data_type":"users","schedule":"ramp:1000..4000/4s","batch_size":5,"duration":30}"#)
        Thread.sleep(forTimeInterval: 1)  // past the first second
        // ∫ (1000 + 750 t) dt up to 4 s, then 4000/s.
        func due(_ t: Double) -> Double {
            t <= 4 ? 1000 * t + 375 * t * t : 10_000 + 4000 * (t - 4)
        }
        let samples = try Self.perSecond(daemon, id, seconds: 5)
        Self.check(samples) { due($1) - due($0) }
        let last = try #require(samples.last)
        #expect(last.state == "running" && last.targetRate == 4000, "target \(last.targetRate)")
        // stream.status says which schedule and time mode the stream follows.
        let shown = try daemon.streamStatus(id)
        #expect(shown["schedule"] as? String == "ramp:1000..4000/4s", "\(shown)")
        #expect(shown["time_mode"] as? String == "realtime", "\(shown)")

        let stepped = try daemon.startStream(
            #"{"data_type":"users","schedule":"steps:3000/2s,1500/2s","batch_size":5,"duration":30}"#)
        Thread.sleep(forTimeInterval: 0.5)
        func stepsDue(_ t: Double) -> Double { t <= 2 ? 3000 * t : 6000 + 1500 * (t - 2) }
        Self.check(try Self.perSecond(daemon, stepped, seconds: 4)) { stepsDue($1) - stepsDue($0) }
        // The file sink delivered what was generated (nothing lost).
        let final = try Self.sample(daemon, id)
        #expect(final.generated - final.delivered <= 5, "generated \(final.generated), delivered \(final.delivered)")
    }

    @Test("stream.update: the new rate holds ±2 % within 2 s; no gap, no restart; a restart keeps it")
    func updateHoldsWithoutGap() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: Self.config, logLevel: "warning"))
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(#"{"data_type":"users","rate":1000,"batch_size":5}"#)
        Thread.sleep(forTimeInterval: 1.2)
        var around: [Sample] = []
        for _ in 0..<5 {
            around.append(try Self.sample(daemon, id))
            Thread.sleep(forTimeInterval: 0.1)
        }
        let updated = try #require(
            daemon.result("stream.update", params: #"{"stream_id":"\#(id)","rate":3000}"#) as? [String: Any])
        #expect(updated["stream_id"] as? String == id && updated["rate"] as? Double == 3000)
        #expect(updated["previous_rate"] as? Double == 1000 && updated["schedule"] as? String == "constant")
        for _ in 0..<10 {
            around.append(try Self.sample(daemon, id))
            Thread.sleep(forTimeInterval: 0.1)
        }
        // No gap: every tenth of a second made records, before and after; the same run goes on.
        for (a, b) in zip(around, around.dropFirst()) {
            #expect(b.generated > a.generated && b.uptime > a.uptime && b.state == "running", "\(a) → \(b)")
        }
        // Within 2 s of the update, each second holds 3000/s.
        let updateUptime = around[4].uptime
        Thread.sleep(forTimeInterval: max(0, updateUptime + 1 - (try Self.sample(daemon, id)).uptime))
        Self.check(try Self.perSecond(daemon, id, seconds: 2)) { 3000 * ($1 - $0) }

        // Saved: the stream resumes at its new rate after a restart.
        try daemon.restart()
        let resumed = try Self.sample(daemon, id)
        #expect(resumed.state == "running" && resumed.targetRate == 3000, "\(resumed)")
    }

    @Test("bad updates and schedules are refused with the field named; the stream keeps running")
    func badInput() throws {
        let daemon = try DaemonProcess.start(
            .init(extraTOML: Self.config + "[limits]\nmax_rate = 10000\n", logLevel: "warning"))
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(#"{"data_type":"users","rate":100}"#)
        func error(_ method: String, _ params: String) throws -> (code: Int, message: String, field: String?) {
            let response = try daemon.request(method, params: params)
            let error = try #require(response["error"] as? [String: Any], "\(response)")
            return (
                try #require(error["code"] as? Int), try #require(error["message"] as? String),
                (error["data"] as? [String: Any])?["field"] as? String
            )
        }
        let unknown = try error("stream.update", #"{"stream_id":"nope","rate":5}"#)
        #expect(unknown.code == -32004 && unknown.message.contains("nope"))
        let nothing = try error("stream.update", #"{"stream_id":"\#(id)"}"#)
        #expect(nothing.code == -32602 && nothing.field == "rate", "\(nothing)")
        let schedule = try error("stream.update", #"{"stream_id":"\#(id)","schedule":"ramp:5..x/1s"}"#)
        #expect(
            schedule.field == "schedule" && schedule.message.contains("ramp:<from>..<to>/<duration>"), "\(schedule)")
        let capped = try error("stream.update", #"{"stream_id":"\#(id)","schedule":"ramp:1..20000/1s"}"#)
        #expect(capped.code == -32005 && capped.field == "schedule" && capped.message.contains("limits.max_rate"))
        let rate = try error("stream.update", #"{"stream_id":"\#(id)","rate":-1}"#)
        #expect(rate.field == "rate", "\(rate)")
        let field = try error("stream.update", #"{"stream_id":"\#(id)","rates":5}"#)
        #expect(field.field == "rates", "\(field)")
        let noBase = try error("stream.start", #"{"rate":0,"schedule":"spike:x5/10s"}"#)
        #expect(noBase.field == "schedule" && noBase.message.contains("rate > 0"), "\(noBase)")
        let badStart = try error("stream.start", #"{"schedule":"sometimes"}"#)
        #expect(badStart.field == "schedule" && badStart.message.contains("daily"), "\(badStart)")

        _ = try daemon.result("stream.stop", params: #"{"stream_id":"\#(id)"}"#)
        let stopped = try error("stream.update", #"{"stream_id":"\#(id)","rate":5}"#)
        #expect(stopped.code == -32008 && stopped.message.contains("stopped"), "\(stopped)")
        #expect(daemon.isRunning)
    }
}
