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

    static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> DaemonConfig
    {
        let absolute = absolutePath(path)
        let text: String
        do {
            text = try String(contentsOfFile: absolute, encoding: .utf8)
        } catch {
            throw .unreadable(path: absolute, reason: (error as NSError).localizedDescription)
        }
        var config = try parse(text, path: absolute)
        try EnvironmentOverrides.apply(environment, to: &config)
        try checkFormats(config, path: absolute)
        config.sourcePath = absolute
        return config
    }

    /// Parses and validates TOML text (no environment overrides).
    static func parse(_ text: String, path: String = "<string>") throws(ConfigError) -> DaemonConfig {
        if let line = TableHeaderCheck.namelessHeaderLine(in: text) {
            throw .syntax(
                path: path, line: line, column: 1,
                message: "expected a table name after '[' (letters, digits, '_', '-' or a quoted name, e.g. [daemon])")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(
                path: path, line: error.source.begin.line, column: error.source.begin.column, message: error.description
            )
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
        var registry = root.section("schema_registry")
        config.schemaRegistry = readSchemaRegistry(&registry)
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
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path).standardized
            .path
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
        d.rpcIdleTimeout = s.double("rpc_idle_timeout", default: d.rpcIdleTimeout, in: 0.1...86_400)
        s.finish()
        return d
    }

    private static func readHTTP(_ s: inout TOMLSection) -> HTTPSettings {
        var h = HTTPSettings()
        h.enabled = s.bool("enabled", default: h.enabled)
        h.host = nonEmpty(&s, "host", h.host)
        h.port = s.int("port", default: h.port, in: 0...65535)
        h.maxBodyBytes = s.int("max_body_bytes", default: h.maxBodyBytes, in: 1024...(64 << 20))
        h.maxNDJSONRate = s.double("max_ndjson_rate", default: h.maxNDJSONRate, in: 1...10_000_000)
        h.maxNDJSONDuration = s.double("max_ndjson_duration", default: h.maxNDJSONDuration, in: 1...31_536_000)
        h.maxNDJSONCount = s.int("max_ndjson_count", default: h.maxNDJSONCount, in: 1...1_000_000_000_000)
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
        t.format = s.choice("format", default: t.format)
        var formats = s.section("formats")
        for dataType in DataType.allCases {
            if let format = formats.optionalChoice(dataType.rawValue, RecordFormat.self) {
                t.formats[dataType] = format
            }
        }
        formats.finish()
        s.finish()
        return t
    }

    private static func readSchemaRegistry(_ s: inout TOMLSection) -> SchemaRegistrySettings {
        var r = SchemaRegistrySettings()
        r.url = s.string("url", default: "")
        if !r.url.isEmpty, !(r.url.hasPrefix("http://") || r.url.hasPrefix("https://")) {
            s.report("url", "must be an http:// or https:// URL, got \"\(r.url)\"")
        }
        r.basicAuthUserInfo = s.optionalString("basic_auth_user_info")
        if let info = r.basicAuthUserInfo, !info.contains(":") {
            s.report("basic_auth_user_info", "must be \"key:secret\" (user and password joined by a colon)")
        }
        r.subjectNameStrategy = s.choice("subject_name_strategy", default: r.subjectNameStrategy)
        r.timeout = s.double("timeout", default: r.timeout, in: 0.1...300)
        s.finish()
        return r
    }

    /// Streams and topics whose format needs a registry when none is configured (after the
    /// environment, which may set SCHEMA_REGISTRY_URL).
    static func checkFormats(_ config: DaemonConfig, path: String) throws(ConfigError) {
        var issues: [ConfigIssue] = []
        for (key, format) in [("topics.format", config.topics.format)]
            + config.topics.formats.map({ ("topics.formats.\($0.key.rawValue)", $0.value) })
        {
            if let refusal = config.schemaRegistry.refusal(for: format) {
                issues.append(ConfigIssue(keyPath: key, line: nil, message: refusal))
            }
        }
        for (index, stream) in config.streams.enumerated() {
            if let format = stream.spec.format, let refusal = config.schemaRegistry.refusal(for: format) {
                issues.append(ConfigIssue(keyPath: "streams[\(index)].format", line: nil, message: refusal))
            }
        }
        if !issues.isEmpty { throw .invalid(path: path, issues: issues.sorted { $0.keyPath < $1.keyPath }) }
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

    /// `[[streams]]`: each table is read like the params of `stream.start` (the same
    /// decoder and checks), so a config stream and a requested one cannot drift apart.
    private static func readStreams(_ sections: inout [TOMLSection], limits: LimitSettings) -> [ConfiguredStream] {
        var streams: [ConfiguredStream] = []
        var names: Set<String> = []
        for index in sections.indices {
            var s = sections[index]
            let name = nonEmpty(&s, "name", "stream-\(index)")
            if !names.insert(name).inserted { s.report("name", "duplicate stream name \"\(name)\"") }
            var fields: [String: JSONValue] = [:]
            for field in StreamSpec.CodingKeys.allCases where field != .name {
                if let value = s.json(field.configKey) { fields[field.rawValue] = value }
            }
            var spec = StreamSpec()
            do {
                spec = try ParamsDecoder.decode(StreamSpec.self, from: .object(fields), allowed: StreamSpec.fieldNames)
            } catch {
                reportStreamProblem(error, in: s)
            }
            spec.name = name
            for problem in StreamSpecChecks.problems(spec, limits: limits) { reportStreamProblem(problem, in: s) }
            let autostart = s.bool("autostart", default: true)
            s.finish()
            streams.append(ConfiguredStream(spec: spec, autostart: autostart))
        }
        return streams
    }

    /// A stream.start error as the config issue of the key it names.
    private static func reportStreamProblem(_ error: RPCError, in s: TOMLSection) {
        guard case .object(let data)? = error.data, case .string(let field)? = data["field"],
            let key = StreamSpec.CodingKeys(rawValue: field)?.configKey
        else { return s.report("", error.message) }
        s.report(key, key == field ? error.message : error.message.replacingOccurrences(of: field, with: key))
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
        let value = s.string(key, default: fallback)
        if let problem = Names.topicProblem(value) {
            s.report(key, "\(problem), got \(quoted(value))")
            return fallback
        }
        return value
    }

    /// A name as an error message shows it: JSON-quoted, so control characters stay visible.
    static func quoted(_ value: String) -> String { ParamsDecoder.describe(.string(value)) }
}
