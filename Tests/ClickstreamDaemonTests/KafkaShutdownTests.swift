import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real Tansu broker and a real daemon streaming to it.
@Suite("Kafka shutdown")
struct KafkaShutdownTests {
    @Test("SIGTERM with a running Kafka stream: every generated record is acknowledged by the broker")
    func sigtermLosesNothing() throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let daemon = try DaemonProcess.start(.init(kafkaBootstrapServers: broker.bootstrapServers, shutdownTimeout: 20))
        defer { daemon.cleanUp() }

        let health = try #require(daemon.result("health") as? [String: Any])
        #expect((health["kafka"] as? [String: Any])?["bootstrap_servers"] as? String == broker.bootstrapServers)
        let started = try #require(
            daemon.result("stream.start", params: #"{"data_type":"interactions","rate":3000,"topic":"shutdown-test"}"#)
                as? [String: Any])
        let id = try #require(started["stream_id"] as? String)
        try Network.waitUntil(timeout: 20, "deliveries to Tansu") {
            let status = try #require(daemon.result("stream.status") as? [String: Any])
            let stream = (status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id }
            return (stream?["delivered"] as? Int ?? 0) > 1000
        }
        let stats = try #require(daemon.result("stream.stats") as? [String: Any])
        #expect((stats["kafka"] as? [String: Any])?["state"] as? String == "connected")

        daemon.send(SIGTERM)
        #expect(daemon.process.waitForExit(timeout: 30) == 0, "\(daemon.output)")

        let saved = try Data(contentsOf: URL(fileURLWithPath: daemon.stateDirectory + "/streams.json"))
        let state = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        let stream = try #require(
            (state["streams"] as? [[String: Any]])?.first {
                ($0["definition"] as? [String: Any])?["id"] as? String == id
            })
        let generated = try #require(stream["generated"] as? Int)
        #expect(generated > 1000)
        #expect(stream["delivered"] as? Int == generated, "state: \(stream)")
        #expect(stream["failed"] as? Int == 0)
        #expect(stream["state"] as? String == "running")  // resumes on the next start
    }
}
