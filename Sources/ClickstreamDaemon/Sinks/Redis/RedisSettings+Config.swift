extension RedisSinkSettings {
    /// The environment variables the Redis sink reads (the original service's, plus URL and password).
    static let environmentNames = ["REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_PASSWORD"]

    /// Reads `[sinks.redis]`: `url` first, then the single keys over it.
    static func read(_ s: inout TOMLSection) -> RedisSinkSettings {
        readSinkTable(&s) { r, s in
            if let host = s.optionalString("host") {
                if host.isEmpty { s.report("host", "must not be empty") } else { r.host = host }
            }
            r.port = s.int("port", default: r.port, in: 1...65535)
            r.database = s.int("db", default: r.database, in: 0...100_000)
            r.username = s.optionalString("username") ?? r.username
            r.password = s.optionalString("password") ?? r.password
            r.tls = s.bool("tls", default: r.tls)
            r.fields = s.choice("fields", default: r.fields)
            r.streamMaxLength = s.int("stream_max_length", default: r.streamMaxLength, in: 0...Int.max)
            r.sessionView = s.bool("session_view", default: r.sessionView)
            r.sessionTimeout = s.int("session_timeout", default: r.sessionTimeout, in: 1...31_536_000)
            r.maxInFlight = s.int("max_in_flight", default: r.maxInFlight, in: 1...10_000_000)
        }
    }

    /// Overlays REDIS_URL, then REDIS_HOST, REDIS_PORT, REDIS_DB and REDIS_PASSWORD; any of
    /// them turns the sink on. A malformed value becomes an issue of `reader`.
    mutating func apply(environment reader: inout EnvironmentReader) {
        if Self.environmentNames.contains(where: { reader.value($0) != nil }) { isConfigured = true }
        if let url = reader.value("REDIS_URL"), let problem = apply(url: url) { reader.bad("REDIS_URL", problem) }
        if let host = reader.value("REDIS_HOST") { self.host = host }
        port = reader.int("REDIS_PORT", 1...65535) ?? port
        database = reader.int("REDIS_DB", 0...100_000) ?? database
        if let password = reader.value("REDIS_PASSWORD") { self.password = password }
    }
}
