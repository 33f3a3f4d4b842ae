import ClickstreamAPI
import ClickstreamKafka
import Foundation
import Logging

/// Builds the Kafka sink from `[kafka]` and reports its health in the API's terms.
enum KafkaSinkFactory {
    static func make(config: KafkaConnectionConfig, shard: String, logger: Logger) -> Result<KafkaSink, SinkError> {
        let settings = KafkaSettings.resolve(file: config.librdkafkaProperties, environment: [:])
        let host = ProcessInfo.processInfo.hostName
        let kafkaLogger = logger
        do {
            let sink = try KafkaSink(settings: settings, generatorInstance: "\(host)/\(shard)") { message in
                // syslog levels: 0-3 errors, 4 warning, 5-6 info, 7 debug.
                let level: Logger.Level =
                    message.level <= 3 ? .error : message.level == 4 ? .warning : message.level <= 6 ? .info : .debug
                kafkaLogger.log(
                    level: level, "librdkafka: \(message.message)", metadata: ["facility": "\(message.facility)"])
            }
            logger.info("Kafka producer created", metadata: ["settings": "\(settings.redactedDescription)"])
            return .success(sink)
        } catch {
            return .failure(.kafkaUnavailable("Kafka sink not available: \(error.description)"))
        }
    }

    static func status(of kafka: KafkaSink, config: KafkaConnectionConfig) -> KafkaStatus {
        let health = kafka.health
        let state: KafkaState =
            switch health.state {
            case .connecting: .connecting
            case .connected: .connected
            case .degraded, .failed: .degraded
            }
        return KafkaStatus(
            state: state, bootstrapServers: config.bootstrapServers, queueDepth: health.queueDepth,
            lastError: health.lastError, librdkafkaVersion: health.librdkafkaVersion)
    }

}
