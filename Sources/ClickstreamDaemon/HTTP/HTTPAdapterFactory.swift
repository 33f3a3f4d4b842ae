import ClickstreamGenerator
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
    let world: @Sendable () -> World
    let logger: Logger
    let onBound: @Sendable () async -> Void
}

extension HTTPServer {
    /// The daemon's HTTP adapter.
    ///
    /// From the environment until `[http]` has keys for them: CLICKSTREAM_HTTP_TOKEN, and the
    /// adapter's own caps CLICKSTREAM_HTTP_MAX_BODY_BYTES, CLICKSTREAM_HTTP_MAX_NDJSON_RATE,
    /// CLICKSTREAM_HTTP_MAX_NDJSON_DURATION, CLICKSTREAM_HTTP_MAX_NDJSON_COUNT.
    convenience init(context: HTTPContext) {
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
        let settings = HTTPServerSettings.resolve(
            host: context.settings.host, port: context.settings.port,
            maxBodyBytes: number("MAX_BODY_BYTES").map { Int($0) } ?? 64 * 1024,
            limits: httpLimits, environment: environment)
        let world = context.world
        self.init(handler: context.handler, settings: settings, ndjson: NDJSONSource(world: { world() }),
                  logger: context.logger, onBound: context.onBound)
    }
}
