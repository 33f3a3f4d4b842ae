import ClickstreamAPI

/// The original service's environment variables, applied over the TOML file.
///
/// Railway deployments and scripts set these; they keep working. A malformed value is a
/// config error naming the variable (it is never silently ignored).
enum EnvironmentOverrides {
    /// Every variable read here, for docs and `--check-config` output.
    static let names =
        [
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME",
            "KAFKA_SASL_PASSWORD", "KAFKA_TOPIC_USERS", "KAFKA_TOPIC_PRODUCTS", "KAFKA_TOPIC_INTERACTIONS",
            "KAFKA_TOPIC_SESSIONS", "GENERATION_RATE", "MAX_USERS", "MAX_PRODUCTS", "BATCH_SIZE", "HOST", "PORT",
            "CLICKSTREAM_SOCKET", "SCHEMA_REGISTRY_URL", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
        ] + RedisSinkSettings.environmentNames + ["POSTGRES_URL"] + ShardEnvironment.names

    static func apply(_ env: [String: String], to config: inout DaemonConfig) throws(ConfigError) {
        var reader = EnvironmentReader(env)
        func bad(_ name: String, _ message: String) { reader.bad(name, message) }
        func value(_ name: String) -> String? { reader.value(name) }
        func int(_ name: String, _ range: ClosedRange<Int>) -> Int? { reader.int(name, range) }

        if let servers = value("KAFKA_BOOTSTRAP_SERVERS") { config.kafka.bootstrapServers = servers }
        if let v = value("KAFKA_SECURITY_PROTOCOL") { config.kafka.securityProtocol = v }
        if let v = value("KAFKA_SASL_MECHANISM") { config.kafka.saslMechanism = v }
        if let v = value("KAFKA_SASL_USERNAME") { config.kafka.saslUsername = v }
        if let v = value("KAFKA_SASL_PASSWORD") { config.kafka.saslPassword = v }
        func topic(_ name: String) -> String? {
            guard let raw = value(name) else { return nil }
            if let problem = Names.topicProblem(raw) {
                bad(name, "\(problem), got \(ConfigLoader.quoted(raw))")
                return nil
            }
            return raw
        }
        if let v = topic("KAFKA_TOPIC_USERS") { config.topics.users = v }
        if let v = topic("KAFKA_TOPIC_PRODUCTS") { config.topics.products = v }
        if let v = topic("KAFKA_TOPIC_INTERACTIONS") { config.topics.interactions = v }
        if let v = topic("KAFKA_TOPIC_SESSIONS") { config.topics.sessions = v }
        if let v = value("SCHEMA_REGISTRY_URL") { config.schemaRegistry.url = v }
        if let v = value("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO") { config.schemaRegistry.basicAuthUserInfo = v }
        if let raw = value("GENERATION_RATE") {
            if let rate = Double(raw), rate.isFinite, rate >= 0, rate <= config.limits.maxRate {
                config.defaults.rate = rate
            } else {
                bad(
                    "GENERATION_RATE",
                    "must be a number between 0 and limits.max_rate (\(TOMLSection.format(config.limits.maxRate))), got \"\(raw)\""
                )
            }
        }
        if let users = int("MAX_USERS", 1...1_000_000_000) { config.generator.users = users }
        if let products = int("MAX_PRODUCTS", 1...100_000_000) { config.generator.products = products }
        if let batch = int("BATCH_SIZE", 1...config.limits.maxBatchSize) { config.defaults.batchSize = batch }
        // PORT alone means a platform (Railway) routes to us: listen on every interface.
        if let port = int("PORT", 1...65535) {
            config.http.port = port
            config.http.enabled = true
            config.http.host = value("HOST") ?? "0.0.0.0"
        } else if let host = value("HOST") {
            config.http.host = host
        }
        config.sinks.redis.apply(environment: &reader)
        config.sinks.postgres.apply(environment: &reader)
        var issues = reader.issues
        issues += ShardEnvironment.apply(env, to: &config.generator, notes: &config.notes)
        if let socket = value("CLICKSTREAM_SOCKET") { config.daemon.socketPath = ConfigLoader.absolutePath(socket) }
        if !issues.isEmpty { throw .invalid(path: config.sourcePath, issues: issues) }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let c = slice.first, c.isWhitespace { slice = slice.dropFirst() }
        while let c = slice.last, c.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
