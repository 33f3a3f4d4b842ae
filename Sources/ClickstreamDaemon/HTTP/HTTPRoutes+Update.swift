import ClickstreamAPI
import Hummingbird

extension HTTPRoutes {
    /// `stream.update`'s fields as query parameters (a JSON body's take precedence).
    static let streamUpdateQuery: [String: JSONKind] = ["rate": .number, "schedule": .string]

    /// PATCH /stream/{stream_id} and POST /stream/update/{stream_id} (for clients without
    /// PATCH): both are `stream.update` with the path's stream and the body's or query's
    /// rate and schedule.
    func registerUpdate(on router: Router<HTTPRequestContext>, table: inout HTTPRouteTable) {
        let update: @Sendable (Request, HTTPRequestContext) async throws -> Response = { request, context in
            var params = try HTTPRequestParams.query(of: request, fields: Self.streamUpdateQuery)
            if let body = try await HTTPRequestParams.jsonBody(of: request, limit: self.settings.maxBodyBytes) {
                params.merge(body) { _, fromBody in fromBody }
            }
            params["stream_id"] = .string(context.parameters.get("stream_id") ?? "")
            return try await self.call(.streamUpdate, params: .object(params))
        }
        table.add(.patch, "/stream/:stream_id")
        router.patch("/stream/:stream_id", use: update)
        table.add(.post, "/stream/update/:stream_id")
        router.post("/stream/update/:stream_id", use: update)
    }
}
