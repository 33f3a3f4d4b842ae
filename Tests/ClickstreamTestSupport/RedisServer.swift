import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real redis-server (Debian's `redis-server` package) on a free loopback port, with its
/// working directory in a fresh temporary folder, started for one test or benchmark and
/// stopped by PID.
///
/// The append-only file is on by default so that a restart (`halt()` then `restart()`)
/// keeps what the server acknowledged, as a production Redis with persistence would: a test
/// of "nothing lost across a restart" then counts every record, not just those sent after it.
public final class RedisServer: @unchecked Sendable {
    public let port: Int
    /// The working directory (append-only file, log); removed on stop.
    public let directory: URL
    /// The `requirepass` password, nil for none.
    public let password: String?
    /// `redis://[:password@]127.0.0.1:<port>/0`.
    public var url: String {
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(port)/0"
    }

    private let binary: String
    private let appendOnly: Bool
    private let lock = NSLock()
    private var process: ChildProcess?
    private var removed = false

    /// Starts a server on `port` (a free one when nil) and returns once it answers PING.
    /// `appendOnly`: keep an append-only file (fsync every second) so restarts keep the data.
    public static func start(
        port: Int? = nil, password: String? = nil, appendOnly: Bool = true,
        timeout: Double = 20
    ) throws -> RedisServer {
        guard let binary = ProjectPaths.tool("redis-server")?.path ?? existing("/usr/bin/redis-server") else {
            throw TestSupportError.toolMissing("redis-server (Debian package redis-server)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = RedisServer(
            port: port ?? Network.freePort(), directory: directory, password: password,
            binary: binary, appendOnly: appendOnly)
        do {
            try server.launch(timeout: timeout)
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private static func existing(_ path: String) -> String? {
        FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    private init(port: Int, directory: URL, password: String?, binary: String, appendOnly: Bool) {
        self.port = port
        self.directory = directory
        self.password = password
        self.binary = binary
        self.appendOnly = appendOnly
    }

    private func launch(timeout: Double) throws {
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
            "--save", "", "--daemonize", "no", "--protected-mode", "yes", "--databases", "16",
            "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "everysec",
        ]
        if let password { arguments += ["--requirepass", password] }
        let process = try ChildProcess(executable: binary, arguments: arguments)
        lock.withLock { self.process = process }
        try Network.waitUntil(timeout: timeout, "redis-server on port \(port)") {
            guard process.isRunning else { throw TestSupportError.didNotStart("redis-server", output: process.output) }
            guard Network.isListening(port: port) else { return false }
            // While it loads the append-only file it answers LOADING, not PONG.
            return (try? cli("PING")) == "PONG"
        }
    }

    /// The server's PID, nil while stopped.
    public var pid: Int32? { lock.withLock { process?.pid } }

    /// What the server logged so far.
    public var output: String { lock.withLock { process?.output } ?? "" }

    /// Stops the server (SIGTERM: it closes clients and flushes the append-only file), then
    /// SIGKILL after 10 s. Keeps the data directory for `restart()`.
    public func halt() {
        guard let process = lock.withLock({ self.process }) else { return }
        process.stop(grace: 10)
        lock.withLock { self.process = nil }
    }

    /// Kills the server at once (SIGKILL), as a crash would; up to a second of writes is lost.
    public func crash() {
        guard let process = lock.withLock({ self.process }) else { return }
        process.send(SIGKILL)
        process.waitForExit(timeout: 5)
        lock.withLock { self.process = nil }
    }

    /// Starts the halted server again on the same port with the same data.
    public func restart(timeout: Double = 20) throws {
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

    /// Runs one command through `redis-cli` (raw output: one line per reply element) and
    /// returns what it printed, trimmed. Throws when the server answers with an error.
    @discardableResult
    public func cli(_ arguments: String..., database: Int = 0) throws -> String {
        try cli(arguments, database: database)
    }

    /// `cli(_:)` with the arguments as an array.
    @discardableResult
    public func cli(_ arguments: [String], database: Int = 0) throws -> String {
        guard let tool = ProjectPaths.tool("redis-cli")?.path ?? Self.existing("/usr/bin/redis-cli") else {
            throw TestSupportError.toolMissing("redis-cli (Debian package redis-tools)")
        }
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["REDISCLI_AUTH"] = password }
        let run = try ChildProcess(
            executable: tool,
            arguments: ["-h", "127.0.0.1", "-p", String(port), "-n", String(database), "--raw", "-e"] + arguments,
            environment: environment
        )
        let status = run.waitForExit()
        let output = run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try? FileManager.default.removeItem(at: run.logURL)
        guard status == 0 else { throw RedisServerError.command(arguments, output: output) }
        return output
    }

    /// An integer reply (XLEN, DBSIZE, HLEN...).
    public func integer(_ arguments: String..., database: Int = 0) throws -> Int {
        let text = try cli(arguments, database: database)
        guard let value = Int(text) else {
            throw RedisServerError.command(arguments, output: "not an integer: \(text)")
        }
        return value
    }

    deinit { stop() }
}

public enum RedisServerError: Error, CustomStringConvertible {
    case command([String], output: String)

    public var description: String {
        switch self {
        case .command(let arguments, let output): "redis-cli \(arguments.joined(separator: " ")) failed:\n\(output)"
        }
    }
}
