import ClickstreamGenerator
import ClickstreamModel
import Logging
import ServiceLifecycle

/// What the HTTP adapter gets from the daemon to build its service.
///
/// The adapter (HTTP/**) maps each REST route onto `handler.call(method, params:)`, the same
/// method table the Unix socket uses, and calls `onBound()` once its listener is bound (the
/// daemon sends READY=1 only after that).
struct HTTPContext: Sendable {
    let settings: HTTPSettings
    let handler: any RPCHandler
    /// Typed access for what REST needs beyond the method table (none today).
    let methods: MethodTable
    /// `[limits]` at startup (the method table re-checks against the live config anyway).
    let limits: LimitSettings
    /// The `format`s stream.start can serve (the registry ones only with a registry), for
    /// /openapi.json.
    let formats: [RecordFormat]
    /// The shared World (for NDJSON streaming straight from the generator).
    let world: @Sendable () -> World
    let logger: Logger
    let onBound: @Sendable () async -> Void
}

/// Builds the HTTP service; nil means "no HTTP adapter in this build" (the daemon then
/// runs without one and logs that).
typealias HTTPServiceFactory = @Sendable (HTTPContext) throws -> (any Service)?

/// The factory the daemon uses. The HTTP adapter replaces this with its own
/// (`{ context in try HTTPAdapter(context: context) }` or similar) when it lands.
let defaultHTTPServiceFactory: HTTPServiceFactory = httpAdapterFactory
