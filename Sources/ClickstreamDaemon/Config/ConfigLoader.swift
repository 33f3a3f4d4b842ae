import ClickstreamAPI
import ClickstreamModel
import Foundation
import TOMLKit

/// Reads, overrides and validates a configuration: TOML file → environment → checks.
///
/// Used at startup, by `--check-config` and by reloads (SIGHUP, `config.reload`): all three
/// see the same errors. Relative paths in the file are resolved against the working
/// directory, so `make run` from the repository root keeps everything under ./var.
enum ConfigLoader {
    /// Default location of the configuration file.
    static let defaultPath = "/etc/clickstream/clickstreamd.toml"

    static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> DaemonConfig {
        let absolute = absolutePath(path)
        let text: String
        do {
            text = try String(contentsOfFile: absolute, encoding: .utf8)
        } catch {
            throw .unreadable(path: absolute, reason: (error as NSError).localizedDescription)
        }
        var config = try parse(text, path: absolute)
        try EnvironmentOverrides.apply(environment, to: &config)
        config.sourcePath = absolute
        return config
    }

    /// Parses and validates TOML text (no environment overrides).
    static func parse(_ text: String, path: String = "<string>") throws(ConfigError) -> DaemonConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(path: path, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch {
            throw .syntax(path: path, line: 0, column: 0, message: "\(error)")
        }
        let diagnostics = ConfigDiagnostics(lineIndex: KeyLineIndex(source: text))
        var root = TOMLSection(table: table, path: "", diagnostics: diagnostics)
        var config = DaemonConfig()
        config.sourcePath = path

        var daemon = root.section("daemon")
        config.daemon = readDaemon(&daemon)
        var http = root.section("http")
        config.http = readHTTP(&http)
        var kafka = root.section("kafka")
        config.kafka = readKafka(&kafka)
        var topics = root.section("topics")
        config.topics = readTopics(&topics)
        var generator = root.section("generator")
        config.generator = GeneratorSettings.read(&generator)
        var sinks = root.section("sinks")
        config.sinks = readSinks(&sinks)
        var limits = root.section("limits")
        config.limits = readLimits(&limits)
        var defaults = root.section("defaults")
        config.defaults = readDefaults(&defaults, limits: config.limits)
        var streams = root.sections("streams")
        config.streams = readStreams(&streams, limits: config.limits)
        root.finish()

        if !diagnostics.issues.isEmpty { throw .invalid(path: path, issues: diagnostics.issues) }
        return config
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).standardized.path
    }

    private static func readDaemon(_ s: inout TOMLSection) -> DaemonSettings {
        var d = DaemonSettings()
        d.socketPath = absolutePath(nonEmpty(&s, "socket_path", d.socketPath))
        let mode = s.string("socket_mode", default: "0660")
        if let parsed = UInt32(mode, radix: 8), parsed <= 0o777 {
            d.socketMode = parsed
        } else {
            s.report("socket_mode", "must be an octal permission string such as \"0660\", got \"\(mode)\"")
        }
        d.stateDirectory = absolutePath(nonEmpty(&s, "state_dir", d.stateDirectory))
        d.logLevel = s.choice("log_level", default: d.logLevel)
        d.logFormat = s.choice("log_format", default: d.logFormat)
        d.shutdownTimeout = s.double("shutdown_timeout", default: d.shutdownTimeout, in: 0.1...600)
        d.statusInterval = s.double("status_interval", default: d.statusInterval, in: 0.1...3600)
        d.maxRequestBytes = s.int("max_request_bytes", default: d.maxRequestBytes, in: 1024...(256 << 20))
        d.maxConnections = s.int("max_connections", default: d.maxConnections, in: 1...100_000)
        s.finish()
        return d
    }

    private static func readHTTP(_ s: inout TOMLSection) -> HTTPSettings {
        var h = HTTPSettings()
        h.enabled = s.bool("enabled", default: h.enabled)
        h.host = nonEmpty(&s, "host", h.host)
        h.port = s.int("port", default: h.port, in: 0...65535)
        s.finish()
        return h
    }

    private static func readKafka(_ s: inout TOMLSection) -> KafkaConnectionConfig {
        var k = KafkaConnectionConfig()
        k.bootstrapServers = s.string("bootstrap_servers", default: "")
        k.clientID = s.optionalString("client_id")
        k.acks = s.optionalString("acks")
        if let acks = k.acks, !["all", "-1", "0", "1"].contains(acks) {
            s.report("acks", "must be \"all\", \"1\" or \"0\", got \"\(acks)\"")
        }
        k.compression = s.optionalString("compression")
        if let compression = k.compression, !["none", "gzip", "snappy", "lz4", "zstd"].contains(compression) {
            s.report("compression", "must be one of none, gzip, snappy, lz4, zstd; got \"\(compression)\"")
        }
        k.lingerMillis = s.optionalInt("linger_ms", in: 0...60_000)
        k.securityProtocol = s.optionalString("security_protocol")
        k.saslMechanism = s.optionalString("sasl_mechanism")
        k.saslUsername = s.optionalString("sasl_username")
        k.saslPassword = s.optionalString("sasl_password")
        var properties = s.section("properties")
        k.properties = properties.stringMap()
        s.finish()
        return k
    }

    private static func readTopics(_ s: inout TOMLSection) -> TopicSettings {
        var t = TopicSettings()
        t.users = topicName(&s, "users", t.users)
        t.products = topicName(&s, "products", t.products)
        t.interactions = topicName(&s, "interactions", t.interactions)
        t.sessions = topicName(&s, "sessions", t.sessions)
        s.finish()
        return t
    }

    private static func readSinks(_ s: inout TOMLSection) -> SinkSettings {
        var sinks = SinkSettings()
        sinks.defaultSink = s.choice("default", default: sinks.defaultSink)
        var file = s.section("file")
        sinks.file.directory = absolutePath(nonEmpty(&file, "directory", sinks.file.directory))
        sinks.file.rotateBytes = file.int("rotate_bytes", default: sinks.file.rotateBytes, in: 4096...Int.max)
        sinks.file.keepFiles = file.int("keep_files", default: sinks.file.keepFiles, in: 0...10_000)
        file.finish()
        var redis = s.section("redis")
        sinks.redis = RedisSinkSettings.read(&redis)
        var postgres = s.section("postgres")
        sinks.postgres = PostgresSinkSettings.read(&postgres)
        s.finish()
        return sinks
    }

    private static func readLimits(_ s: inout TOMLSection) -> LimitSettings {
        var l = LimitSettings()
        l.maxGenerateCount = s.int("max_generate_count", default: l.maxGenerateCount, in: 1...1_000_000_000)
        l.maxSampleCount = s.int("max_sample_count", default: l.maxSampleCount, in: 1...10_000_000)
        l.maxRate = s.double("max_rate", default: l.maxRate, in: 1...100_000_000)
        l.maxBatchSize = s.int("max_batch_size", default: l.maxBatchSize, in: 1...1_000_000)
        l.maxStreams = s.int("max_streams", default: l.maxStreams, in: 1...10_000)
        s.finish()
        return l
    }

    private static func readDefaults(_ s: inout TOMLSection, limits: LimitSettings) -> StreamDefaults {
        var d = StreamDefaults()
        d.rate = s.double("rate", default: d.rate, in: 0...limits.maxRate)
        d.batchSize = s.int("batch_size", default: d.batchSize, in: 1...limits.maxBatchSize)
        s.finish()
        return d
    }

    private static func readStreams(_ sections: inout [TOMLSection], limits: LimitSettings) -> [StreamDefinitionConfig] {
        var streams: [StreamDefinitionConfig] = []
        var names: Set<String> = []
        for index in sections.indices {
            var s = sections[index]
            let name = nonEmpty(&s, "name", "stream-\(index)")
            if !names.insert(name).inserted { s.report("name", "duplicate stream name \"\(name)\"") }
            var stream = StreamDefinitionConfig(name: name, rate: 0)
            stream.dataType = s.choice("data_type", default: DataType.interactions)
            stream.rate = s.double("rate", default: 100, in: 0...limits.maxRate)
            stream.maxCount = s.optionalInt("count", in: 1...Int.max)
            stream.duration = s.optionalDouble("duration", in: 0.001...Double.greatestFiniteMagnitude)
            if let sink = s.optionalString("sink") {
                if let kind = SinkKind(rawValue: sink) {
                    stream.sink = kind
                } else {
                    let allowed = SinkKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                    s.report("sink", "must be one of \(allowed), got \"\(sink)\"")
                }
            }
            stream.topic = s.optionalString("topic")
            stream.timeMode = s.string("time_mode", default: "realtime")
            if case .failure(let error) = TimeModeParser.parse(stream.timeMode) { s.report("time_mode", error.message) }
            stream.batchSize = s.optionalInt("batch_size", in: 1...limits.maxBatchSize)
            stream.autostart = s.bool("autostart", default: true)
            s.finish()
            streams.append(stream)
        }
        return streams
    }

    private static func nonEmpty(_ s: inout TOMLSection, _ key: String, _ fallback: String) -> String {
        let value = s.string(key, default: fallback)
        if value.isEmpty {
            s.report(key, "must not be empty")
            return fallback
        }
        return value
    }

    private static func topicName(_ s: inout TOMLSection, _ key: String, _ fallback: String) -> String {
        let value = nonEmpty(&s, key, fallback)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if value.count > 249 || !value.allSatisfy({ allowed.contains($0) }) {
            s.report(key, "must be a Kafka topic name (letters, digits, '.', '_', '-'; at most 249), got \"\(value)\"")
            return fallback
        }
        return value
    }
}
