import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamKafka
import Logging

/// The daemon's sinks, created once from the configuration and shared by every stream:
/// one file sink, one stdout sink, the Kafka producer when a broker is configured, and the
/// Redis and PostgreSQL sinks when `[sinks.redis]` / `[sinks.postgres]` (or their
/// environment variables) are set.
final class SinkSet: Sendable {
    let file: FileSink
    let stdout: StdoutSink
    let kafka: KafkaSink?
    let redis: RedisSink?
    let postgres: PostgresSink?
    /// The PostgreSQL sink's slow-update loop, cancelled by `close`.
    private let postgresUpdates: Task<Void, Never>?
    let kafkaSettings: KafkaConnectionConfig
    /// Why Kafka is absent (no broker configured, or the producer could not be created).
    let kafkaUnavailableReason: String?

    init(config: DaemonConfig, logger: Logger) {
        file = FileSink(settings: config.sinks.file)
        stdout = StdoutSink()
        redis = config.sinks.redis.isConfigured ? RedisSink(settings: config.sinks.redis) : nil
        // Connect at startup so that /health tells at once whether the server is there.
        if let redis { Task { _ = try? await redis.link.current() } }
        if config.sinks.postgres.isConfigured {
            let sink = PostgresSink(
                settings: config.sinks.postgres, world: World(config: config.generator.generatorConfig),
                logger: Logger(label: "clickstreamd.postgres"))
            postgres = sink
            Task { await sink.probe() }
            postgresUpdates = config.sinks.postgres.updatesPerSecond > 0 ? Task { await sink.runUpdates() } : nil
        } else {
            postgres = nil
            postgresUpdates = nil
        }
        kafkaSettings = config.kafka
        if config.kafka.isConfigured {
            switch KafkaSinkFactory.make(
                config: config.kafka, shard: "\(config.generator.shardIndex)-of-\(config.generator.shardCount)",
                logger: logger)
            {
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
            kafkaUnavailableReason =
                "no Kafka broker configured (set kafka.bootstrap_servers or KAFKA_BOOTSTRAP_SERVERS)"
        }
    }

    func sink(for kind: SinkKind) throws(SinkError) -> any RecordSink {
        switch kind {
        case .file: return file
        case .stdout: return stdout
        case .kafka:
            guard let kafka else {
                throw .kafkaUnavailable("Kafka sink not available: \(kafkaUnavailableReason ?? "unknown reason")")
            }
            return kafka
        case .redis:
            guard let redis else {
                throw .unavailable(
                    "Redis sink not configured: add [sinks.redis] with url = \"redis://host:6379/0\", or set REDIS_URL or REDIS_HOST"
                )
            }
            return redis
        case .postgres:
            guard let postgres else {
                throw .unavailable(
                    "PostgreSQL sink not configured: add [sinks.postgres] with url = \"postgres://user@host:5432/db\", or set POSTGRES_URL"
                )
            }
            return postgres
        }
    }

    /// What a stream's status shows as its destination.
    func describe(kind: SinkKind, topic: String) -> String {
        switch kind {
        case .file: file.path(for: topic)
        case .stdout: "stdout"
        case .kafka: "kafka:\(topic)"
        case .redis: "redis:\(topic)"
        case .postgres: "postgres"
        }
    }

    var kafkaStatus: KafkaStatus {
        guard kafkaSettings.isConfigured else {
            return KafkaStatus(
                state: .disabled, bootstrapServers: nil, queueDepth: 0, lastError: nil,
                librdkafkaVersion: librdkafkaVersion())
        }
        guard let kafka else {
            return KafkaStatus(
                state: .degraded, bootstrapServers: kafkaSettings.bootstrapServers, queueDepth: 0,
                lastError: kafkaUnavailableReason, librdkafkaVersion: librdkafkaVersion())
        }
        return KafkaSinkFactory.status(of: kafka, config: kafkaSettings)
    }

    /// Flushes every sink, sharing one deadline.
    func flushAll(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        await file.flush(timeout: timeout)
        await stdout.flush(timeout: timeout)
        if let redis { await redis.flush(timeout: max(.zero, deadline - ContinuousClock.now)) }
        if let postgres { await postgres.flush(timeout: max(.zero, deadline - ContinuousClock.now)) }
        if let kafka { await kafka.flush(timeout: max(.zero, deadline - ContinuousClock.now)) }
    }

    var queueDepth: Int { (kafka?.queueDepth ?? 0) + (redis?.queueDepth ?? 0) + (postgres?.queueDepth ?? 0) }

    /// The database sinks for /health, by name; "disabled" when not configured.
    var databaseStatuses: [String: SinkStatus] {
        let disabled = SinkStatus(state: .disabled, endpoint: nil, queueDepth: 0, lastError: nil)
        return [
            RedisSink.name: redis?.status ?? disabled,
            PostgresSink.name: postgres?.status ?? disabled,
        ]
    }

    /// At shutdown, after `flushAll`: closes the Kafka producer (what it still holds is
    /// counted failed, never dropped silently). Blocks up to `timeout`.
    func close(timeout: Duration) {
        postgresUpdates?.cancel()
        postgres?.link.closeNow()
        kafka?.close(timeout: timeout)
    }
}
