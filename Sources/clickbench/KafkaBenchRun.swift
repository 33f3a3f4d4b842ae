import ClickstreamDaemon
import ClickstreamGenerator
import ClickstreamKafka
import ClickstreamModel
import ClickstreamTestSupport
import Foundation
import Synchronization

/// The same records as the daemon generates, written once as "key<TAB>value" lines for kcat.
struct KafkaBenchInput {
    var path: String
    var count: Int
    var valueBytes: Int
    var eventType: String

    var averageValueBytes: Double { count == 0 ? 0 : Double(valueBytes) / Double(count) }

    static let startMillis: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    /// A backfill over ten years: generates as fast as the sink takes, and never runs out.
    static func generator(_ dataType: DataType, world: World) -> StreamGenerator {
        StreamGenerator(
            dataType: dataType, world: world, streamSeed: 1,
            timeMode: .backfill(fromMillis: startMillis, toMillis: startMillis + 3650 * 86_400_000),
            startMillis: startMillis)
    }

    static func write(dataType: DataType, world: World, count: Int, batchSize: Int, to path: String) throws
        -> KafkaBenchInput
    {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ValidationErrorText("cannot write \(path)") }
        defer { try? handle.close() }
        var generator = generator(dataType, world: world)
        var batch = EncodedBatch()
        var lines: [UInt8] = []
        var valueBytes = 0
        var eventType = "view"
        var remaining = count
        while remaining > 0 {
            batch.removeAll()
            generator.generate(count: min(batchSize, remaining), into: &batch)
            lines.removeAll(keepingCapacity: true)
            for index in 0..<batch.count {
                let value = batch.value(at: index)
                precondition(
                    !value.contains(10) && !batch.key(at: index).contains(9), "kcat input needs one record a line")
                lines.append(contentsOf: batch.key(at: index))
                lines.append(9)
                lines.append(contentsOf: value)
                lines.append(10)
                valueBytes += value.count
            }
            if let first = batch.records.first { eventType = first.kind.name.description }
            try handle.write(contentsOf: lines)
            guard !batch.isEmpty else {
                throw ValidationErrorText("the generator ran out after \(count - remaining) records")
            }
            remaining -= batch.count
        }
        return KafkaBenchInput(path: path, count: count, valueBytes: valueBytes, eventType: eventType)
    }
}

struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One run of our producer: generate in batches and send as KafkaSink does, until every
/// message is acknowledged.
enum KafkaBenchProducerRun {
    struct Measured: Sendable {
        var delivered: Int
        var valueBytes: Int
        var seconds: Double
        var cpuSeconds: Double
    }

    static func run(
        settings: KafkaSettings, topic: String, dataType: DataType, world: World, count: Int,
        batchSize: Int
    ) async throws -> Measured {
        // The daemon's own sink: the same EncodedBatch → Kafka message adaptation and headers.
        let sink = try KafkaSink(settings: settings, generatorInstance: "clickbench")
        defer { sink.close(timeout: .seconds(5)) }
        let tally = DeliveryTally()
        var generator = KafkaBenchInput.generator(dataType, world: world)
        var batch = EncodedBatch()
        var valueBytes = 0
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        var remaining = count
        while remaining > 0 {
            batch.removeAll()
            generator.generate(count: min(batchSize, remaining), into: &batch)
            for record in batch.records { valueBytes += record.value.count }
            guard !batch.isEmpty else { throw ValidationErrorText("the generator ran out") }
            try await sink.write(batch, destination: topic, streamID: "bench", tally: tally)
            remaining -= batch.count
        }
        await sink.flush(timeout: .seconds(600))
        guard sink.queueDepth == 0 else {
            throw ValidationErrorText("not all messages delivered within 600 s: \(sink.queueDepth) queued")
        }
        let elapsed = ContinuousClock.now - start
        let cpu = cpuSeconds() - cpuBefore
        guard tally.failed == 0, tally.delivered == count else {
            throw ValidationErrorText("delivered \(tally.delivered), failed \(tally.failed): \(tally.lastError ?? "")")
        }
        return Measured(delivered: tally.delivered, valueBytes: valueBytes, seconds: elapsed.seconds, cpuSeconds: cpu)
    }

    /// User + system CPU of this process, all threads (generation, producer, librdkafka).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return ChildProcess.seconds(usage)
    }
}

/// Carries the async run's result back to the synchronous command.
final class KafkaBenchOutcome: Sendable {
    private let result = Mutex<Result<KafkaBenchProducerRun.Measured, any Error>?>(nil)

    func set(_ value: Result<KafkaBenchProducerRun.Measured, any Error>) { result.withLock { $0 = value } }

    func get() throws -> KafkaBenchProducerRun.Measured { try result.withLock { $0! }.get() }
}

/// One line of the benchmark table.
struct KafkaBenchRow {
    var tool: String
    var compression: String
    var messages: Int
    var valueBytes: Int
    var seconds: Double
    var cpuSeconds: Double
    var ratio: Double?

    var messagesPerSecond: Double { Double(messages) / seconds }
    var megabytesPerSecond: Double { Double(valueBytes) / seconds / 1e6 }

    func relative(to baseline: KafkaBenchRow) -> KafkaBenchRow {
        var row = self
        row.ratio = messagesPerSecond / baseline.messagesPerSecond
        return row
    }

    static func table(_ rows: [KafkaBenchRow]) -> String {
        var lines = [
            "| tool | compression | messages | msg/s | MB/s | producer CPU s | ratio vs kcat |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in rows {
            lines.append(
                "| \(row.tool) | \(row.compression) | \(row.messages) | "
                    + String(
                        format: "%.0f | %.1f | %.2f | ", row.messagesPerSecond, row.megabytesPerSecond, row.cpuSeconds)
                    + (row.ratio.map { String(format: "%.2f", $0) } ?? "1.00 (baseline)") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
