import ClickstreamTestSupport
import Foundation
import Testing

/// A paced stream that cannot reach its target says so: a real daemon, a Kafka sink whose
/// broker is down (a free port nobody listens on) and a small librdkafka queue, so that the
/// worker waits on the sink within a second; then a real broker comes up on that port and the
/// stream catches up.
@Suite("Stream behind its target")
struct StreamBehindTests {
    @Test(
        "Broker down: stream.status, /metrics and clickctl say behind (sink_down), the log says it once; back on target after the broker comes"
    )
    func behindWhileTheBrokerIsDown() async throws {
        let port = Network.freePort()
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    extraTOML: """
                        [kafka.properties]
                        "queue.buffering.max.messages" = "300"
                        "linger.ms" = "5"
                        """,
                    http: true, kafkaBootstrapServers: "127.0.0.1:\(port)"))
        }
        defer { daemon.cleanUp() }
        let started = try #require(
            daemon.result(
                "stream.start",
                params: #"{"data_type":"interactions","rate":300,"sink":"kafka","topic":"behind","name":"behind-test"}"#
            ) as? [String: Any])
        let id = try #require(started["stream_id"] as? String)

        @Sendable func stream() throws -> [String: Any] {
            let status = try #require(daemon.result("stream.status") as? [String: Any])
            return try #require((status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id })
        }
        // Waits run on a thread of their own: a blocked concurrency-pool thread would starve
        // the servers other tests run in this process.
        try await HTTPTestClient.onThread {
            try Network.waitUntil(timeout: 15, "the stream to report itself behind") {
                (try stream()["pace"] as? [String: Any])?["state"] as? String == "behind"
            }
        }
        let pace = try stream()["pace"] as? [String: Any] ?? [:]
        #expect(pace["reason"] as? String == "sink_down", "\(pace)")
        #expect((pace["detail"] as? String ?? "").contains("Kafka"), "\(pace)")
        #expect(pace["behind_since"] is String)

        let metrics = try await HTTPTestClient(port: daemon.httpPort).get("/metrics").text
        #expect(metrics.contains(#"clickstream_stream_behind{stream_id="\#(id)""#))
        let behindLine = metrics.split(separator: "\n").first {
            $0.hasPrefix("clickstream_stream_behind{stream_id=\"\(id)\"")
        }
        #expect(behindLine?.hasSuffix(" 1") == true, "\(behindLine ?? "none")")
        #expect(behindLine?.contains(#"reason="sink_down""#) == true)

        let clickctl = try ChildProcess(
            executable: ProjectPaths.executable("clickctl").path,
            arguments: ["--socket", daemon.socketPath, "stats"],
            environment: ProjectPaths.childEnvironment(adding: ["NO_COLOR": "1"]))
        #expect(try await HTTPTestClient.onThread { clickctl.waitForExit(timeout: 30) } == 0)
        #expect(clickctl.output.contains("BEHIND"), "\(clickctl.output)")
        #expect(clickctl.output.contains("behind its target"), "\(clickctl.output)")

        // The broker comes; the stream drains its queue and holds its rate again.
        let broker = try await HTTPTestClient.onThread { try TansuBroker.start(port: port) }
        defer { broker.stop() }
        try await HTTPTestClient.onThread {
            try Network.waitUntil(timeout: 60, "the stream to be back on target") {
                (try stream()["pace"] as? [String: Any])?["state"] as? String == "on_target"
            }
        }
        let before = try stream()
        // Nothing lost silently: what the broker has not acknowledged is queued or counted failed
        // (a broker that took more than the producer's stall timeout to come up on a loaded
        // machine gets its first messages purged and counted).
        let generated = before["generated"] as? Int ?? -1
        #expect((before["delivered"] as? Int ?? 0) > 0)
        #expect(
            generated == (before["delivered"] as? Int ?? 0) + (before["failed"] as? Int ?? 0)
                + (before["queued"] as? Int ?? 0))

        // Each episode is logged once when it starts and once when it ends. (On a loaded
        // machine a debug build may fall behind again for a moment: count, don't assume one.)
        let log = daemon.output
        let after = try stream()
        let fell = log.components(separatedBy: "stream behind its target rate").count - 1
        let caughtUp = log.components(separatedBy: "stream back on its target rate").count - 1
        let episodesBefore = (before["pace"] as? [String: Any])?["episodes"] as? Int ?? -1
        let episodesAfter = (after["pace"] as? [String: Any])?["episodes"] as? Int ?? -1
        #expect(
            fell >= 1 && episodesBefore <= fell && fell <= episodesAfter,
            "episodes \(episodesBefore)...\(episodesAfter), log:\n\(log)")
        #expect(caughtUp == fell || caughtUp == fell - 1, "\(log)")
        let first = log.split(separator: "\n").first { $0.contains("stream behind its target rate") } ?? ""
        #expect(first.contains("reason=sink_down"), "\(first)")
    }
}
