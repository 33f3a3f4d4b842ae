import ClickstreamTestSupport
import Foundation
import Testing

/// These tests start the built clickstreamd; without one they are skipped.
private let clickstreamdBuilt = FileManager.default.isExecutableFile(
    atPath: ProjectPaths.executable("clickstreamd").path)

/// How the RPC socket treats connections: a client's half-close, idle connections, and the
/// connection cap, against a real clickstreamd over its real socket.
@Suite("RPC connections", .serialized, .enabled(if: clickstreamdBuilt))
final class RPCConnectionTests {
    static let idleTimeout = 1.5
    static let maxConnections = 8

    /// Each test's own daemon, with a low connection cap and a short idle timeout.
    let daemon: DaemonProcess

    init() throws {
        var options = DaemonProcess.Options()
        options.daemonTOML = "max_connections = \(Self.maxConnections)\nrpc_idle_timeout = \(Self.idleTimeout)"
        daemon = try DaemonProcess.start(options)
    }

    deinit { daemon.cleanUp() }

    private static func lines(until client: UnixSocketClient, timeout: Double = 10) throws -> [[String: Any]] {
        var lines: [[String: Any]] = []
        while let line = try client.readLine(timeout: timeout) {
            lines.append(
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)"))
        }
        return lines
    }

    @Test("requests followed by the client's EOF (shutdown(SHUT_WR)) are all answered, then the connection closes")
    func halfClose() throws {
        let client = try daemon.connect()
        try client.sendLine(#"{"jsonrpc":"2.0","id":1,"method":"health"}"#)
        try client.sendLine(#"{"jsonrpc":"2.0","method":"health"}"#)  // a notification: no answer
        try client.sendLine(#"{"jsonrpc":"2.0","id":2,"method":"sample.users","params":{"count":3}}"#)
        try client.send(Array(#"{"jsonrpc":"2.0","id":3,"method":"daemon.version"}"#.utf8))  // no final newline
        client.shutdownWrite()
        let answers = try Self.lines(until: client)
        #expect(answers.map { $0["id"] as? Int } == [1, 2, 3], "\(answers)")
        #expect((answers[1]["result"] as? [Any])?.count == 3)
        #expect(answers.allSatisfy { $0["result"] != nil })
    }

    @Test(
        "echo request | socat - UNIX-CONNECT:<socket> prints the answer",
        .enabled(if: ProjectPaths.tool("socat") != nil))
    func socat() throws {
        let socat = try #require(ProjectPaths.tool("socat")).path
        let script =
            #"printf '%s\n%s\n' '{"jsonrpc":"2.0","id":1,"method":"health"}' '{"jsonrpc":"2.0","id":2,"method":"daemon.version"}' | "$0" - UNIX-CONNECT:"$1""#
        let process = try ChildProcess(executable: "/bin/sh", arguments: ["-c", script, socat, daemon.socketPath])
        #expect(process.waitForExit(timeout: 10) == 0, "\(process.output)")
        let answers = process.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(answers.map { $0["id"] as? Int } == [1, 2], "\(process.output)")
        #expect((answers.first?["result"] as? [String: Any])?["status"] as? String == "healthy")
    }

    @Test(
        "with max_connections idle sockets held, a new one gets an error line at once and health answers within the idle timeout"
    )
    func idleConnectionsCannotLockOut() throws {
        Thread.sleep(forTimeInterval: 0.2)  // the readiness probe's connection is gone
        let held = try (0..<Self.maxConnections).map { _ in try daemon.connect() }
        Thread.sleep(forTimeInterval: 0.2)

        let started = Date()
        let refused = try daemon.connect()
        let line = try #require(try refused.readLine(timeout: 2), "the connection over the cap got no answer")
        let response = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let error = try #require(response["error"] as? [String: Any], "\(response)")
        #expect(error["code"] as? Int == -32006)
        #expect((error["message"] as? String)?.contains("daemon.max_connections") == true)
        #expect(try refused.readLine(timeout: 2) == nil, "the refused connection stays open")
        #expect(Date().timeIntervalSince(started) < 1)

        var health: [String: Any]?
        while health == nil && Date().timeIntervalSince(started) < Self.idleTimeout + 3 {
            health = (try? daemon.request("health", timeout: 2))?["result"] as? [String: Any]
            if health == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let waited = Date().timeIntervalSince(started)
        #expect(health?["status"] as? String == "healthy", "no health within \(waited) s")
        #expect(waited < Self.idleTimeout + 3)
        // The idle ones were closed by the daemon (EOF, no data).
        for client in held { #expect(try client.readLine(timeout: 2) == nil) }
    }

    @Test("a connection in use stays open; one trickling bytes without a newline is closed as idle")
    func activityIsCompleteRequests() throws {
        let busy = try daemon.connect()
        let trickler = try daemon.connect()
        let started = Date()
        var id = 0
        while Date().timeIntervalSince(started) < Self.idleTimeout * 2.5 {
            id += 1
            #expect(try busy.request("health", id: id)["id"] as? Int == id)
            try? trickler.send([UInt8(ascii: " ")])
            Thread.sleep(forTimeInterval: Self.idleTimeout / 3)
        }
        #expect(try trickler.readLine(timeout: 2) == nil, "the trickling connection was not closed")
        #expect(try busy.request("daemon.version", id: 999)["id"] as? Int == 999)
    }
}
