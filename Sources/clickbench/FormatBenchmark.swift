import ArgumentParser
import ClickstreamModel
import ClickstreamTestSupport
import Foundation

/// `clickbench formats`: records/s of a real clickstreamd streaming to Kafka (Tansu) in each
/// wire format, schemas registered with the Schema Registry stand-in.
///
/// Each run is a `DaemonKafkaRun` (the daemon `clickbench kafka` measures): one stream of
/// `--messages` records at full speed, timed from stream.start until the broker has
/// acknowledged every record. Formats alternate within a run, so a slow moment of the shared
/// machine hits them alike; the table shows the median of `--runs`. Value sizes come from
/// `clickbench generator --formats`, which measures the encoders alone.
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
        let broker = try TansuBroker.start(binary: tansu, environment: ProcessInfo.processInfo.environment)
        defer { broker.stop() }
        let registry = try SchemaRegistryStandIn.start()
        defer { registry.stop() }

        print(
            "clickbench formats — \(dataType), \(messages) records per stream, rate max, sink kafka (Tansu \(broker.bootstrapServers)), \(runs) runs"
        )
        var rates: [RecordFormat: [Double]] = [:]
        for run in 1...runs {
            for format in formats {
                let measured = try DaemonKafkaRun.run(
                    binary: BenchDaemon.binary(daemon), bootstrap: broker.bootstrapServers, properties: [:], streams: 1,
                    count: messages, dataType: dataType, topicPrefix: "bench-\(format.rawValue)-\(run)",
                    timeMode: "realtime", batchSize: 1000, format: format.rawValue,
                    extra: "[schema_registry]\nurl = \"\(registry.url)\"")
                let rate = Double(measured.delivered) / measured.seconds
                rates[format, default: []].append(rate)
                let label = format.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                print("  run \(run)  \(label) " + String(format: "%8.0f records/s  (%.2f s)", rate, measured.seconds))
            }
        }
        print("\n| format | records/s to Kafka (median of \(runs)) | vs json |")
        print("| --- | --- | --- |")
        let json = (rates[.json] ?? []).median
        for format in formats {
            let m = (rates[format] ?? []).median
            let ratio = json > 0 ? String(format: "%.2f×", m / json) : "—"
            print("| \(format.rawValue) | " + String(format: "%.0f", m) + " | \(ratio) |")
        }
    }
}
