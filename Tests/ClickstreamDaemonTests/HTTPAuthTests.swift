import Foundation
import Testing

@testable import ClickstreamDaemon

@Suite("HTTP adapter bearer token")
struct HTTPAuthTests {
    @Test func postNeedsTheTokenOnceConfiguredAndReadsStayOpen() async throws {
        let settings = HTTPServerSettings(host: "127.0.0.1", port: 0, bearerToken: "s3cret")
        try await withHTTPServer(settings: settings) { client, _ in
            let missing = try await client.post("/stream/start")
            #expect(missing.status == 401)
            #expect(missing.error["code"] as? String == "unauthorized")
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)

            let wrong = try await client.post("/stream/start", headers: ["Authorization": "Bearer nope"])
            #expect(wrong.status == 401)

            let right = try await client.post("/stream/start", headers: ["Authorization": "Bearer s3cret"])
            #expect(right.status == 200)

            let read = try await client.get("/stream/status")
            #expect(read.status == 200)
            let health = try await client.get("/health")
            #expect(health.status == 200)
        }
    }

    @Test func nonLoopbackWithoutTokenRefusesMutations() async throws {
        // 0.0.0.0 is reachable from other hosts: POST is refused until a token is set.
        let settings = HTTPServerSettings(host: "0.0.0.0", port: 0)
        #expect(settings.mutationsNeedToken)
        try await withHTTPServer(settings: settings) { client, _ in
            let post = try await client.post("/generate/users", json: "{}")
            #expect(post.refused(403, mentioning: "CLICKSTREAM_HTTP_TOKEN"), "\(post.text)")
            let read = try await client.get("/generate/sample/users")
            #expect(read.status == 200)
        }
    }

    @Test func tokenFromTheEnvironmentAndLoopbackRule() {
        let local = HTTPServerSettings.resolve(environment: [:])
        #expect(local.host == "127.0.0.1" && local.port == 8000 && !local.mutationsNeedToken)
        let railway = HTTPServerSettings.resolve(
            host: "0.0.0.0", port: 9123, environment: ["CLICKSTREAM_HTTP_TOKEN": "t"])
        #expect(railway.bearerToken == "t" && railway.mutationsNeedToken)
        #expect(HTTPServerSettings.resolve(host: "0.0.0.0", environment: [:]).mutationsNeedToken)
        #expect(
            !HTTPServerSettings.resolve(host: "::1", environment: ["CLICKSTREAM_HTTP_TOKEN": ""]).mutationsNeedToken)
        #expect(BearerToken.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerToken.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerToken.constantTimeEquals(Array("abc".utf8), Array("ab".utf8)))
    }
}
