import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real server process (PostgreSQL, Redis) on a free loopback port with its files in a
/// fresh temporary directory, started for one test or benchmark and stopped by PID: the
/// start, halt, restart and clean-up that every such server shares. A subclass says how to
/// spawn its process and how to tell that it serves.
public class ThrowawayServer: @unchecked Sendable {
    public let port: Int
    /// The server's files; removed on stop.
    public let directory: URL
    /// The name in errors ("postgres", "redis-server").
    let name: String
    /// What `halt()` sends first: the signal that makes this server stop at once, cleanly.
    private let haltSignal: Int32
    private let lock = NSLock()
    private var process: ChildProcess?
    private var removed = false

    /// Creates `directory` (below the temporary directory, named after `name`) and takes
    /// `port`, a free one when nil.
    init(name: String, port: Int?, haltSignal: Int32) throws {
        self.name = name
        self.port = port ?? Network.freePort()
        self.haltSignal = haltSignal
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Starts the server process (subclasses override).
    func spawnServer() throws -> ChildProcess { preconditionFailure("\(type(of: self)) must override spawnServer()") }

    /// Whether the server, already listening on `port`, serves (subclasses override).
    func serves() throws -> Bool { preconditionFailure("\(type(of: self)) must override serves()") }

    /// Runs `prepare` (creating the data, say), then launches the server; stops it and
    /// removes its directory when either fails.
    func boot(timeout: Double, prepare: () throws -> Void = {}) throws {
        do {
            try prepare()
            try launch(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    private func launch(timeout: Double) throws {
        let process = try spawnServer()
        lock.withLock { self.process = process }
        try Network.waitUntil(timeout: timeout, "\(name) on port \(port)") {
            guard process.isRunning else { throw TestSupportError.didNotStart(name, output: process.output) }
            return try Network.isListening(port: port) && serves()
        }
    }

    /// The server's PID, nil while stopped.
    public var pid: Int32? { lock.withLock { process?.pid } }

    /// What the server logged so far.
    public var output: String { lock.withLock { process?.output } ?? "" }

    /// Stops the server (the halt signal, then SIGKILL after 10 s). Keeps the data for `restart()`.
    public func halt() { end(with: haltSignal, grace: 10) }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func crash() { end(with: SIGKILL, grace: 5) }

    private func end(with signal: Int32, grace: Double) {
        guard let process = lock.withLock({ self.process }) else { return }
        process.stop(signal: signal, grace: grace)
        lock.withLock { self.process = nil }
    }

    /// Starts the halted server again on the same port with the same data.
    public func restart(timeout: Double = 30) throws {
        try launch(timeout: timeout)
    }

    /// Stops the server and removes its directory.
    public func stop() {
        halt()
        lock.withLock {
            guard !removed else { return }
            removed = true
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Runs a client tool of the server (psql, redis-cli) to its end: its exit status and
    /// what it printed, trimmed.
    static func runClient(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> (status: Int32, output: String)
    {
        let run = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let status = run.waitForExit()
        let output = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(at: run.logURL)
        return (status, output)
    }

    deinit { stop() }
}
