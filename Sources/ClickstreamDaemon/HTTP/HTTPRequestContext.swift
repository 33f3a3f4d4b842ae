import Hummingbird
import NIOCore

/// The adapter's request context: Hummingbird's basics plus the client's address, which the
/// audit log records for every control action that came over HTTP (`CallerMiddleware`).
struct HTTPRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Sets `RequestCaller` for the method table to the HTTP client's address (`127.0.0.1:53412`).
struct CallerMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: HTTPRequestContext,
        next: (Request, HTTPRequestContext) async throws -> Response
    ) async throws -> Response {
        let who: String =
            switch context.remoteAddress {
            case .v4(let address)?: "\(address.host):\(context.remoteAddress?.port ?? 0)"
            case .v6(let address)?: "[\(address.host)]:\(context.remoteAddress?.port ?? 0)"
            case .unixDomainSocket?: context.remoteAddress?.pathname ?? "unix socket"
            case nil: "unknown client"
            }
        return try await RequestCaller.$current.withValue(RequestCaller(door: .http, who: who)) {
            try await next(request, context)
        }
    }
}
