import Foundation
import ServiceLifecycle

/// Builds the HTTP adapter from what the daemon hands over (`HTTPContext`): the `[http]`
/// listener, the method table, `[limits]` (stated in /openapi.json), the shared World (NDJSON
/// streaming) and the READY callback.
///
/// The adapter's own caps come from `[http]` (max_body_bytes, max_ndjson_rate,
/// max_ndjson_duration, max_ndjson_count); the environment's CLICKSTREAM_HTTP_MAX_BODY_BYTES,
/// CLICKSTREAM_HTTP_MAX_NDJSON_RATE, _DURATION and _COUNT override them, and the bearer token
/// is CLICKSTREAM_HTTP_TOKEN (a secret: environment only).
let httpAdapterFactory: HTTPServiceFactory = { context in
    let environment = ProcessInfo.processInfo.environment
    func number(_ name: String) -> Double? {
        environment["CLICKSTREAM_HTTP_" + name].flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }
    let limits = context.limits
    var httpLimits = HTTPLimits(maxGenerateCount: limits.maxGenerateCount, maxSampleCount: limits.maxSampleCount,
                                maxRate: limits.maxRate, maxBatchSize: limits.maxBatchSize)
    httpLimits.maxNDJSONRate = number("MAX_NDJSON_RATE") ?? context.settings.maxNDJSONRate
    httpLimits.maxNDJSONDuration = number("MAX_NDJSON_DURATION") ?? context.settings.maxNDJSONDuration
    httpLimits.maxNDJSONCount = number("MAX_NDJSON_COUNT").map { Int($0) } ?? context.settings.maxNDJSONCount
    let settings = HTTPServerSettings.resolve(
        host: context.settings.host, port: context.settings.port,
        maxBodyBytes: number("MAX_BODY_BYTES").map { Int($0) } ?? context.settings.maxBodyBytes,
        limits: httpLimits, environment: environment)
    let world = context.world
    return HTTPServer(handler: context.handler, settings: settings, ndjson: NDJSONSource(world: { world() }),
                      logger: context.logger, onBound: context.onBound)
}
