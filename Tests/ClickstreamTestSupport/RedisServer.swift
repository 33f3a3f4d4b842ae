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
public final class RedisServer: ThrowawayServer, @unchecked Sendable {
    /// The `requirepass` password, nil for none.
    public let password: String?
    /// `redis://[:password@]127.0.0.1:<port>/0`.
    public var url: String {
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(port)/0"
    }

    private let binary: String
    private let appendOnly: Bool

    /// Starts a server on `port` (a free one when nil), its working directory (append-only
    /// file, log) in `directory`, and returns once it answers PING.
    /// `appendOnly`: keep an append-only file (fsync every second) so restarts keep the data.
    public static func start(
        port: Int? = nil, password: String? = nil, appendOnly: Bool = true,
        timeout: Double = 20
    ) throws -> RedisServer {
        guard let binary = ProjectPaths.tool("redis-server")?.path ?? existing("/usr/bin/redis-server") else {
            throw TestSupportError.toolMissing("redis-server (Debian package redis-server)")
        }
        let server = try RedisServer(port: port, password: password, binary: binary, appendOnly: appendOnly)
        try server.boot(timeout: timeout)
        return server
    }

    private static func existing(_ path: String) -> String? {
        FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// SIGTERM stops it: it closes clients and flushes the append-only file.
    private init(port: Int?, password: String?, binary: String, appendOnly: Bool) throws {
        self.password = password
        self.binary = binary
        self.appendOnly = appendOnly
        try super.init(name: "redis-server", port: port, haltSignal: SIGTERM)
    }

    override func spawnServer() throws -> ChildProcess {
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
            "--save", "", "--daemonize", "no", "--protected-mode", "yes", "--databases", "16",
            "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "everysec",
        ]
        if let password { arguments += ["--requirepass", password] }
        return try ChildProcess(executable: binary, arguments: arguments)
    }

    /// While it loads the append-only file it answers LOADING, not PONG.
    override func serves() throws -> Bool { (try? cli("PING")) == "PONG" }

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
        let (status, output) = try Self.runClient(
            tool, ["-h", "127.0.0.1", "-p", String(port), "-n", String(database), "--raw", "-e"] + arguments,
            environment: environment)
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
}

public enum RedisServerError: Error, CustomStringConvertible {
    case command([String], output: String)

    public var description: String {
        switch self {
        case .command(let arguments, let output): "redis-cli \(arguments.joined(separator: " ")) failed:\n\(output)"
        }
    }
}
