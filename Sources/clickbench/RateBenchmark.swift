import ArgumentParser
import ClickstreamTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `clickbench rate`: how well a real clickstreamd holds a stream's target rate.
///
/// Starts the clickstreamd built next to this binary (or `--daemon`) with a temporary config,
/// records to stdout (→ /dev/null, so the disk is not what is measured), then for each rate
/// starts one stream over the JSON-RPC socket, skips a warm-up second and reads the stream's
/// `generated` counter every second for `--seconds`. Reports the achieved rate over the
/// whole window (the ±2 % criterion) and the worst one-second deviation.
struct RateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Measure stream rate accuracy of a real clickstreamd (release build).")

    @Option(help: "Comma-separated target rates, events/s.")
    var rates: String = "100,10000,200000"

    @Option(help: "Measured window per rate, seconds.")
    var seconds: Int = 10

    @Option(help: "Data type of the measured streams.")
    var dataType: String = "interactions"

    @Option(help: "The clickstreamd executable (default: next to clickbench).")
    var daemon: String?

    mutating func run() throws {
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("clickstreamd").path
        let targets = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let directory = "/tmp/csbench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = """
            [daemon]
            socket_path = "\(directory)/d.sock"
            state_dir = "\(directory)/state"
            log_level = "warning"
            [http]
            enabled = false
            [sinks]
            default = "stdout"
            [limits]
            max_rate = 10000000
            """
        try config.write(toFile: "\(directory)/d.toml", atomically: true, encoding: .utf8)
        // Records go to stdout → /dev/null; only the log lines are kept.
        let process = try ChildProcess(executable: binary, arguments: ["--config", "\(directory)/d.toml"],
                                       environment: ProcessInfo.processInfo.environment, discardOutput: true)
        defer { process.stop() }
        var client: UnixSocketClient?
        do {
            try Network.waitUntil(timeout: 10, "clickstreamd's socket") {
                client = try? UnixSocketClient(path: "\(directory)/d.sock")
                return client != nil
            }
        } catch {
            throw ValidationError("clickstreamd did not open its socket: \(binary)\n\(process.output)")
        }
        guard let client else { throw ValidationError("clickstreamd did not open its socket: \(binary)") }

        print("rate accuracy: \(dataType), \(seconds) s window after 1 s warm-up, sink stdout → /dev/null")
        print("target/s".padding(toLength: 12, withPad: " ", startingAt: 0) + "achieved/s".padding(toLength: 14, withPad: " ", startingAt: 0)
              + "error".padding(toLength: 10, withPad: " ", startingAt: 0) + "worst 1 s".padding(toLength: 12, withPad: " ", startingAt: 0) + "±2 %")
        var failures = 0
        for target in targets {
            let started = try Self.call(client, "stream.start", #"{"data_type":"\#(dataType)","rate":\#(target),"sink":"stdout"}"#)
            guard let id = started["stream_id"] as? String else { throw ValidationError("stream.start failed: \(started)") }
            Thread.sleep(forTimeInterval: 1)
            var samples: [(at: Double, count: Int)] = []
            let clock = ContinuousClock()
            let origin = clock.now
            for second in 0...seconds {
                let wake = origin + .seconds(second)
                if wake > clock.now { Thread.sleep(forTimeInterval: (wake - clock.now).seconds) }
                let count = try Self.generated(client, id)
                samples.append(((clock.now - origin).seconds, count))
            }
            _ = try Self.call(client, "stream.stop", #"{"stream_id":"\#(id)"}"#)
            let achieved = Double(samples.last!.count - samples.first!.count) / (samples.last!.at - samples.first!.at)
            let error = (achieved - target) / target
            var worst = 0.0
            for (a, b) in zip(samples, samples.dropFirst()) {
                let rate = Double(b.count - a.count) / (b.at - a.at)
                worst = max(worst, abs(rate - target) / target)
            }
            let ok = abs(error) <= 0.02
            if !ok { failures += 1 }
            print(String(Int(target)).padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: "%.1f", achieved).padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%+.2f%%", error * 100).padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%.2f%%", worst * 100).padding(toLength: 12, withPad: " ", startingAt: 0)
                  + (ok ? "ok" : "MISSED"))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// The `result` object of `method`; throws on an error response.
    private static func call(_ client: UnixSocketClient, _ method: String, _ params: String?) throws -> [String: Any] {
        let response = try client.request(method, params: params)
        guard let result = response["result"] as? [String: Any] else { throw ValidationError("\(method): \(response)") }
        return result
    }

    private static func generated(_ client: UnixSocketClient, _ id: String) throws -> Int {
        let status = try call(client, "stream.status", nil)
        let streams = status["streams"] as? [[String: Any]] ?? []
        guard let count = streams.first(where: { $0["stream_id"] as? String == id })?["generated"] as? Int else {
            throw ValidationError("stream \(id) missing from stream.status")
        }
        return count
    }
}
