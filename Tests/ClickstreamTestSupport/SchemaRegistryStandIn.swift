import Foundation

/// A Schema Registry STAND-IN (Tests/SchemaSupport/schema_registry_stand_in.py), not a
/// Schema Registry: no Confluent registry can be installed here, so tests run this small
/// server speaking the documented REST subset that clickstreamd and the confluent-kafka
/// serdes use. On a loopback port, stopped by PID.
public final class SchemaRegistryStandIn: @unchecked Sendable {
    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let process: ChildProcess

    /// - Parameters:
    ///   - refuse: subjects whose new schemas the stand-in answers 409 (incompatible).
    ///   - basicAuth: `user:password` every request must carry.
    public static func start(refuse: [String] = [], basicAuth: String? = nil, timeout: Double = 20) throws
        -> SchemaRegistryStandIn
    {
        let python = ProjectPaths.root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestSupportError.toolMissing(".venv/bin/python")
        }
        let script = ProjectPaths.root.appendingPathComponent("Tests/SchemaSupport/schema_registry_stand_in.py").path
        var arguments = [script, "--port", "0"]
        for subject in refuse { arguments += ["--refuse", subject] }
        if let basicAuth { arguments += ["--basic-auth", basicAuth] }
        let process = try ChildProcess(executable: python, arguments: arguments)
        var port = 0
        do {
            try Network.waitUntil(timeout: timeout, "schema registry stand-in") {
                guard process.isRunning else {
                    throw TestSupportError.didNotStart("schema registry stand-in", output: process.output)
                }
                guard
                    let line = process.output.split(separator: "\n").first(where: {
                        $0.hasPrefix("listening on 127.0.0.1:")
                    }),
                    let found = Int(line.split(separator: ":").last ?? "")
                else { return false }
                port = found
                return true
            }
        } catch {
            process.stop()
            throw error
        }
        return SchemaRegistryStandIn(port: port, process: process)
    }

    private init(port: Int, process: ChildProcess) {
        self.port = port
        self.process = process
    }

    /// Its request log.
    public var output: String { process.output }

    public func stop() { process.stop() }
}
