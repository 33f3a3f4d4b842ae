import ArgumentParser
import ClickstreamDaemon
import ClickstreamModel
import ClickstreamTestSupport
import Foundation

/// `clickbench schedule`: how closely a real clickstreamd follows a rate schedule, second by
/// second.
///
/// Starts the clickstreamd built next to this binary (or `--daemon`) on a temporary config,
/// starts one stream with `--schedule` over the JSON-RPC socket (as `clickctl stream start
/// --schedule` does), and reads the stream's `uptime_seconds` and `delivered` once a second.
/// The stream's own uptime is the time axis, so each row compares what was delivered in that
/// second of the stream's run with the integral of the schedule over the same second; the
/// records generated in it are shown beside (the pacer's side, before the sink).
struct ScheduleBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Measure how a real clickstreamd follows a rate schedule, per second.")

    @Option(help: "The schedule (docs/streams.md).")
    var schedule: String = "ramp:1000..50000/60s"

    @Option(help: "The stream's rate: the base of spike and daily.")
    var rate: Double = 1000

    @Option(help: "Seconds to measure (default: the schedule's length + 5).")
    var seconds: Int?

    @Option(help: "Data type of the stream.")
    var dataType: String = "interactions"

    @Option(help: "file (records to NDJSON files in a temporary directory) or stdout (to /dev/null).")
    var sink: String = "file"

    @Option(help: "The clickstreamd executable (default: next to clickbench).")
    var daemon: String?

    mutating func run() throws {
        guard sink == "file" || sink == "stdout" else { throw ValidationError("--sink must be file or stdout") }
        let parsed: RateSchedule
        switch RateSchedule.parse(schedule) {
        case .success(let value): parsed = value
        case .failure(let error): throw ValidationError("--schedule: \(error.message)")
        }
        let window = seconds ?? Int(Self.length(of: parsed).rounded(.up)) + 5
        let bench = try BenchDaemon(binary: BenchDaemon.binary(daemon), extra: "[sinks]\ndefault = \"\(sink)\"\n")
        defer { bench.stop() }
        let id = try bench.startStream(
            #"{"data_type":"\#(dataType)","rate":\#(rate),"schedule":"\#(parsed)","sink":"\#(sink)","name":"schedule"}"#
        )
        print(
            "schedule \(parsed) (rate \(Int(rate))), \(dataType) to \(sink), counting delivered per second of the stream's run"
        )
        print("second   target/s   achieved/s   error     ±2 %      generated/s")
        var previous: (uptime: Double, delivered: Int, generated: Int)?
        var misses = 0
        try bench.sampleEverySecond(stream: id, seconds: window) { stream, _ in
            guard let uptime = stream["uptime_seconds"] as? Double, let delivered = stream["delivered"] as? Int,
                let generated = stream["generated"] as? Int
            else { throw BenchDaemon.missing(id) }
            defer { previous = (uptime, delivered, generated) }
            guard let previous else { return }
            let span = uptime - previous.uptime
            let target = ScheduleTarget.records(parsed, base: rate, from: previous.uptime, to: uptime) / span
            let achieved = Double(delivered - previous.delivered) / span
            let error = (achieved - target) / target
            // The first second includes start-up (and the sink's first flush).
            let judged = previous.uptime >= 1
            if judged && abs(error) > 0.02 { misses += 1 }
            print(
                String(format: "%6.1f   %8.0f   %10.0f   %+6.2f%%   ", uptime, target, achieved, error * 100)
                    + (judged ? (abs(error) <= 0.02 ? "ok    " : "MISSED") : "(start)")
                    + String(format: "   %8.0f", Double(generated - previous.generated) / span))
        }
        print(misses == 0 ? "every second after the first within ±2 %" : "\(misses) second(s) outside ±2 %")
        if misses > 0 { throw ExitCode(1) }
    }

    /// When the schedule stops changing (0 for constant and daily).
    static func length(of schedule: RateSchedule) -> Double {
        switch schedule {
        case .constant, .daily: 0
        case .ramp(_, _, let seconds): seconds
        case .steps(let steps): steps.reduce(0) { $0 + $1.seconds }
        case .spike(_, let at, let seconds): at + seconds
        }
    }
}
