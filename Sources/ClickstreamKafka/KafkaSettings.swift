/// The librdkafka properties of the producer: tuned defaults, then the config file's
/// `[kafka.properties]` table, then the environment (Railway's variable names), later
/// sources winning.
///
/// Any librdkafka property can be set (they are passed through verbatim and validated by
/// librdkafka itself, see `validate()`); only the common connection ones have environment
/// names. Values of secret properties never appear in `redactedDescription` or errors.
public struct KafkaSettings: Sendable, Equatable {
    /// Property name to value, as librdkafka spells them ("bootstrap.servers").
    public var properties: [String: String]

    public init(properties: [String: String] = KafkaSettings.defaults) {
        self.properties = properties
    }

    /// Defaults for throughput with safety:
    /// - `enable.idempotence=true`, `acks=all`: no duplicates, no reordering on retry, so
    ///   one user's events stay in order on their partition.
    /// - `linger.ms=10`, `batch.size=1000000`, `batch.num.messages=10000`: big batches;
    ///   10 ms of latency is invisible to a clickstream consumer.
    /// - `compression.type=lz4`: cheap on CPU, JSON shrinks several-fold.
    /// - `queue.buffering.max.messages=500000`, `queue.buffering.max.kbytes=262144`: a
    ///   bounded local queue (≤ 256 MiB) that rides out a broker restart; when it is full the
    ///   stream worker waits (backpressure) instead of dropping.
    /// - `message.timeout.ms=300000`: a message that cannot be delivered within 5 minutes
    ///   (broker gone) fails and is counted failed with the error.
    /// - `reconnect.backoff.max.ms=2000`: find a restarted broker within about 2 s.
    public static let defaults: [String: String] = [
        "bootstrap.servers": "localhost:9092",
        "client.id": "clickstreamd",
        "enable.idempotence": "true",
        "acks": "all",
        "linger.ms": "10",
        "batch.size": "1000000",
        "batch.num.messages": "10000",
        "compression.type": "lz4",
        "queue.buffering.max.messages": "500000",
        "queue.buffering.max.kbytes": "262144",
        "message.timeout.ms": "300000",
        "reconnect.backoff.ms": "100",
        "reconnect.backoff.max.ms": "2000",
        "socket.keepalive.enable": "true",
    ]

    /// The environment variables the original service read (on Railway), and the property
    /// each sets.
    public static let environmentNames: [(variable: String, property: String)] = [
        ("KAFKA_BOOTSTRAP_SERVERS", "bootstrap.servers"),
        ("KAFKA_SECURITY_PROTOCOL", "security.protocol"),
        ("KAFKA_SASL_MECHANISM", "sasl.mechanisms"),
        ("KAFKA_SASL_USERNAME", "sasl.username"),
        ("KAFKA_SASL_PASSWORD", "sasl.password"),
    ]

    /// Defaults, overlaid with `file` (the `[kafka.properties]` table), overlaid with the
    /// variables of `environment` named in `environmentNames` (empty values are ignored).
    public static func resolve(file: [String: String] = [:], environment: [String: String]) -> KafkaSettings {
        var settings = KafkaSettings()
        settings.merge(file)
        for (variable, property) in environmentNames {
            if let value = environment[variable], !value.isEmpty {
                settings.properties[property] = value
            }
        }
        return settings
    }

    /// Overlays `other` (its values win). "sasl.mechanism" is folded into librdkafka's
    /// canonical "sasl.mechanisms" so that the two spellings do not fight.
    public mutating func merge(_ other: [String: String]) {
        for (name, value) in other {
            properties[Self.canonicalName(name)] = value
        }
    }

    /// The value of `bootstrap.servers`.
    public var bootstrapServers: String { properties["bootstrap.servers"] ?? "" }

    /// Whether a property holds a secret: its value is never logged.
    public static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["password", "secret", "key", "token", "credential"].contains { lowered.contains($0) }
            && !lowered.hasSuffix(".location.enabled")
    }

    /// `value`, or "[redacted]" when `name` is a secret property.
    public static func redacted(_ name: String, _ value: String) -> String {
        isSecret(name) ? "[redacted]" : value
    }

    /// "name=value, ..." sorted by name, secrets redacted: safe to log.
    public var redactedDescription: String {
        properties.keys.sorted().map { "\($0)=\(Self.redacted($0, properties[$0]!))" }.joined(separator: ", ")
    }

    /// Checks every property with librdkafka (names and values) and the combination (by
    /// creating and destroying a producer handle, which opens no connection until used).
    public func validate() throws(KafkaError) {
        let configuration = try LibrdkafkaConfiguration(self)
        let handle = try configuration.makeProducerHandle()
        handle.destroy()
    }

    static func canonicalName(_ name: String) -> String {
        name == "sasl.mechanism" ? "sasl.mechanisms" : name
    }
}
