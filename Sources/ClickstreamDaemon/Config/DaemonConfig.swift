import ClickstreamAPI
import ClickstreamModel

/// The whole configuration of one clickstreamd: the TOML file after environment overrides
/// and validation. A value type: a reload builds a new one and swaps it in whole.
struct DaemonConfig: Sendable, Equatable {
    /// Where it was read from (absolute), for `config.reload` and logs.
    var sourcePath: String = ""
    var daemon = DaemonSettings()
    var http = HTTPSettings()
    var kafka = KafkaConnectionConfig()
    var topics = TopicSettings()
    var schemaRegistry = SchemaRegistrySettings()
    var generator = GeneratorSettings()
    var sinks = SinkSettings()
    var limits = LimitSettings()
    var defaults = StreamDefaults()
    var streams: [ConfiguredStream] = []
    /// Things the loader noticed but accepted, to log at startup.
    var notes: [String] = []

    /// The sink a stream gets when it names none: Kafka when a broker is configured, else
    /// the file sink (so that `make run` works without a broker).
    var defaultSink: SinkKind {
        switch sinks.defaultSink {
        case .auto: kafka.isConfigured ? .kafka : .file
        case .kafka: .kafka
        case .file: .file
        case .stdout: .stdout
        case .redis: .redis
        case .postgres: .postgres
        }
    }
}

enum LogFormat: String, Sendable, CaseIterable { case text, json }
enum LogLevelName: String, Sendable, CaseIterable { case trace, debug, info, notice, warning, error, critical }

/// `[daemon]`: the process itself.
struct DaemonSettings: Sendable, Equatable {
    var socketPath: String = defaultSocketPath
    /// Permission bits of the socket file (0660: the owner and the clickstream group).
    var socketMode: UInt32 = 0o660
    var stateDirectory: String = "/var/lib/clickstream"
    var logLevel: LogLevelName = .info
    var logFormat: LogFormat = .text
    /// Seconds a shutdown may take to stop workers and flush sinks before giving up.
    var shutdownTimeout: Double = 10
    /// Seconds between systemd STATUS= updates and state snapshots.
    var statusInterval: Double = 5
    /// Largest JSON-RPC request line, in bytes.
    var maxRequestBytes: Int = 1 << 20
    /// Most concurrent RPC connections; one more gets a JSON-RPC error line and is closed.
    var maxConnections: Int = 256
    /// Seconds an RPC connection may sit with no request before the daemon closes it.
    var rpcIdleTimeout: Double = 60
}

/// `[http]`: the REST adapter's listener.
struct HTTPSettings: Sendable, Equatable {
    var enabled: Bool = true
    var host: String = "127.0.0.1"
    var port: Int = 8000
    /// Largest request body, bytes.
    var maxBodyBytes: Int = 64 * 1024
    /// `rate` cap of the NDJSON routes (GET /stream/interactions, /stream/users,
    /// /stream/products), records per second. One loopback client takes 200k/s with room to
    /// spare (`clickbench ndjson`); the cap keeps one anonymous GET from taking a core.
    var maxNDJSONRate: Double = 250_000
    /// `duration` cap of the NDJSON routes, seconds.
    var maxNDJSONDuration: Double = 3_600
    /// `count` cap of the NDJSON routes.
    var maxNDJSONCount: Int = 10_000_000
}

/// `[kafka]`: the broker connection. Empty `bootstrap_servers` means no broker. Unset
/// options keep the producer's tuned defaults (ClickstreamKafka.KafkaSettings.defaults).
struct KafkaConnectionConfig: Sendable, Equatable {
    var bootstrapServers: String = ""
    var clientID: String?
    var acks: String?
    var compression: String?
    var lingerMillis: Int?
    var securityProtocol: String?
    var saslMechanism: String?
    var saslUsername: String?
    var saslPassword: String?
    /// Extra librdkafka properties, passed through verbatim.
    var properties: [String: String] = [:]

    var isConfigured: Bool { !bootstrapServers.isEmpty }

    /// As librdkafka properties: the named keys first, `[kafka.properties]` over them.
    var librdkafkaProperties: [String: String] {
        var map: [String: String] = ["bootstrap.servers": bootstrapServers]
        if let clientID { map["client.id"] = clientID }
        if let acks { map["acks"] = acks }
        if let compression { map["compression.type"] = compression }
        if let lingerMillis { map["linger.ms"] = String(lingerMillis) }
        if let securityProtocol { map["security.protocol"] = securityProtocol }
        if let saslMechanism { map["sasl.mechanisms"] = saslMechanism }
        if let saslUsername { map["sasl.username"] = saslUsername }
        if let saslPassword { map["sasl.password"] = saslPassword }
        for (key, value) in properties { map[key] = value }
        return map
    }
}

/// `[topics]`: the Kafka topic (or file name) of each data type.
struct TopicSettings: Sendable, Equatable {
    var users = "users"
    var products = "products"
    var interactions = "interactions"
    var sessions = "sessions"
    /// The wire format of streams that name none (`[topics] format`), and per data type
    /// (`[topics.formats]`).
    var format: RecordFormat = .json
    var formats: [DataType: RecordFormat] = [:]

    func format(for dataType: DataType) -> RecordFormat { formats[dataType] ?? format }

    func topic(for dataType: DataType) -> String {
        switch dataType {
        case .users: users
        case .products: products
        case .interactions: interactions
        case .sessions: sessions
        }
    }
}

/// `[sinks]`.
struct SinkSettings: Sendable, Equatable {
    enum DefaultSink: String, Sendable, CaseIterable { case auto, kafka, file, stdout, redis, postgres }
    var defaultSink: DefaultSink = .auto
    var file = FileSinkSettings()
    var redis = RedisSinkSettings()
    var postgres = PostgresSinkSettings()
}

/// `[sinks.file]`: NDJSON files, one per topic, rotated by size.
struct FileSinkSettings: Sendable, Equatable {
    var directory: String = "/var/lib/clickstream/data"
    /// Rotate a file once it reaches this size (bytes).
    var rotateBytes: Int = 100 << 20
    /// Rotated files kept per topic (name.ndjson.1 ... .N); older ones are deleted.
    var keepFiles: Int = 5
}

/// `[limits]`: caps on what one request may ask. The original service capped count at
/// 10,000, rate at 1,000 and batch_size at 1,000; these defaults are higher.
struct LimitSettings: Sendable, Equatable {
    var maxGenerateCount: Int = 1_000_000
    var maxSampleCount: Int = 10_000
    var maxRate: Double = 2_000_000
    var maxBatchSize: Int = 10_000
    var maxStreams: Int = 64
}

/// `[defaults]`: what a stream gets when the request leaves it out, for every door (RPC,
/// HTTP, clickctl, `[[streams]]`); GENERATION_RATE and BATCH_SIZE apply over the file.
/// Filled in by `DaemonConfig.resolve`.
struct StreamDefaults: Sendable, Equatable {
    /// Records per second (GENERATION_RATE); the original service's default, 100.
    var rate: Double = 100
    /// Largest sink batch (BATCH_SIZE); the worker uses smaller ones at low rates.
    var batchSize: Int = 1000
}

/// One `[[streams]]` entry: a stream spec (with its name always set) and whether the
/// daemon starts it by itself.
struct ConfiguredStream: Sendable, Equatable {
    var spec: StreamSpec
    var autostart: Bool = true

    var name: String { spec.name ?? "" }
}
