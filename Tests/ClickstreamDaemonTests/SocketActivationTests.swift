import ClickstreamTestSupport
import Foundation
import Testing

/// Socket activation as systemd does it: the listening socket arrives as fd 3 with
/// LISTEN_FDS=1 and LISTEN_PID = the daemon's pid.
@Suite("Socket activation")
struct SocketActivationTests {
    @Test("serves RPC on the inherited socket and never creates socket_path")
    func inheritedSocket() throws {
        let daemon = try DaemonProcess.start(.init(socketActivation: true))
        defer { daemon.cleanUp() }
        #expect(daemon.socketPath == daemon.activatedSocketPath)

        let client = try daemon.connect()
        let health = try #require(client.request("health")["result"] as? [String: Any])
        #expect(health["status"] as? String == "healthy")
        let version = try #require(client.request("daemon.version")["result"] as? [String: Any])
        // The shell wrapper exec'd clickstreamd: same pid, the one LISTEN_PID named.
        #expect(version["pid"] as? Int == Int(daemon.pid))
        let sample = try #require(client.request("sample.users", params: #"{"count":2}"#)["result"] as? [Any])
        #expect(sample.count == 2)

        #expect(!FileManager.default.fileExists(atPath: daemon.configuredSocketPath))
        #expect(daemon.output.contains("RPC socket taken from systemd"))
    }
}
