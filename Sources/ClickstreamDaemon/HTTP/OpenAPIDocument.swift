import ClickstreamAPI
import Foundation

/// GET /openapi.json: OpenAPI 3.1 for every route, schema and error of this server.
///
/// Built per server from its settings, so it states the caps in force and asks for the bearer
/// token only when the server requires it: schemathesis tests the running daemon against
/// exactly what it serves.
struct OpenAPIDocument: Sendable {
    let document: JSONValue

    init(settings: HTTPServerSettings) {
        let limits = settings.limits
        var schemasText = OpenAPISchemas.json
        for (token, value) in [
            ("__MAX_GENERATE_COUNT__", Double(limits.maxGenerateCount)), ("__MAX_RATE__", limits.maxRate),
            ("__MAX_BATCH_SIZE__", Double(limits.maxBatchSize)),
        ] {
            schemasText = schemasText.replacingOccurrences(of: "\"\(token)\"", with: value.compact)
        }
        let formats = limits.formats.map { "\"\($0.rawValue)\"" } + ["null"]
        schemasText = schemasText.replacingOccurrences(
            of: "\"__FORMATS__\"", with: "[" + formats.joined(separator: ", ") + "]")
        let schemas = (try? JSONDecoder().decode(JSONValue.self, from: Data(schemasText.utf8))) ?? .object([:])
        var components: [String: JSONValue] = ["schemas": schemas]
        let secured = settings.bearerToken != nil
        if secured {
            components["securitySchemes"] = .object([
                "bearer": .object([
                    "type": .string("http"), "scheme": .string("bearer"),
                    "description": .string("CLICKSTREAM_HTTP_TOKEN; required on POST routes."),
                ])
            ])
        }
        let paths = OpenAPIPaths(
            limits: limits, secured: secured, mutationsRefused: settings.mutationsNeedToken && !secured)
        document = .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("clickstream"),
                "version": .string(clickstreamVersion),
                "description": .string(Self.description),
            ]),
            "paths": paths.all,
            "components": .object(components),
        ])
    }

    static let description = """
        The HTTP API of clickstreamd, compatible with the original Clickstream Data Generator. \
        Every route maps onto one method of the daemon's RPC table (the same one clickctl uses). \
        Errors are {"error": {"code", "message", "details"}}. On a non-loopback address, or \
        whenever CLICKSTREAM_HTTP_TOKEN is set, POST routes need "Authorization: Bearer <token>"; \
        read-only routes stay open.
        """

    func jsonBytes() -> [UInt8] {
        return Array((try? JSONEncoder.clickstreamAPI().encode(document)) ?? Data("{}".utf8))
    }
}
