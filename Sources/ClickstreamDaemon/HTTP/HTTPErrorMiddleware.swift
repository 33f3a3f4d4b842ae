import ClickstreamAPI
import Hummingbird
import Logging

/// Turns every failure of a request into the API's error shape, `{"error": {code, message,
/// details}}`, so that no route (and no Hummingbird default) answers with an empty or HTML
/// body. Unmatched requests on a known path become 405 with an Allow header.
struct HTTPErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: HTTPRouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try mapped(error, request: request, context: context).response(from: request, context: context)
        }
    }

    private func mapped(_ error: any Error, request: Request, context: Context) -> HTTPAPIError {
        switch error {
        case let error as HTTPAPIError:
            return error
        case let error as RPCError:
            if error.knownCode == .internalError || error.knownCode == nil {
                context.logger.error(
                    "RPC call failed", metadata: ["path": "\(request.uri.path)", "error": "\(error.message)"])
            }
            return HTTPAPIError(rpc: error)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.methods(forPath: request.uri.path)
            guard !allowed.isEmpty else {
                return HTTPAPIError(.notFound, code: "not_found", "no route for \(request.method) \(request.uri.path)")
            }
            let list = allowed.map(\.rawValue).joined(separator: ", ")
            var headers = HTTPFields()
            headers[.allow] = list
            return HTTPAPIError(
                .methodNotAllowed, code: "method_not_allowed",
                "\(request.method) is not allowed on \(request.uri.path); allowed: \(list)",
                details: .object(["allowed": .array(allowed.map { .string($0.rawValue) })]),
                headers: headers)
        case let error as HTTPError:
            return HTTPAPIError(hummingbird: error)
        default:
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return HTTPAPIError(.internalServerError, code: "internal_error", "internal error: \(type(of: error))")
        }
    }
}
