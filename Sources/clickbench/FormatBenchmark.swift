import ArgumentParser
import ClickstreamModel
import ClickstreamTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `clickbench formats`: records/s of a real clickstreamd streaming to Kafka (Tansu) in each
/// wire format, schemas registered with the Schema Registry stand-in.
///
/// Each run starts one stream of `--messages` records at full speed over the JSON-RPC socket
/// and times it from stream.start until the broker has acknowledged every record (delivered
/// = count in stream.status, polled every 50 ms). Formats alternate within a run, so a slow
/// moment of the shared machine hits them alike; the table shows the median of `--runs`.
/// Value sizes come from `clickbench generator --formats`, which measures the encoders alone.
struct FormatBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats", abstract: "Records/s of a real clickstreamd to Kafka per wire format (release build).")

    @Option(help: "Records per stream.") var messages = 500_000
    @Option(help: "Runs per format (the median is reported).") var runs = 3
    @Option(help: "users, products, interactions or sessions.") var dataType = "interactions"
    @Option(parsing: .upToNextOption, help: "Formats to compare.") var formats: [RecordFormat] = RecordFormat.allCases
    @Option(help: "The clickstreamd executable (default: next to clickbench).") var daemon: String?
    @Option(help: "The tansu binary (default .venv/bin/tansu).") var tansu = ".venv/bin/tansu"

    mutating func run() throws {
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("clickstreamd").path
        let broker = try TansuBroker.start(binary: tansu)
        defer { broker.stop() }
        let registry = try SchemaRegistryStandIn.start()
        defer { registry.stop() }
        let directory = "/tmp/csbench-formats-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            [daemon]
            socket_path = "\(directory)/d.sock"
            state_dir = "\(directory)/state"
            log_level = "warning"
            [http]
            enabled = false
            [kafka]
            bootstrap_servers = "\(broker.bootstrapServers)"
            [schema_registry]
            url = "\(registry.url)"
            [limits]
            max_rate = 10000000
            """.write(toFile: "\(directory)/d.toml", atomically: true, encoding: .utf8)
        let process = try ChildProcess(executable: binary, arguments: ["--config", "\(directory)/d.toml"],
                                       environment: ProjectPaths.childEnvironment())
        defer { process.stop() }
        var client: UnixSocketClient?
        try Network.waitUntil(timeout: 15, "clickstreamd's socket") {
            guard process.isRunning else { throw ValidationError("clickstreamd exited:\n\(process.output)") }
            client = try? UnixSocketClient(path: "\(directory)/d.sock")
            return client != nil
        }
        guard let client else { throw ValidationError("clickstreamd did not open its socket") }

        print("clickbench formats — \(dataType), \(messages) records per stream, rate max, sink kafka (Tansu \(broker.bootstrapServers)), \(runs) runs")
        var rates: [RecordFormat: [Double]] = [:]
        for run in 1...runs {
            for format in formats {
                let topic = "bench-\(format.rawValue)-\(run)"
                let params = #"{"data_type":"\#(dataType)","rate":0,"max_count":\#(messages),"sink":"kafka","topic":"\#(topic)","format":"\#(format.rawValue)"}"#
                let clock = ContinuousClock()
                let start = clock.now
                let started = try Self.call(client, "stream.start", params)
                guard let id = started["stream_id"] as? String else { throw ValidationError("stream.start: \(started)") }
                var figures: [String: Any] = [:]
                repeat {
                    Thread.sleep(forTimeInterval: 0.05)
                    let status = try Self.call(client, "stream.status", nil)
                    figures = (status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id } ?? [:]
                } while (figures["delivered"] as? Int ?? 0) + (figures["failed"] as? Int ?? 0) < messages
                let seconds = (clock.now - start).seconds
                let failed = figures["failed"] as? Int ?? 0
                guard failed == 0 else { throw ValidationError("\(topic): \(failed) records failed: \(figures)") }
                rates[format, default: []].append(Double(messages) / seconds)
                let label = format.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                print("  run \(run)  \(label) " + String(format: "%8.0f records/s  (%.2f s)", Double(messages) / seconds, seconds))
            }
        }
        print("\n| format | records/s to Kafka (median of \(runs)) | vs json |")
        print("| --- | --- | --- |")
        let json = median(rates[.json] ?? [])
        for format in formats {
            let m = median(rates[format] ?? [])
            let ratio = json > 0 ? String(format: "%.2f×", m / json) : "—"
            print("| \(format.rawValue) | " + String(format: "%.0f", m) + " | \(ratio) |")
        }
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func call(_ client: UnixSocketClient, _ method: String, _ params: String?) throws -> [String: Any] {
        let response = try client.request(method, params: params)
        guard let result = response["result"] as? [String: Any] else { throw ValidationError("\(method): \(response)") }
        return result
    }
}
