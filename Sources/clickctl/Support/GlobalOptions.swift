import ArgumentParser
import ClickstreamAPI
import Foundation

/// Options every command takes: where the daemon is, how long to wait, and how to print.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Path of clickstreamd's Unix socket.",
            discussion: "Default: $CLICKSTREAM_SOCKET, else \(defaultSocketPath).",
            valueName: "path"),
        completion: .file())
    var socket: String?

    @Flag(name: .long, help: "Print the daemon's raw JSON-RPC result instead of text, for scripts.")
    var json = false

    @Option(
        name: .long,
        help: ArgumentHelp("How long to wait for an answer (30s, 2m, ...).", valueName: "duration"),
        transform: TimeSpan.parse)
    var timeout: TimeSpan = TimeSpan(seconds: 30)

    /// The socket to use: --socket, else CLICKSTREAM_SOCKET, else the daemon's default.
    var socketPath: String {
        if let socket, !socket.isEmpty { return socket }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CLICKSTREAM_SOCKET"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return defaultSocketPath
    }

    /// A client for the daemon; `waitForever` drops the timeout (for calls that last as long
    /// as their work, like a streaming generate).
    func client(waitForever: Bool = false) -> RPCClient {
        RPCClient(socketPath: socketPath, timeout: waitForever ? nil : timeout.seconds)
    }

    var terminal: Terminal { Terminal.current() }

    /// Prints a raw result on its own line (`--json`).
    func printRaw(_ bytes: [UInt8]) {
        Terminal.write(String(decoding: bytes, as: UTF8.self) + "\n")
    }
}
