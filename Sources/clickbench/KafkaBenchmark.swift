import ArgumentParser
import ClickstreamGenerator
import ClickstreamKafka
import ClickstreamModel
import ClickstreamTestSupport
import Foundation

/// `clickbench kafka`: the daemon's generate→Kafka path against `kcat -P -l FILE` sending the
/// same messages (pre-generated, same keys, same number of headers) to the same broker with
/// the same producer properties, one after the other, for each compression setting.
///
/// Each run gets a fresh in-memory Tansu unless --bootstrap names a broker. Times run from
/// the first message to the last delivery report (kcat: process start to exit, which waits
/// for its deliveries). CPU is user+system of the producing process: getrusage for this one
/// (generation included), wait4 for kcat.
struct KafkaBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Generate→Kafka throughput of the daemon's producer vs kcat -P on the same broker.")

    @Option(help: "Messages per run.") var messages = 1_000_000
    @Option(help: "Records generated and handed to the producer per batch, as a stream worker does.")
    var batchSize = 1000
    @Option(help: "users, products, interactions or sessions.") var dataType = "interactions"
    @Option(parsing: .upToNextOption, help: "compression.type values to run, e.g. none lz4.")
    var compression: [String] = ["none", "lz4"]
    @Option(help: "Use this broker instead of starting a Tansu per run.") var bootstrap: String?
    @Option(help: "The tansu binary (default .venv/bin/tansu).") var tansu = ".venv/bin/tansu"
    @Option(help: "The kcat binary.") var kcat = "/usr/bin/kcat"
    @Option(help: "Runs per compression (kcat and ours side by side, alternating which goes first); the table shows every run and the median ratio.")
    var runs = 1
    @Option(help: "Where to put the pre-generated kcat input.") var file = NSTemporaryDirectory() + "clickbench-kafka.txt"

    func run() throws {
        let check = LibrdkafkaVersionCheck.current()
        print("librdkafka \(check.version)\(check.warning.map { " — WARNING: \($0)" } ?? "")")
        guard let dataType = DataType(rawValue: dataType) else { throw ValidationError("unknown data type \(dataType)") }
        guard FileManager.default.isExecutableFile(atPath: kcat) else { throw KafkaBenchError.toolMissing(kcat) }
        if bootstrap == nil, !FileManager.default.isExecutableFile(atPath: tansu) {
            throw KafkaBenchError.toolMissing(tansu)
        }

        let world = World(config: GeneratorConfig())
        let cpuBefore = KafkaBenchProducerRun.cpuSeconds()
        let input = try KafkaBenchInput.write(dataType: dataType, world: world, count: messages, batchSize: batchSize, to: file)
        print("\(messages) \(dataType.rawValue) records, \(String(format: "%.0f", input.averageValueBytes)) bytes on average (value), kcat input \(file)")
        print(String(format: "generating them (and writing the file) took %.2f CPU s: part of clickstream's producer CPU below",
                     KafkaBenchProducerRun.cpuSeconds() - cpuBefore))
        defer { try? FileManager.default.removeItem(atPath: file) }

        var rows: [KafkaBenchRow] = []
        var medians: [String] = []
        for (index, codec) in compression.enumerated() {
            var settings = KafkaSettings()
            settings.merge(["compression.type": codec])
            var ratios: [Double] = []
            var cpuRatios: [Double] = []
            for run in 0..<max(1, runs) {
                let suffix = "\(codec)-\(index)-\(run)"
                let kcatFirst = run % 2 == 0
                func kcatRun() throws -> KafkaBenchRow {
                    try withBroker { bootstrap in
                        try runKcat(settings: settings, bootstrap: bootstrap, topic: "bench-kcat-\(suffix)", input: input)
                    }
                }
                func oursRun() throws -> KafkaBenchRow {
                    try withBroker { bootstrap in
                        try runOurs(settings: settings, bootstrap: bootstrap, topic: "bench-ours-\(suffix)",
                                    dataType: dataType, world: world, input: input)
                    }
                }
                let kcatRow: KafkaBenchRow, oursRow: KafkaBenchRow
                if kcatFirst {
                    kcatRow = try kcatRun()
                    oursRow = try oursRun()
                } else {
                    oursRow = try oursRun()
                    kcatRow = try kcatRun()
                }
                let relative = oursRow.relative(to: kcatRow)
                ratios.append(relative.ratio ?? 0)
                cpuRatios.append(kcatRow.cpuSeconds / oursRow.cpuSeconds)
                rows.append(kcatRow)
                rows.append(relative)
                print(KafkaBenchRow.table(rows))
            }
            func median(_ values: [Double]) -> Double {
                let sorted = values.sorted()
                return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                    : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            }
            medians.append("\(codec): median ratio \(String(format: "%.2f", median(ratios))) over \(ratios.count) run(s) "
                + "(\(ratios.map { String(format: "%.2f", $0) }.joined(separator: ", "))); "
                + "median CPU ratio (kcat CPU / ours, generation included) \(String(format: "%.2f", median(cpuRatios)))")
        }
        print(medians.joined(separator: "\n"))
    }

    private func withBroker<R>(_ body: (String) throws -> R) throws -> R {
        if let bootstrap { return try body(bootstrap) }
        let broker = try TansuBroker.start(binary: tansu, environment: ProcessInfo.processInfo.environment)
        defer { broker.stop() }
        return try body(broker.bootstrapServers)
    }

    /// Producer properties as kcat -X arguments: the same as ours.
    private func kcatProperties(_ settings: KafkaSettings, bootstrap: String) -> [String] {
        var properties = settings.properties
        properties["bootstrap.servers"] = bootstrap
        properties["client.id"] = "kcat-bench"
        return properties.keys.sorted().flatMap { ["-X", "\($0)=\(properties[$0]!)"] }
    }

    private func runKcat(settings: KafkaSettings, bootstrap: String, topic: String, input: KafkaBenchInput) throws -> KafkaBenchRow {
        let arguments = ["-P", "-b", bootstrap, "-t", topic, "-K", "\t", "-l", input.path,
                         "-H", "schema_version=1", "-H", "generator=clickbench", "-H", "stream_id=bench",
                         "-H", "event_type=\(input.eventType)"] + kcatProperties(settings, bootstrap: bootstrap)
        let start = ContinuousClock.now
        let process = try ChildProcess(executable: kcat, arguments: arguments, environment: ProcessInfo.processInfo.environment)
        let code = process.waitForExit()
        let elapsed = ContinuousClock.now - start
        let output = process.output
        try? FileManager.default.removeItem(at: process.logURL)
        guard code == 0, !output.contains("ailed") else { throw KafkaBenchError.kcatFailed(code, output) }
        return KafkaBenchRow(tool: "kcat -P -l", compression: settings.properties["compression.type"] ?? "",
                             messages: input.count, valueBytes: input.valueBytes, seconds: elapsed.seconds,
                             cpuSeconds: process.cpuSeconds)
    }

    private func runOurs(settings: KafkaSettings, bootstrap: String, topic: String, dataType: DataType,
                         world: World, input: KafkaBenchInput) throws -> KafkaBenchRow {
        var configured = settings
        configured.merge(["bootstrap.servers": bootstrap])
        let settings = configured
        let outcome = KafkaBenchOutcome()
        let semaphore = DispatchSemaphore(value: 0)
        let count = messages, batchSize = batchSize
        Task {
            defer { semaphore.signal() }
            do {
                outcome.set(.success(try await KafkaBenchProducerRun.run(
                    settings: settings, topic: topic, dataType: dataType, world: world, count: count, batchSize: batchSize)))
            } catch {
                outcome.set(.failure(error))
            }
        }
        semaphore.wait()
        let measured = try outcome.get()
        guard measured.valueBytes == input.valueBytes else {
            throw ValidationError("ours generated \(measured.valueBytes) bytes, the kcat input holds \(input.valueBytes)")
        }
        return KafkaBenchRow(tool: "clickstream", compression: settings.properties["compression.type"] ?? "",
                             messages: measured.delivered, valueBytes: measured.valueBytes,
                             seconds: measured.seconds, cpuSeconds: measured.cpuSeconds)
    }
}

/// Why a Kafka benchmark run could not go on.
enum KafkaBenchError: Error, CustomStringConvertible {
    case kcatFailed(Int32, String)
    case toolMissing(String)

    var description: String {
        switch self {
        case .kcatFailed(let code, let log): "kcat exited with \(code):\n\(log)"
        case .toolMissing(let name): "\(name) not found: run scripts/setup, or pass its path"
        }
    }
}
