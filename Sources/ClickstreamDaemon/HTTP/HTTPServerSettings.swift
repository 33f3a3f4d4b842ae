import ClickstreamModel

/// Where the HTTP adapter listens, who may change things through it, and how much one
/// request may ask for.
///
/// Built by clickstreamd's main from the config file and the environment; the server itself
/// never reads the environment, so tests can run several servers side by side.
struct HTTPServerSettings: Sendable, Equatable {
    /// 127.0.0.1 unless the deployment says otherwise (PORT set: 0.0.0.0, as on Railway;
    /// the daemon's config applies that).
    var host: String
    /// 0 asks the kernel for a free port; `HTTPServer.boundPort()` reports it.
    var port: Int
    /// CLICKSTREAM_HTTP_TOKEN: required as `Authorization: Bearer <token>` on POST routes
    /// whenever it is set, and whenever the server is reachable from other hosts.
    var bearerToken: String?
    /// Requests with a larger body are refused with 413 before the body is read.
    var maxBodyBytes: Int
    /// Caps the adapter enforces itself (NDJSON streaming) or advertises in /openapi.json.
    var limits: HTTPLimits

    init(
        host: String = "127.0.0.1", port: Int = 8000, bearerToken: String? = nil, maxBodyBytes: Int = 64 * 1024,
        limits: HTTPLimits = HTTPLimits()
    ) {
        self.host = host
        self.port = port
        self.bearerToken = bearerToken.flatMap { $0.isEmpty ? nil : $0 }
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
    }

    /// The settings for the daemon's `[http]` listener. PORT/HOST are already applied to
    /// `host`/`port` by the config's environment overrides (PORT set: 0.0.0.0:$PORT, as on
    /// Railway); CLICKSTREAM_HTTP_TOKEN, when set and not empty, overrides the config's token.
    static func resolve(
        host: String = "127.0.0.1", port: Int = 8000, bearerToken: String? = nil,
        maxBodyBytes: Int = 64 * 1024, limits: HTTPLimits = HTTPLimits(),
        environment: [String: String]
    ) -> HTTPServerSettings {
        var settings = HTTPServerSettings(
            host: host, port: port, bearerToken: bearerToken, maxBodyBytes: maxBodyBytes, limits: limits)
        if let token = environment["CLICKSTREAM_HTTP_TOKEN"], !token.isEmpty {
            settings.bearerToken = token
        }
        return settings
    }

    /// Whether only this machine can reach the server.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// POST routes need the bearer token: always when one is configured, and always off
    /// loopback (without a configured token they are then refused outright).
    var mutationsNeedToken: Bool { bearerToken != nil || !isLoopback }
}

/// The caps of one HTTP request. The RPC methods enforce their own caps (count, rate, batch
/// size) from the daemon's `[limits]`; main copies the same figures here so that
/// /openapi.json states them. The NDJSON routes are the adapter's own and use these directly.
struct HTTPLimits: Sendable, Equatable {
    /// `count` of POST /generate/* (the original capped it at 10,000).
    var maxGenerateCount: Int = 10_000
    /// `count` of GET /generate/sample/*.
    var maxSampleCount: Int = 1_000
    /// `rate` of POST /generate/* and POST /stream/start, records per second.
    var maxRate: Double = 100_000
    /// `batch_size` of POST /generate/*.
    var maxBatchSize: Int = 10_000
    /// `rate` of the NDJSON routes, records per second (`[http] max_ndjson_rate`).
    var maxNDJSONRate: Double
    /// `duration` of the NDJSON routes, seconds; also their default when no count is given.
    var maxNDJSONDuration: Double
    /// `count` of the NDJSON routes.
    var maxNDJSONCount: Int
    /// `format` values of POST /stream/start this daemon serves (registry formats need
    /// `[schema_registry]`), so that the document offers only what is accepted.
    var formats: [RecordFormat] = RecordFormat.allCases

    init(
        maxGenerateCount: Int = 10_000, maxSampleCount: Int = 1_000, maxRate: Double = 100_000,
        maxBatchSize: Int = 10_000, maxNDJSONRate: Double = HTTPSettings().maxNDJSONRate,
        maxNDJSONDuration: Double = HTTPSettings().maxNDJSONDuration,
        maxNDJSONCount: Int = HTTPSettings().maxNDJSONCount
    ) {
        self.maxGenerateCount = maxGenerateCount
        self.maxSampleCount = maxSampleCount
        self.maxRate = maxRate
        self.maxBatchSize = maxBatchSize
        self.maxNDJSONRate = maxNDJSONRate
        self.maxNDJSONDuration = maxNDJSONDuration
        self.maxNDJSONCount = maxNDJSONCount
    }
}
