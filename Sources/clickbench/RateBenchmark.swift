import ArgumentParser
import ClickstreamTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `clickbench rate`: how well a real clickstreamd holds a stream's target rate.
///
/// Starts the clickstreamd built next to this binary (or `--daemon`) with a temporary config,
/// then for each rate starts one stream over the JSON-RPC socket, skips a warm-up second and
/// reads the stream's counter every second for `--seconds`: `generated` to stdout (→
/// /dev/null, so the disk is not what is measured), `delivered` to Kafka (acknowledged by a
/// Tansu broker started for the run, or `--bootstrap`). Reports the achieved rate over the
/// whole window (the ±2 % criterion), the worst one-second deviation, and whether the daemon
/// itself said the stream was behind.
struct RateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Measure stream rate accuracy of a real clickstreamd (release build).")

    @Option(help: "Comma-separated target rates, events/s.")
    var rates: String = "100,10000,200000"

    @Option(help: "Measured window per rate, seconds.")
    var seconds: Int = 10

    @Option(help: "Data type of the measured streams.")
    var dataType: String = "interactions"

    @Option(help: "stdout (records to /dev/null, counts generated) or kafka (counts delivered).")
    var sink: String = "stdout"

    @Option(help: "Kafka broker for --sink kafka (default: a Tansu started for the run).")
    var bootstrap: String?

    @Option(help: "The tansu binary (default .venv/bin/tansu).") var tansu = ".venv/bin/tansu"

    @Option(help: "The clickstreamd executable (default: next to clickbench).")
    var daemon: String?

    mutating func run() throws {
        guard sink == "stdout" || sink == "kafka" else { throw ValidationError("--sink must be stdout or kafka") }
        let targets = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let counter = sink == "kafka" ? "delivered" : "generated"
        // To stdout, one daemon for the whole run; to Kafka, a fresh daemon and broker per rate:
        // an in-memory Tansu holds every record it took and slows as it grows (2 GB after ~3M).
        func withKafkaDaemon<R>(_ body: (BenchDaemon) throws -> R) throws -> R {
            var broker: TansuBroker?
            defer { broker?.stop() }
            let servers: String
            if let bootstrap {
                servers = bootstrap
            } else {
                broker = try TansuBroker.start(binary: tansu, environment: ProcessInfo.processInfo.environment)
                servers = broker!.bootstrapServers
            }
            let extra = "[sinks]\ndefault = \"kafka\"\n[kafka]\nbootstrap_servers = \"\(servers)\"\n"
            let daemon = try BenchDaemon(binary: BenchDaemon.binary(self.daemon), extra: extra)
            defer { daemon.stop() }
            return try body(daemon)
        }

        print(
            "rate accuracy: \(dataType), \(seconds) s window after 1 s warm-up, sink \(sink == "kafka" ? "kafka (counting delivered)" : "stdout → /dev/null (counting generated)")"
        )
        print(
            "target/s".padding(toLength: 12, withPad: " ", startingAt: 0)
                + "achieved/s".padding(toLength: 14, withPad: " ", startingAt: 0)
                + "error".padding(toLength: 10, withPad: " ", startingAt: 0)
                + "worst 1 s".padding(toLength: 12, withPad: " ", startingAt: 0)
                + "±2 %".padding(toLength: 8, withPad: " ", startingAt: 0) + "daemon says")
        func measure(_ target: Double, on daemon: BenchDaemon) throws -> Bool {
            let id = try daemon.startStream(
                #"{"data_type":"\#(dataType)","rate":\#(target),"sink":"\#(sink)","name":"rate-\#(Int(target))"}"#)
            Thread.sleep(forTimeInterval: 1)
            var samples: [(at: Double, count: Int)] = []
            var behind: Set<String> = []
            try daemon.sampleEverySecond(stream: id, seconds: seconds) { stream, elapsed in
                guard let count = stream[counter] as? Int else { throw BenchDaemon.missing(id) }
                samples.append((elapsed, count))
                if let pace = stream["pace"] as? [String: Any], pace["state"] as? String == "behind" {
                    behind.insert(pace["reason"] as? String ?? "behind")
                }
            }
            _ = try daemon.call("stream.stop", #"{"stream_id":"\#(id)"}"#)
            let achieved = Double(samples.last!.count - samples.first!.count) / (samples.last!.at - samples.first!.at)
            let error = (achieved - target) / target
            var worst = 0.0
            for (a, b) in zip(samples, samples.dropFirst()) {
                let rate = Double(b.count - a.count) / (b.at - a.at)
                worst = max(worst, abs(rate - target) / target)
            }
            let ok = abs(error) <= 0.02
            print(
                String(Int(target)).padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(format: "%.1f", achieved).padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "%+.2f%%", error * 100).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(format: "%.2f%%", worst * 100).padding(toLength: 12, withPad: " ", startingAt: 0)
                    + (ok ? "ok" : "MISSED").padding(toLength: 8, withPad: " ", startingAt: 0)
                    + (behind.isEmpty ? "on target" : "behind: " + behind.sorted().joined(separator: ", ")))
            return ok
        }
        var failures = 0
        let shared: BenchDaemon? =
            sink == "kafka"
            ? nil
            : try BenchDaemon(
                binary: BenchDaemon.binary(self.daemon),
                extra: "[sinks]\ndefault = \"stdout\"\n")
        defer { shared?.stop() }
        for target in targets {
            let ok = try shared.map { try measure(target, on: $0) } ?? withKafkaDaemon { try measure(target, on: $0) }
            if !ok { failures += 1 }
        }

        if failures > 0 { throw ExitCode(1) }
    }
}
