import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Peers that accept a connection and then say nothing: the kernel completes the TCP
/// handshake into the listen backlog, nobody ever reads or answers. The daemon must notice,
/// say so, keep every record counted and keep answering its operator.
@Suite("Silent peers", .serialized)
struct SilentPeerTests {
    /// A listening socket that never accepts: connects succeed, writes vanish, no reply comes.
    final class SilentListener {
        let port: Int
        private let fd: Int32

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 1024) == 0 else {
                close(fd)
                throw TestSupportError.didNotStart("listener", output: "")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test("a Redis that never answers: the sink drops the connection after reply_timeout and says why")
    func silentRedis() throws {
        let silent = try SilentListener()
        let daemon = try DaemonProcess.start(
            .init(extraTOML: "[sinks.redis]\nurl = \"redis://127.0.0.1:\(silent.port)/0\"\nreply_timeout = 0.5\n"))
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(
            #"{"data_type":"interactions","rate":200,"sink":"redis","topic":"clicks","batch_size":50}"#)

        var error = ""
        try Network.waitUntil(timeout: 15, "the Redis sink to give the reason") {
            let health = try #require(daemon.result("health") as? [String: Any])
            let redis = (health["sinks"] as? [String: Any])?["redis"] as? [String: Any] ?? [:]
            error = redis["error"] as? String ?? redis["last_error"] as? String ?? "\(redis)"
            return redis["state"] as? String == "degraded" && error.contains("no reply for 0.5 s")
        }
        #expect(error.contains("reply_timeout"), "names the key to change: \(error)")
        let pace = try daemon.waitForPace("behind", reason: "sink_down", stream: id, timeout: 20)
        #expect((pace["detail"] as? String ?? "").contains("no reply"), "\(pace)")

        // Nothing lost: every generated record is still counted, as queued until Redis answers.
        let stopped = try #require(daemon.result("stream.stop", params: "{\"stream_id\":\"\(id)\"}") as? [String: Any])
        let final = try #require(stopped["final_stats"] as? [String: Any])
        let generated = try #require(final["generated"] as? Int)
        #expect(generated > 0)
        #expect(
            (final["delivered"] as? Int ?? -1) + (final["failed"] as? Int ?? -1) + (final["queued"] as? Int ?? -1)
                == generated, "\(final)")
        #expect((try daemon.result("health") as? [String: Any]) != nil, "the daemon still answers")
    }

    @Test("a PostgreSQL that accepts and never answers the startup: degraded after connect_timeout, nothing lost")
    func silentPostgres() throws {
        let silent = try SilentListener()
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML:
                    "[sinks.postgres]\nurl = \"postgres://postgres@127.0.0.1:\(silent.port)/postgres\"\nconnect_timeout = 1\n"
            ))
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(#"{"data_type":"interactions","rate":200,"sink":"postgres","batch_size":50}"#)

        try Network.waitUntil(timeout: 15, "the PostgreSQL sink to be degraded") {
            try daemon.sinkHealth("postgres")["state"] as? String == "degraded"
        }
        let pace = try daemon.waitForPace("behind", reason: "sink_down", stream: id, timeout: 20)
        #expect((pace["detail"] as? String ?? "").contains("PostgreSQL unreachable"), "\(pace)")
        let final = try daemon.stopStream(id)
        let generated = try #require(final["generated"] as? Int)
        #expect(
            (final["delivered"] as? Int ?? -1) + (final["failed"] as? Int ?? -1) + (final["queued"] as? Int ?? -1)
                == generated, "\(final)")
        #expect((try daemon.result("health") as? [String: Any]) != nil, "the daemon still answers")
    }

    /// A "registry" played by socat: every connection gets what the shell `script` prints.
    static func misbehavingRegistry(_ script: String) throws -> (ChildProcess, Int) {
        let socat = try #require(ProjectPaths.tool("socat"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString).sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let port = Network.freePort()
        let process = try ChildProcess(
            executable: socat.path,
            arguments: ["TCP-LISTEN:\(port),bind=127.0.0.1,reuseaddr,fork", "EXEC:/bin/sh \(file.path)"])
        try Network.waitUntil(timeout: 10, "socat on \(port)") { Network.isListening(port: port) }
        return (process, port)
    }

    @Test(
        "a Schema Registry that dribbles or floods: stream.start fails at schema_registry.timeout or 64 KiB, naming it",
        .enabled(if: ProjectPaths.tool("socat") != nil, "needs socat (scripts/setup)"),
        arguments: [
            (#"printf 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{'; sleep 60"#, "did not answer within 1.0 s"),
            (#"printf 'HTTP/1.1 200 OK\r\n\r\n'; head -c 5000000 /dev/zero"#, "sent more than 65536 bytes"),
        ])
    func misbehavingRegistry(reply: String, expected: String) throws {
        let (registry, port) = try Self.misbehavingRegistry(reply)
        defer { _ = registry.stop(grace: 1) }
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: "[schema_registry]\nurl = \"http://127.0.0.1:\(port)\"\ntimeout = 1\n",
                kafkaBootstrapServers: "127.0.0.1:1"))
        defer { daemon.cleanUp() }

        let started = Date()
        let response = try daemon.request(
            "stream.start", params: #"{"data_type":"users","sink":"kafka","format":"avro"}"#, timeout: 20)
        let elapsed = Date().timeIntervalSince(started)
        let error = try #require(response["error"] as? [String: Any], "\(response)")
        #expect((error["message"] as? String ?? "").contains(expected), "\(error)")
        #expect(elapsed < 8, "the exchange ends at the deadline, not when the peer pleases: \(elapsed) s")
        #expect((try daemon.result("health") as? [String: Any]) != nil, "the daemon still answers")
    }
}
