import ClickstreamAPI
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// clickstreamd's HTTP adapter: the original service's REST API on the shared RPC method
/// table, plus NDJSON streaming, /metrics, /openapi.json and /docs.
///
/// A swift-service-lifecycle `Service`: run it in the daemon's ServiceGroup; it stops
/// accepting on graceful shutdown, ends open NDJSON streams and returns.
final class HTTPServer: Service, Sendable {
    let settings: HTTPServerSettings
    /// Open NDJSON responses; a gauge on /metrics.
    let ndjsonActivity = NDJSONActivity()

    private let handler: any RPCHandler
    private let ndjson: NDJSONSource
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger
    private let port = BoundPort()
    private let openAPI: OpenAPIDocument
    private let docsPage: [UInt8]
    private let onBound: @Sendable () async -> Void

    /// - Parameters:
    ///   - handler: the daemon's method table; every REST route calls it.
    ///   - settings: address, token, body and request caps (`HTTPServerSettings.resolve` reads PORT
    ///     and CLICKSTREAM_HTTP_TOKEN).
    ///   - ndjson: the generator config for GET /stream/{interactions,users,...}.
    ///   - registry: where /metrics reads request metrics from (`DaemonMetrics.bootstrap()`).
    ///   - onBound: called once the listener is bound (the daemon sends READY=1 after it).
    init(
        handler: any RPCHandler, settings: HTTPServerSettings, ndjson: NDJSONSource = NDJSONSource(),
        registry: PrometheusCollectorRegistry = DaemonMetrics.bootstrap(), logger: Logger,
        onBound: @escaping @Sendable () async -> Void = {}
    ) {
        self.onBound = onBound
        self.handler = handler
        self.settings = settings
        self.ndjson = ndjson
        self.registry = registry
        self.logger = logger
        openAPI = OpenAPIDocument(settings: settings)
        docsPage = Array(DocsPage(document: openAPI.document).html().utf8)
    }

    /// The router with every route and middleware; `run()` serves it.
    func makeRouter() -> Router<HTTPRequestContext> {
        // Middlewares apply only to routes added after them, and the error middleware needs
        // the finished route table (for 405): a first pass collects the table.
        var table = HTTPRouteTable()
        registerRoutes(on: Router(context: HTTPRequestContext.self), table: &table)
        let router = Router(context: HTTPRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware())
        router.add(middleware: HTTPErrorMiddleware(routes: table))
        router.add(middleware: BearerAuthMiddleware(settings: settings))
        router.add(middleware: CallerMiddleware())
        var unused = HTTPRouteTable()
        registerRoutes(on: router, table: &unused)
        return router
    }

    private func registerRoutes(on router: Router<HTTPRequestContext>, table: inout HTTPRouteTable) {
        HTTPRoutes(handler: handler, settings: settings).register(on: router, table: &table)
        NDJSONRoutes(source: ndjson, limits: settings.limits, active: ndjsonActivity).register(
            on: router, table: &table)
        let openAPIBytes = openAPI.jsonBytes()
        let docs = docsPage
        table.add(.get, "/openapi.json")
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: openAPIBytes)))
        }
        table.add(.get, "/docs")
        router.get("/docs") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: docs)))
        }
        table.add(.get, "/metrics")
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: await self.metricsText())))
        }
    }

    /// Serves until graceful shutdown or cancellation.
    func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port),
                serverName: "clickstreamd/\(clickstreamVersion)"),
            onServerRunning: { [port, logger, settings, onBound] channel in
                let bound = channel.localAddress?.port ?? settings.port
                logger.info(
                    "HTTP API listening",
                    metadata: [
                        "address": "\(settings.host):\(bound)",
                        "mutations":
                            "\(settings.mutationsNeedToken ? (settings.bearerToken == nil ? "refused (no token)" : "bearer token") : "open (loopback)")",
                    ])
                port.resolve(.success(bound))
                await onBound()
            },
            logger: logger
        )
        do {
            try await application.run()
            port.resolve(.failure(HTTPServerError.stopped))
        } catch {
            port.resolve(.failure(error))
            throw error
        }
    }

    /// The port the server listens on, once it does (useful with port 0); throws when the
    /// server failed to start or has stopped.
    func boundPort() async throws -> Int {
        try await port.value()
    }

    /// Request metrics from the registry, then the stream figures of `stream.stats`.
    private func metricsText() async -> [UInt8] {
        var bytes = registry.emitToBuffer()
        do {
            let result = try await handler.call(.streamStats, params: nil)
            let stats = try JSONDecoder().decode(StreamStatsResult.self, from: Data(result))
            bytes += Array(StreamMetricsExport(stats: stats, ndjsonOpen: ndjsonActivity.open).text.utf8)
        } catch {
            logger.warning("stream figures missing from /metrics", metadata: ["error": "\(error)"])
        }
        return bytes
    }
}

enum HTTPServerError: Error {
    case stopped
}

/// The bound port, handed from `onServerRunning` to whoever waits in `boundPort()`.
final class BoundPort: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiters: [CheckedContinuation<Int, any Error>])>(
        (nil, []))

    func resolve(_ result: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            if state.result == nil { state.result = result }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.result { return result }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
