import ClickstreamModel
import Hummingbird

/// Counts and times every HTTP request by route pattern and status (outermost middleware, so
/// it sees the status the client gets, errors included).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let seconds = start.duration(to: .now).seconds
        let name = "\(request.method.rawValue) \(context.endpointPath ?? "unmatched")"
        RequestMetrics.record(transport: "http", name: name, status: String(response.status.code), seconds: seconds)
        return response
    }
}
