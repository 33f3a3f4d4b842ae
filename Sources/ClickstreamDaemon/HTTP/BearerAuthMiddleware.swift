import Hummingbird

/// Guards the mutating routes (POST and PATCH: generate, stream start/stop/update) with a bearer token once the
/// server is reachable from other hosts, or whenever a token is configured. Read-only routes
/// stay open: health checks and dashboards must not need a secret.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let settings: HTTPServerSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .post || request.method == .patch, settings.mutationsNeedToken else {
            return try await next(request, context)
        }
        guard let token = settings.bearerToken else {
            throw HTTPAPIError(
                .forbidden, code: "forbidden",
                "mutating endpoints are disabled on a non-loopback address (\(settings.host)) until a token is set: CLICKSTREAM_HTTP_TOKEN"
            )
        }
        var challenge = HTTPFields()
        challenge[.wwwAuthenticate] = "Bearer realm=\"clickstream\""
        guard let header = request.headers[.authorization] else {
            throw HTTPAPIError(
                .unauthorized, code: "unauthorized",
                "this endpoint needs an Authorization: Bearer <token> header (CLICKSTREAM_HTTP_TOKEN)",
                headers: challenge)
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix,
            BearerToken.constantTimeEquals(Array(header.utf8.dropFirst(prefix.count)), Array(token.utf8))
        else {
            throw HTTPAPIError(.unauthorized, code: "unauthorized", "the bearer token is not valid", headers: challenge)
        }
        return try await next(request, context)
    }
}

enum BearerToken {
    /// Compares without an early exit, so response time does not reveal a matching prefix.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
