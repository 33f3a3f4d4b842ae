import ClickstreamAPI
import Foundation
import Testing

@testable import ClickstreamDaemon

/// Every route and error of the HTTP adapter, over real TCP against a listening server, with
/// a canned method table (the transport alone; HTTPDaemonTests runs the real daemon).
@Suite("HTTP adapter routes")
struct HTTPServerTests {
    @Test func rootAndHealth() async throws {
        try await withHTTPServer { client, _ in
            let root = try await client.get("/")
            #expect(root.status == 200)
            #expect(root.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(root.object["version"] as? String == clickstreamVersion)
            #expect(root.object["status"] as? String == "running")
            #expect(root.object["message"] is String)

            let health = try await client.get("/health")
            #expect(health.status == 200)
            #expect(health.object["status"] as? String == "healthy")
            #expect(health.object["kafka_connected"] as? Bool == false)
            #expect(health.object["timestamp"] is String)
        }
    }

    @Test func generateMapsBodyToTheMethodAndSendsItsBytes() async throws {
        let handler = HTTPCannedHandler()
        try await withHTTPServer(handler: handler) { client, _ in
            for type in ["users", "products", "interactions", "sessions"] {
                let response = try await client.post("/generate/\(type)", json: #"{"count": 7, "batch_size": 5}"#)
                #expect(response.status == 200)
                #expect(response.object["count_generated"] as? Int == 7)
                #expect(response.object["success"] as? Bool == true)
            }
            let empty = try await client.post("/generate/users")
            #expect(empty.status == 200)
            #expect(empty.object["count_generated"] as? Int == 100)
        }
        let calls = handler.calls.withLock { $0 }
        #expect(
            calls.map(\.0) == [
                .generateUsers, .generateProducts, .generateInteractions, .generateSessions, .generateUsers,
            ])
        #expect(calls[0].1 == .object(["count": .number(7), "batch_size": .number(5)]))
        #expect(calls[4].1 == nil)
    }

    @Test func generateErrors() async throws {
        try await withHTTPServer { client, _ in
            let badType = try await client.post("/generate/widgets", json: "{}")
            #expect(badType.refused(400, mentioning: "widgets"), "\(badType.text)")
            #expect(badType.error["code"] as? String == "invalid_params")

            let badJSON = try await client.post("/generate/users", json: "{count: 1")
            #expect(badJSON.status == 400)
            #expect(badJSON.error["code"] as? String == "invalid_json")

            let notObject = try await client.post("/generate/users", json: "[1]")
            #expect(notObject.status == 400)

            let overCap = try await client.post("/generate/users", json: #"{"count": 1000}"#)
            #expect(overCap.status == 422)
            #expect(overCap.error["code"] as? String == "limit_exceeded")
            #expect((overCap.error["message"] as? String)?.contains("max_generate_count") == true)
            #expect((overCap.error["details"] as? [String: Any])?["cap"] as? String == "max_generate_count")
        }
    }

    @Test func bodyLimitIs413NamingTheCap() async throws {
        try await withHTTPServer(settings: HTTPServerSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 100)) {
            client, _ in
            let big = "{\"topic\": \"" + String(repeating: "x", count: 500) + "\"}"
            let response = try await client.post("/generate/users", json: big)
            #expect(response.status == 413)
            #expect(response.error["code"] as? String == "payload_too_large")
            #expect((response.error["message"] as? String)?.contains("max_body_bytes") == true)
        }
    }

    @Test func samples() async throws {
        let handler = HTTPCannedHandler()
        try await withHTTPServer(handler: handler) { client, _ in
            for type in ["users", "products", "interactions"] {
                let response = try await client.get("/generate/sample/\(type)?count=3")
                #expect(response.status == 200)
                #expect(response.json is [Any])
            }
            let bad = try await client.get("/generate/sample/sessions")
            #expect(bad.refused(400, mentioning: "sessions"), "\(bad.text)")
            let notNumber = try await client.get("/generate/sample/users?count=many")
            #expect(notNumber.refused(400, mentioning: "count"), "\(notNumber.text)")
        }
        let calls = handler.calls.withLock { $0 }
        #expect(calls.map(\.0) == [.sampleUsers, .sampleProducts, .sampleInteractions])
        #expect(calls[0].1 == .object(["count": .number(3)]))
    }

    @Test func streamStartFromQueryOrBody() async throws {
        let handler = HTTPCannedHandler()
        try await withHTTPServer(handler: handler) { client, _ in
            let byQuery = try await client.post("/stream/start?data_type=users&rate=5&max_count=20&duration=2.5")
            #expect(byQuery.status == 200)
            #expect(byQuery.object["stream_id"] as? String == "s-1")
            #expect(byQuery.object["status"] as? String == "started")
            let byBody = try await client.post("/stream/start?rate=1", json: #"{"data_type": "sessions", "rate": 3}"#)
            #expect(byBody.status == 200)

            let invalid = try await client.post("/stream/start?data_type=clicks")
            #expect(invalid.refused(400, mentioning: "clicks"), "\(invalid.text)")
            let notNumber = try await client.post("/stream/start?rate=fast")
            #expect(notNumber.status == 400)
        }
        let calls = handler.calls.withLock { $0 }.filter { $0.0 == .streamStart }
        #expect(calls.count == 2)
        #expect(
            calls[0].1
                == .object([
                    "data_type": .string("users"), "rate": .number(5), "max_count": .number(20),
                    "duration": .number(2.5),
                ]))
        #expect(calls[1].1 == .object(["data_type": .string("sessions"), "rate": .number(3)]))
    }

    @Test func streamStopStatusStats() async throws {
        try await withHTTPServer { client, _ in
            let stopped = try await client.post("/stream/stop/s-1")
            #expect(stopped.status == 200)
            #expect(stopped.object["status"] as? String == "stopped")
            #expect(stopped.object["final_stats"] is [String: Any])

            let unknown = try await client.post("/stream/stop/nope")
            #expect(unknown.status == 404)
            #expect(unknown.error["code"] as? String == "not_found")

            let status = try await client.get("/stream/status")
            #expect(status.status == 200)
            #expect(status.object["is_running"] as? Bool == true)
            #expect(status.object["active_streams"] as? [String] == ["s-1"])
            #expect(status.object.keys.contains("start_time"))

            let stats = try await client.get("/stream/stats")
            #expect(stats.status == 200)
            #expect(stats.object["global_stats"] is [String: Any])
            #expect(stats.object["active_streams"] as? Int == 1)
            #expect(stats.object["cache_stats"] is [String: Any])
        }
    }

    @Test func unknownRouteIs404AndWrongMethodIs405WithAllow() async throws {
        try await withHTTPServer { client, _ in
            let missing = try await client.get("/nowhere")
            #expect(missing.status == 404)
            #expect(missing.error["code"] as? String == "not_found")

            let wrongMethod = try await client.get("/stream/start")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers["allow"] == "POST")
            #expect(wrongMethod.error["code"] as? String == "method_not_allowed")

            let delete = try await client.request("DELETE", "/health")
            #expect(delete.status == 405)
            #expect(delete.headers["allow"] == "GET")

            let onParameter = try await client.request("PUT", "/stream/stop/abc")
            #expect(onParameter.status == 405)
            #expect(onParameter.headers["allow"] == "POST")
        }
    }
}
