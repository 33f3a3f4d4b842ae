import ClickstreamAPI
import ClickstreamKafka
import Logging

/// The daemon's sinks, created once from the configuration and shared by every stream:
/// one file sink, one stdout sink, and the Kafka producer when a broker is configured.
final class SinkSet: Sendable {
    let file: FileSink
    let stdout: StdoutSink
    let kafka: KafkaSink?
    let kafkaSettings: KafkaConnectionConfig
    /// Why Kafka is absent (no broker configured, or the producer could not be created).
    let kafkaUnavailableReason: String?

    init(config: DaemonConfig, logger: Logger) {
        file = FileSink(settings: config.sinks.file)
        stdout = StdoutSink()
        kafkaSettings = config.kafka
        if config.kafka.isConfigured {
            switch KafkaSinkFactory.make(config: config.kafka, shard: "\(config.generator.shardIndex)-of-\(config.generator.shardCount)", logger: logger) {
            case .success(let sink):
                kafka = sink
                kafkaUnavailableReason = nil
            case .failure(let error):
                kafka = nil
                kafkaUnavailableReason = error.description
                logger.error("Kafka sink unavailable", metadata: ["error": "\(error)"])
            }
        } else {
            kafka = nil
            kafkaUnavailableReason = "no Kafka broker configured (set kafka.bootstrap_servers or KAFKA_BOOTSTRAP_SERVERS)"
        }
    }

    func sink(for kind: SinkKind) throws(SinkError) -> any RecordSink {
        switch kind {
        case .file: return file
        case .stdout: return stdout
        case .kafka:
            guard let kafka else { throw .kafkaUnavailable("Kafka sink not available: \(kafkaUnavailableReason ?? "unknown reason")") }
            return kafka
        }
    }

    /// What a stream's status shows as its destination.
    func describe(kind: SinkKind, topic: String) -> String {
        switch kind {
        case .file: file.path(for: topic)
        case .stdout: "stdout"
        case .kafka: "kafka:\(topic)"
        }
    }

    var kafkaStatus: KafkaStatus {
        guard kafkaSettings.isConfigured else {
            return KafkaStatus(state: .disabled, bootstrapServers: nil, queueDepth: 0, lastError: nil,
                               librdkafkaVersion: librdkafkaVersion())
        }
        guard let kafka else {
            return KafkaStatus(state: .degraded, bootstrapServers: kafkaSettings.bootstrapServers, queueDepth: 0,
                               lastError: kafkaUnavailableReason, librdkafkaVersion: librdkafkaVersion())
        }
        return KafkaSinkFactory.status(of: kafka, config: kafkaSettings)
    }

    /// Flushes every sink, sharing one deadline.
    func flushAll(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        await file.flush(timeout: timeout)
        await stdout.flush(timeout: timeout)
        if let kafka { await kafka.flush(timeout: max(.zero, deadline - ContinuousClock.now)) }
    }

    var queueDepth: Int { kafka?.queueDepth ?? 0 }

    /// At shutdown, after `flushAll`: closes the Kafka producer (what it still holds is
    /// counted failed, never dropped silently). Blocks up to `timeout`.
    func close(timeout: Duration) {
        kafka?.close(timeout: timeout)
    }
}
