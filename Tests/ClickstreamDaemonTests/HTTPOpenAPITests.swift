import ClickstreamAPI
import Foundation
import Testing

@testable import ClickstreamDaemon

@Suite("HTTP /openapi.json and /docs")
struct HTTPOpenAPITests {
    static let routes = [
        ("get", "/"), ("get", "/health"), ("post", "/generate/{data_type}"), ("get", "/generate/sample/{data_type}"),
        ("post", "/stream/start"), ("post", "/stream/stop/{stream_id}"), ("get", "/stream/status"),
        ("get", "/stream/stats"), ("patch", "/stream/{stream_id}"), ("post", "/stream/update/{stream_id}"),
        ("get", "/audit"),
        ("get", "/stream/interactions"), ("get", "/stream/users"), ("get", "/metrics"), ("get", "/openapi.json"),
        ("get", "/docs"),
    ]

    @Test func documentDescribesEveryRouteWithItsCaps() async throws {
        var limits = HTTPLimits()
        limits.maxGenerateCount = 123
        try await withHTTPServer(settings: HTTPServerSettings(host: "127.0.0.1", port: 0, limits: limits)) {
            client, _ in
            let response = try await client.get("/openapi.json")
            #expect(response.status == 200)
            let document = response.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            for (method, path) in Self.routes {
                #expect(paths[path]?[method] != nil, "\(method) \(path) missing")
            }
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            let request = schemas["GenerationRequest"] as? [String: Any]
            let count = (request?["properties"] as? [String: Any])?["count"] as? [String: Any]
            #expect(count?["maximum"] as? Int == 123)
            #expect((document["components"] as? [String: Any])?["securitySchemes"] == nil)
            // Every $ref resolves.
            for reference in Self.references(in: document) {
                let name = String(reference.split(separator: "/").last ?? "")
                #expect(schemas[name] != nil, "dangling \(reference)")
            }
        }
    }

    /// The one stream spec is the truth; the hand-written schema must list each of its fields
    /// (a field added to `StreamSpec` without its schema fails here).
    @Test func streamStartSchemaListsEveryStreamSpecField() throws {
        let document = OpenAPIDocument(settings: HTTPServerSettings(host: "127.0.0.1", port: 0)).document
        guard case .object(let properties)? = document["components"]?["schemas"]?["StreamStartRequest"]?["properties"]
        else {
            Issue.record("no StreamStartRequest schema")
            return
        }
        #expect(Set(properties.keys) == StreamSpec.fieldNames)
    }

    @Test func tokenAddsTheSecurityScheme() async throws {
        let document = OpenAPIDocument(settings: HTTPServerSettings(host: "127.0.0.1", port: 0, bearerToken: "t"))
            .document
        #expect(document["components"]?["securitySchemes"]?["bearer"] != nil)
        #expect(document["paths"]?["/stream/start"]?["post"]?["security"] != nil)
        #expect(document["paths"]?["/stream/start"]?["post"]?["responses"]?["401"] != nil)
        #expect(document["paths"]?["/stream/status"]?["get"]?["security"] == nil)
    }

    @Test func docsPageIsSelfContainedHTML() async throws {
        try await withHTTPServer { client, _ in
            let response = try await client.get("/docs")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/html") == true)
            let html = response.text
            #expect(html.contains("<style>"))
            #expect(!html.contains("<script"))
            #expect(!html.contains("src=\"http"))
            #expect(!html.contains("href=\"http"))
            #expect(html.contains("/stream/stop/{stream_id}"))
            #expect(html.contains("GenerationResponse"))
        }
    }

    static func references(in value: Any) -> [String] {
        switch value {
        case let object as [String: Any]:
            return (object["$ref"] as? String).map { [$0] } ?? [] + object.values.flatMap { references(in: $0) }
        case let array as [Any]:
            return array.flatMap { references(in: $0) }
        default:
            return []
        }
    }
}
