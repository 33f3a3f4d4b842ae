import ClickstreamAPI
import ClickstreamKafka
import Logging

/// Builds the Kafka sink from `[kafka]`. The Kafka producer (Sinks/KafkaSink.swift) is
/// written on its own branch; until it is merged, asking for Kafka fails with a clear
/// "Kafka sink not available" error and the file sink stays the default.
enum KafkaSinkFactory {
    static func make(settings: KafkaConnectionConfig, logger: Logger) -> Result<any RecordSink, SinkError> {
        .failure(.kafkaUnavailable("the Kafka sink is not built into this clickstreamd yet"))
    }

    static func status(of sink: any RecordSink, settings: KafkaConnectionConfig) -> KafkaStatus {
        KafkaStatus(state: .connecting, bootstrapServers: settings.bootstrapServers, queueDepth: sink.queueDepth,
                    lastError: nil, librdkafkaVersion: librdkafkaVersion())
    }
}
