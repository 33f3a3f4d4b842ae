import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The audit log on a real daemon: every control action through every door, with who made
/// it: the socket peer's uid and pid (SO_PEERCRED), the HTTP client's address, the config
/// stream, SIGHUP.
@Suite("Audit log")
struct AuditLogTests {
    static let built = FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickctl").path)

    @Test func everyDoorIsRecordedWithItsCaller() async throws {
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    extraTOML: "[sinks]\ndefault = \"file\"\n[[streams]]\nname = \"configured\"\nrate = 5\n",
                    http: true, logLevel: "warning"))
        }
        defer { daemon.cleanUp() }
        let http = HTTPTestClient(port: daemon.httpPort)

        let id = try daemon.startStream(#"{"data_type":"users","rate":10}"#)
        _ = try daemon.result("stream.update", params: #"{"stream_id":"\#(id)","rate":20}"#)
        let patched = try await http.request(
            "PATCH", "/stream/\(id)", headers: ["Content-Type": "application/json"],
            body: Array(#"{"schedule":"spike:x2/5s"}"#.utf8))
        #expect(patched.status == 200 && patched.object["schedule"] as? String == "spike:x2/5s", "\(patched.text)")
        let posted = try await http.post("/stream/update/\(id)?rate=30")
        #expect(posted.status == 200 && posted.object["rate"] as? Double == 30, "\(posted.text)")
        let missing = try await http.post("/stream/update/nope?rate=30")
        #expect(missing.status == 404, "\(missing.text)")
        let stopped = try await http.post("/stream/stop/\(id)")
        #expect(stopped.status == 200)
        let conflict = try await http.request(
            "PATCH", "/stream/\(id)", headers: ["Content-Type": "application/json"], body: Array(#"{"rate":1}"#.utf8))
        #expect(conflict.status == 409, "\(conflict.text)")
        _ = try daemon.result("config.reload")
        daemon.send(SIGHUP)
        try Network.waitUntil(timeout: 10, "the SIGHUP reload in the audit log") {
            let entries = try #require((daemon.result("audit.list") as? [String: Any])?["entries"] as? [[String: Any]])
            return entries.contains { $0["door"] as? String == "signal" }
        }

        let result = try #require(daemon.result("audit.list", params: #"{"limit":100}"#) as? [String: Any])
        let entries = try #require(result["entries"] as? [[String: Any]])
        func find(_ door: String, _ method: String, result: String = "ok") -> [String: Any]? {
            entries.first {
                $0["door"] as? String == door && $0["method"] as? String == method
                    && ($0["result"] as? String ?? "").hasPrefix(result)
            }
        }
        let me = "uid=\(getuid()) pid=\(getpid())"
        let rpcStart = try #require(find("rpc", "stream.start"), "\(entries)")
        #expect(rpcStart["who"] as? String == me && rpcStart["stream_id"] as? String == id, "\(rpcStart)")
        #expect((rpcStart["params"] as? String)?.contains("rate=10") == true)
        let rpcUpdate = try #require(find("rpc", "stream.update"))
        #expect(rpcUpdate["who"] as? String == me && rpcUpdate["params"] as? String == "rate=20 stream_id=\(id)")
        let httpUpdates = entries.filter {
            $0["door"] as? String == "http" && $0["method"] as? String == "stream.update"
        }
        #expect(httpUpdates.count == 4, "\(httpUpdates)")
        #expect(httpUpdates.allSatisfy { ($0["who"] as? String ?? "").hasPrefix("127.0.0.1:") }, "\(httpUpdates)")
        #expect(httpUpdates.contains { ($0["result"] as? String ?? "").hasPrefix("error -32004") })
        #expect(httpUpdates.contains { ($0["params"] as? String ?? "").contains("schedule=spike:x2/5s") })
        #expect(find("http", "stream.stop")?["stream_id"] as? String == id)
        #expect(find("http", "stream.update", result: "error -32008") != nil, "\(entries)")
        #expect(find("rpc", "config.reload")?["who"] as? String == me)
        #expect(find("signal", "config.reload")?["who"] as? String == "SIGHUP")
        let configured = try #require(find("config", "stream.start"))
        #expect(configured["stream_id"] as? String == "config-configured", "\(configured)")
        // Appended as JSON lines in the state directory.
        let path = try #require(result["path"] as? String)
        #expect(path == daemon.stateDirectory + "/audit.jsonl")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == entries.count)

        let limited = try #require(
            (daemon.result("audit.list", params: #"{"limit":2}"#) as? [String: Any])?["entries"] as? [Any])
        #expect(limited.count == 2)
        if Self.built {
            let cli = try ChildProcess(
                executable: ProjectPaths.executable("clickctl").path,
                arguments: ["--socket", daemon.socketPath, "audit", "--limit", "20"],
                environment: ProjectPaths.childEnvironment(adding: ["NO_COLOR": "1"]))
            #expect(cli.waitForExit(timeout: 20) == 0, "\(cli.output)")
            #expect(
                cli.output.contains("DOOR") && cli.output.contains("SIGHUP") && cli.output.contains(me), "\(cli.output)"
            )
        }
    }
}
