import ClickstreamTestSupport
import Foundation
import Testing

/// clickstreamd configured only through KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* (as on
/// Railway), against a real broker that demands TLS (Tansu behind stunnel4) and, for
/// SASL_SSL, SCRAM authentication (Tansu's `--authentication`).
///
/// What this Tansu cannot do: its memory and s3 engines never store SCRAM credentials (the
/// upsert is a no-op, the lookup answers "unknown user"), and its SASL library offers no
/// PLAIN, so no password succeeds against it. The SASL_SSL test therefore shows the full
/// path up to the broker's verdict (TLS handshake, SCRAM-SHA-256 exchange) and what a
/// refused login does to the daemon: a clear health error and no record lost.
@Suite("Kafka over TLS and SASL", .serialized)
struct KafkaSecurityTests {
    static let available =
        ProjectPaths.tool("tansu") != nil && ProjectPaths.tool("kcat") != nil
        && (ProjectPaths.tool("stunnel4") ?? ProjectPaths.tool("stunnel")) != nil
        && FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickstreamd").path)

    /// A broker on a plaintext port, advertised at the TLS proxy's port.
    static func brokerBehindTLS(_ arguments: [String] = []) throws -> (TansuBroker, TLSProxy) {
        let plain = Network.freePort()
        let tls = Network.freePort()
        let broker = try TansuBroker.start(port: plain, advertisedPort: tls, extraArguments: arguments)
        do {
            return (broker, try TLSProxy.start(port: tls, forwardingTo: plain))
        } catch {
            broker.stop()
            throw error
        }
    }

    static func daemon(_ proxy: TLSProxy, environment: [String: String]) throws -> DaemonProcess {
        var environment = environment
        environment["KAFKA_BOOTSTRAP_SERVERS"] = "127.0.0.1:\(proxy.port)"
        return try DaemonProcess.start(
            .init(
                extraTOML: """
                    [kafka.properties]
                    "ssl.ca.location" = "\(proxy.certificatePath)"
                    "message.timeout.ms" = "60000"
                    """, logLevel: "warning", environment: environment))
    }

    static func stream(_ daemon: DaemonProcess, _ id: String) throws -> [String: Any] {
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        return try #require((status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id })
    }

    @Test(
        "SSL: KAFKA_SECURITY_PROTOCOL=SSL streams to a TLS-only broker; records read back over TLS",
        .enabled(if: available, "needs tansu, kcat, stunnel4 and a built clickstreamd"))
    func ssl() throws {
        let (broker, proxy) = try Self.brokerBehindTLS()
        defer {
            proxy.stop()
            broker.stop()
        }
        let daemon = try Self.daemon(proxy, environment: ["KAFKA_SECURITY_PROTOCOL": "SSL"])
        defer { daemon.cleanUp() }

        let started = try #require(
            daemon.result(
                "stream.start",
                params: #"{"data_type":"users","rate":2000,"max_count":500,"sink":"kafka","topic":"over-tls"}"#)
                as? [String: Any])
        let id = try #require(started["stream_id"] as? String)
        try Network.waitUntil(timeout: 30, "500 records delivered over TLS") {
            let s = try Self.stream(daemon, id)
            return s["state"] as? String == "finished" && s["queued"] as? Int == 0
        }
        let final = try Self.stream(daemon, id)
        #expect(final["delivered"] as? Int == 500 && final["failed"] as? Int == 0, "\(final)")
        let health = try #require(daemon.result("health") as? [String: Any])
        #expect(health["kafka_connected"] as? Bool == true, "\(health)")

        let messages = try Kcat.consumeAll(
            topic: "over-tls", bootstrapServers: "127.0.0.1:\(proxy.port)",
            properties: ["security.protocol": "SSL", "ssl.ca.location": proxy.certificatePath])
        #expect(messages.count == 500)
        #expect(Set(messages.compactMap(\.key)).count == 500)
        // The plaintext client gets nothing from the TLS port.
        #expect(
            (try? Kcat.consumeAll(topic: "over-tls", bootstrapServers: "127.0.0.1:\(proxy.port)", timeout: 5))?.isEmpty
                != false)
    }

    @Test(
        "SASL_SSL with SCRAM-SHA-256: a refused login is a clear health error and loses no record",
        .enabled(if: available, "needs tansu, kcat, stunnel4 and a built clickstreamd"))
    func saslRefused() throws {
        let (broker, proxy) = try Self.brokerBehindTLS(["--authentication"])
        defer {
            proxy.stop()
            broker.stop()
        }
        let daemon = try Self.daemon(
            proxy,
            environment: [
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
                "KAFKA_SASL_USERNAME": "alice", "KAFKA_SASL_PASSWORD": "wrong-password",
            ])
        defer { daemon.cleanUp() }

        let started = try #require(
            daemon.result(
                "stream.start",
                params: #"{"data_type":"users","rate":200,"max_count":300,"sink":"kafka","topic":"sasl"}"#)
                as? [String: Any])
        let id = try #require(started["stream_id"] as? String)
        var kafka: [String: Any] = [:]
        try Network.waitUntil(timeout: 30, "the authentication error in health") {
            let health = try #require(daemon.result("health") as? [String: Any])
            kafka = health["kafka"] as? [String: Any] ?? [:]
            return (kafka["last_error"] as? String)?.contains("SASL") == true
        }
        let error = kafka["last_error"] as? String ?? ""
        #expect(error.contains("SASL authentication error") && error.contains("SCRAM"), "\(kafka)")
        #expect(kafka["state"] as? String != "connected", "\(kafka)")
        // The password never shows.
        #expect(!daemon.output.contains("wrong-password") && !error.contains("wrong-password"))

        try Network.waitUntil(timeout: 20, "all 300 generated") {
            (try Self.stream(daemon, id)["generated"] as? Int) == 300
        }
        let waiting = try Self.stream(daemon, id)
        #expect(
            waiting["delivered"] as? Int == 0 && waiting["failed"] as? Int == 0 && waiting["queued"] as? Int == 300,
            "records wait for the broker, none lost: \(waiting)")

        // Stopped while refused: every record is accounted for (failed, with the reason).
        let stopped = try #require(daemon.result("stream.stop", params: #"{"stream_id":"\#(id)"}"#) as? [String: Any])
        let final = try #require(stopped["final_stats"] as? [String: Any])
        let generated = final["generated"] as? Int ?? -1
        #expect(
            generated == (final["delivered"] as? Int ?? 0) + (final["failed"] as? Int ?? 0)
                + (final["queued"] as? Int ?? 0),
            "\(final)")
        #expect(try daemon.request("health")["result"] != nil)
    }
}
