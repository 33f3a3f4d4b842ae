import ClickstreamAPI
import ClickstreamModel
import Foundation
import Hummingbird

/// The documented REST API, each route a thin mapping onto one method of the shared RPC
/// table: decode the path, query and body into params, call, and send the result's JSON bytes
/// as they are (no re-encoding). Errors leave as `HTTPAPIError` / `RPCError` and are shaped by
/// `HTTPErrorMiddleware`.
struct HTTPRoutes: Sendable {
    let handler: any RPCHandler
    let settings: HTTPServerSettings

    /// The data types of POST /generate/{data_type}.
    static let generateMethods: [String: RPCMethod] = [
        "users": .generateUsers, "products": .generateProducts,
        "interactions": .generateInteractions, "sessions": .generateSessions,
    ]
    /// The data types of GET /generate/sample/{data_type} (the original had no session sample).
    static let sampleMethods: [String: RPCMethod] = [
        "users": .sampleUsers, "products": .sampleProducts, "interactions": .sampleInteractions,
    ]
    /// POST /stream/start reads these from the query string as well as from the JSON body
    /// (the original's code took query parameters, its README a body; both keep working; a
    /// field in both takes the body's value).
    static let streamStartQuery: [String: JSONKind] = Dictionary(
        uniqueKeysWithValues: StreamSpec.CodingKeys.allCases.map { ($0.rawValue, $0.kind) })

    func register(on router: Router<HTTPRequestContext>, table: inout HTTPRouteTable) {
        table.add(.get, "/")
        router.get("/") { _, _ in try await self.root() }
        table.add(.get, "/health")
        router.get("/health") { _, _ in try await self.call(.health) }

        table.add(.post, "/generate/:data_type")
        router.post("/generate/:data_type") { request, context in
            let method = try Self.method(for: context.parameters.get("data_type"), in: Self.generateMethods)
            let body = try await HTTPRequestParams.jsonBody(of: request, limit: self.settings.maxBodyBytes)
            return try await self.call(method, params: body.map(JSONValue.object))
        }
        table.add(.get, "/generate/sample/:data_type")
        router.get("/generate/sample/:data_type") { request, context in
            let method = try Self.method(for: context.parameters.get("data_type"), in: Self.sampleMethods)
            let query = try HTTPRequestParams.query(of: request, fields: ["count": JSONKind.integer])
            return try await self.call(method, params: .object(query))
        }

        table.add(.post, "/stream/start")
        router.post("/stream/start") { request, _ in
            var params = try HTTPRequestParams.query(of: request, fields: Self.streamStartQuery)
            if let body = try await HTTPRequestParams.jsonBody(of: request, limit: self.settings.maxBodyBytes) {
                params.merge(body) { _, fromBody in fromBody }
            }
            try Self.checkDataType(params["data_type"])
            return try await self.call(.streamStart, params: .object(params))
        }
        table.add(.post, "/stream/stop/:stream_id")
        router.post("/stream/stop/:stream_id") { request, context in
            let id = context.parameters.get("stream_id") ?? ""
            return try await self.call(.streamStop, params: .object(["stream_id": .string(id)]))
        }
        registerUpdate(on: router, table: &table)
        table.add(.get, "/audit")
        router.get("/audit") { request, _ in
            let query = try HTTPRequestParams.query(of: request, fields: ["limit": JSONKind.integer])
            return try await self.call(.auditList, params: .object(query))
        }
        table.add(.get, "/stream/status")
        router.get("/stream/status") { _, _ in try await self.call(.streamStatus) }
        table.add(.get, "/stream/stats")
        router.get("/stream/stats") { _, _ in try await self.call(.streamStats) }
    }

    /// Calls the method table and sends its bytes as the JSON response.
    func call(_ method: RPCMethod, params: JSONValue? = nil) async throws -> Response {
        Self.json(try await handler.call(method, params: params))
    }

    /// GET /: the original's basic info (message, version, status), with the version from
    /// `daemon.version` and pointers to the documentation.
    func root() async throws -> Response {
        let bytes = try await handler.call(.daemonVersion, params: nil)
        let version = (try? JSONDecoder().decode(VersionResult.self, from: Data(bytes)))?.version ?? clickstreamVersion
        let info = RootInfo(
            message: "Clickstream Data Generator", version: version, status: "running",
            docs: "/docs", openapi: "/openapi.json")
        let encoder = JSONEncoder.clickstreamAPI()
        return Self.json(Array(try encoder.encode(info)))
    }

    struct RootInfo: Encodable {
        var message: String
        var version: String
        var status: String
        var docs: String
        var openapi: String
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Maps a path's data type to its method; an unknown one is a 400 that names it.
    static func method(for dataType: String?, in methods: [String: RPCMethod]) throws -> RPCMethod {
        let given = dataType ?? ""
        guard let method = methods[given] else {
            throw invalidDataType(given, allowed: methods.keys.sorted())
        }
        return method
    }

    /// stream.start would reject it too; checked here so the 400 has the original's wording.
    static func checkDataType(_ value: JSONValue?) throws {
        guard let value else { return }
        guard case .string(let text) = value, DataType(rawValue: text) != nil else {
            let given: String = if case .string(let text) = value { text } else { "\(value)" }
            throw invalidDataType(given, allowed: DataType.allCases.map(\.rawValue))
        }
    }

    static func invalidDataType(_ given: String, allowed: [String]) -> HTTPAPIError {
        .badRequest(
            "Invalid data_type: \"\(given)\"; expected one of \(allowed.joined(separator: ", "))",
            details: .object([
                "field": .string("data_type"), "given": .string(given),
                "expected": .array(allowed.map(JSONValue.string)),
            ]))
    }
}
