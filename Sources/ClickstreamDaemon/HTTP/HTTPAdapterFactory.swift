import Foundation
import ServiceLifecycle

/// Builds the HTTP adapter from what the daemon hands over (`HTTPContext`): the `[http]`
/// listener, the method table, `[limits]` (stated in /openapi.json), the shared World (NDJSON
/// streaming) and the READY callback.
///
/// From the environment until `[http]` has keys for them: CLICKSTREAM_HTTP_TOKEN, and the
/// adapter's own caps CLICKSTREAM_HTTP_MAX_BODY_BYTES, CLICKSTREAM_HTTP_MAX_NDJSON_RATE,
/// CLICKSTREAM_HTTP_MAX_NDJSON_DURATION, CLICKSTREAM_HTTP_MAX_NDJSON_COUNT.
let httpAdapterFactory: HTTPServiceFactory = { context in
    let environment = ProcessInfo.processInfo.environment
    func number(_ name: String) -> Double? {
        environment["CLICKSTREAM_HTTP_" + name].flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }
    let limits = context.limits
    var httpLimits = HTTPLimits(maxGenerateCount: limits.maxGenerateCount, maxSampleCount: limits.maxSampleCount,
                                maxRate: limits.maxRate, maxBatchSize: limits.maxBatchSize)
    httpLimits.maxNDJSONRate = number("MAX_NDJSON_RATE") ?? httpLimits.maxNDJSONRate
    httpLimits.maxNDJSONDuration = number("MAX_NDJSON_DURATION") ?? httpLimits.maxNDJSONDuration
    httpLimits.maxNDJSONCount = number("MAX_NDJSON_COUNT").map { Int($0) } ?? httpLimits.maxNDJSONCount
    httpLimits.formats = context.formats
    let settings = HTTPServerSettings.resolve(
        host: context.settings.host, port: context.settings.port,
        maxBodyBytes: number("MAX_BODY_BYTES").map { Int($0) } ?? 64 * 1024,
        limits: httpLimits, environment: environment)
    let world = context.world
    return HTTPServer(handler: context.handler, settings: settings, ndjson: NDJSONSource(world: { world() }),
                      logger: context.logger, onBound: context.onBound)
}
