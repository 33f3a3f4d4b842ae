import ClickstreamGenerator
import ClickstreamModel
import Foundation
import Logging

/// What the HTTP adapter gets from the daemon: the `[http]` listener, the method table
/// (every REST route calls it, as the Unix socket does), `[limits]` at startup (stated in
/// /openapi.json; the method table checks against the live config anyway), the shared World
/// (NDJSON streaming straight from the generator) and the READY callback, called once the
/// listener is bound (the daemon sends READY=1 only after that).
struct HTTPContext: Sendable {
    let settings: HTTPSettings
    let handler: any RPCHandler
    let limits: LimitSettings
    /// The `format`s stream.start can serve (the registry ones only with a registry), for
    /// /openapi.json.
    let formats: [RecordFormat]
    let world: @Sendable () -> World
    let logger: Logger
    let onBound: @Sendable () async -> Void
}

extension HTTPServer {
    /// The daemon's HTTP adapter.
    ///
    /// The adapter's own caps come from `[http]` (max_body_bytes, max_ndjson_rate,
    /// max_ndjson_duration, max_ndjson_count); the environment's CLICKSTREAM_HTTP_MAX_BODY_BYTES,
    /// CLICKSTREAM_HTTP_MAX_NDJSON_RATE, _DURATION and _COUNT override them, and the bearer
    /// token is CLICKSTREAM_HTTP_TOKEN (a secret: environment only).
    convenience init(context: HTTPContext) {
        let environment = ProcessInfo.processInfo.environment
        func number(_ name: String) -> Double? {
            environment["CLICKSTREAM_HTTP_" + name].flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        }
        let limits = context.limits
        var httpLimits = HTTPLimits(
            maxGenerateCount: limits.maxGenerateCount, maxSampleCount: limits.maxSampleCount,
            maxRate: limits.maxRate, maxBatchSize: limits.maxBatchSize)
        httpLimits.maxNDJSONRate = number("MAX_NDJSON_RATE") ?? context.settings.maxNDJSONRate
        httpLimits.maxNDJSONDuration = number("MAX_NDJSON_DURATION") ?? context.settings.maxNDJSONDuration
        httpLimits.maxNDJSONCount = number("MAX_NDJSON_COUNT").map { Int($0) } ?? context.settings.maxNDJSONCount
        httpLimits.formats = context.formats
        let settings = HTTPServerSettings.resolve(
            host: context.settings.host, port: context.settings.port,
            maxBodyBytes: number("MAX_BODY_BYTES").map { Int($0) } ?? context.settings.maxBodyBytes,
            limits: httpLimits, environment: environment)
        let world = context.world
        self.init(
            handler: context.handler, settings: settings, ndjson: NDJSONSource(world: { world() }),
            logger: context.logger, onBound: context.onBound)
    }
}
