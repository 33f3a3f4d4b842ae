import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

/// The HTTP API of a real clickstreamd (its own process, method table and file sink), over
/// real TCP: every route, the errors, and schemathesis with every check.
@Suite("HTTP against the real daemon", .serialized)
struct HTTPDaemonTests {
    static let built = FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickstreamd").path)

    /// Low caps keep valid requests quick and the streams the fuzzer starts cheap; the
    /// defaults (count 100, stream rate 10 from [defaults], batch size 1000) must stay within them.
    static let quickLimits = """
        [defaults]
        rate = 10

        [limits]
        max_generate_count = 100
        max_sample_count = 20
        max_rate = 10
        max_batch_size = 1000
        max_streams = 10000
        """

    static func start(_ extraTOML: String = quickLimits, kafka: String? = nil) async throws -> DaemonProcess {
        try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    extraTOML: extraTOML, http: true, kafkaBootstrapServers: kafka, logLevel: "warning",
                    environment: [
                        "CLICKSTREAM_HTTP_MAX_NDJSON_RATE": "1000", "CLICKSTREAM_HTTP_MAX_NDJSON_DURATION": "0.5",
                        "CLICKSTREAM_HTTP_MAX_NDJSON_COUNT": "100",
                    ]))
        }
    }

    @Test(.enabled(if: built, "clickstreamd not built"))
    func everyRoute() async throws {
        let daemon = try await Self.start()
        defer { daemon.stop() }
        let client = HTTPTestClient(port: daemon.httpPort)

        let root = try await client.get("/")
        #expect(root.status == 200 && root.object["version"] as? String == clickstreamVersion)
        let health = try await client.get("/health")
        #expect(health.status == 200 && health.object["status"] as? String == "healthy")
        #expect(health.object["kafka_connected"] as? Bool == false)

        let generated = try await client.post("/generate/users", json: #"{"count": 1}"#)
        #expect(generated.status == 200, "\(generated.text)")
        #expect((generated.object["records"] as? [[String: Any]])?.first?["user_id"] is String)
        let overCap = try await client.post("/generate/users", json: #"{"count": 101}"#)
        #expect(overCap.status == 422 && (overCap.error["message"] as? String)?.contains("max_generate_count") == true)
        let unknownField = try await client.post("/generate/users", json: #"{"cuont": 1}"#)
        #expect(unknownField.status == 400)

        let sample = try await client.get("/generate/sample/interactions?count=3")
        #expect(sample.status == 200 && (sample.json as? [Any])?.count == 3)

        let started = try await client.post("/stream/start?data_type=users&rate=2&max_count=100")
        #expect(started.status == 200, "\(started.text)")
        let id = started.object["stream_id"] as? String ?? ""
        #expect(started.object["status"] as? String == "started")
        let badType = try await client.post("/stream/start", json: #"{"data_type": "clicks"}"#)
        #expect(badType.status == 400 && (badType.error["message"] as? String)?.contains("clicks") == true)

        let status = try await client.get("/stream/status")
        #expect((status.object["active_streams"] as? [String])?.contains(id) == true)
        let stats = try await client.get("/stream/stats")
        #expect(stats.object["global_stats"] is [String: Any] && stats.object["cache_stats"] is [String: Any])
        let metrics = try await client.get("/metrics")
        #expect(metrics.text.contains("clickstream_stream_events_generated_total{stream_id=\"\(id)\""))

        let stopped = try await client.post("/stream/stop/\(id)")
        #expect(stopped.status == 200 && stopped.object["status"] as? String == "stopped")
        #expect(stopped.object["final_stats"] is [String: Any])
        let unknown = try await client.post("/stream/stop/no-such-stream")
        #expect(unknown.status == 404)

        let ndjson = try await client.get("/stream/interactions?rate=100&count=20")
        #expect(ndjson.status == 200 && ndjson.text.split(separator: "\n").count == 20)
        #expect(try await client.get("/openapi.json").status == 200)
        #expect(try await client.get("/docs").status == 200)
        #expect(try await client.request("DELETE", "/stream/status").status == 405)
    }

    /// With a broker (Tansu), a redis-server and a PostgreSQL, so that every sink the document
    /// lists is available: without one, `"sink": "kafka"` (or redis, postgres) is rightly
    /// refused with 503.
    @Test(
        .enabled(
            if: built && HTTPSchemathesisTests.available && ProjectPaths.tool("tansu") != nil,
            "clickstreamd, schemathesis or tansu missing"))
    func schemathesisAllChecks() async throws {
        let broker = try await HTTPTestClient.onThread { try TansuBroker.start() }
        defer { broker.stop() }
        let redis = try await HTTPTestClient.onThread { try RedisServer.start(appendOnly: false) }
        defer { redis.stop() }
        let postgres = try await HTTPTestClient.onThread { try PostgresServer.start() }
        defer { postgres.stop() }
        let sinks = "\n[sinks.redis]\nurl = \"\(redis.url)\"\n\n[sinks.postgres]\nurl = \"\(postgres.url)\"\n"
        let daemon = try await Self.start(Self.quickLimits + sinks, kafka: broker.bootstrapServers)
        defer { daemon.stop() }
        let output = try await HTTPSchemathesisTests.run(base: "http://127.0.0.1:\(daemon.httpPort)")
        // Once found a crash here: a stream with a rate of 5e-324/s overflowed RatePacer's
        // Duration (RatePacerTests.vanishinglySmallRate covers the fix).
        #expect(output.code == 0, "schemathesis failed:\n\(output.text)")
    }
}
