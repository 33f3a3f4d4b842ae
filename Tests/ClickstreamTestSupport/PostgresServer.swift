import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL (Debian's `postgresql` package) in a fresh temporary cluster on a free
/// loopback port, started for one test or benchmark and stopped by PID.
///
/// `initdb` and `postgres` refuse to run as root, and CI runs as root: there the server runs
/// as the `postgres` system user (created by the Debian package) through `setpriv`, which
/// execs in place, so the PID we hold is the postmaster's own and signals reach it directly
/// (`runuser` would fork and sit in between). The unix socket goes into the cluster's own
/// directory so that two servers never meet in /var/run/postgresql.
public final class PostgresServer: ThrowawayServer, @unchecked Sendable {
    public let user = "postgres"
    public let database = "postgres"
    /// `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback).
    public var url: String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    private let binDirectory: URL
    private let settings: [String: String]

    /// Settings for a throwaway cluster: no fsync (tests measure the client, not the disk).
    public static let throwawaySettings = ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"]

    /// Creates a cluster (data in `directory`/data, the unix socket in `directory`/socket) and
    /// starts it on `port` (a free one when nil); returns once it accepts connections.
    /// `settings` are passed as `-c name=value`.
    public static func start(
        port: Int? = nil, settings: [String: String] = throwawaySettings,
        timeout: Double = 30
    ) throws -> PostgresServer {
        guard let bin = binDirectory() else { throw TestSupportError.toolMissing("initdb (Debian package postgresql)") }
        let server = try PostgresServer(port: port, binDirectory: bin, settings: settings)
        try server.boot(timeout: timeout) {
            try FileManager.default.createDirectory(atPath: server.socketDirectory, withIntermediateDirectories: true)
            try server.handOverToServiceUser()
            try server.initdb()
        }
        return server
    }

    private init(port: Int?, binDirectory: URL, settings: [String: String]) throws {
        self.binDirectory = binDirectory
        self.settings = settings
        // SIGINT: "fast" shutdown, closing client connections (SIGTERM would wait for every
        // client to disconnect).
        try super.init(name: "postgres", port: port, haltSignal: SIGINT)
    }

    /// `$PG_BIN`, else the newest /usr/lib/postgresql/<major>/bin (Debian keeps initdb and
    /// postgres off the PATH), else the directory of an `initdb` on the PATH.
    public static func binDirectory() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["PG_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let root = "/usr/lib/postgresql"
        let majors = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        for major in majors.reversed() {
            let bin = URL(fileURLWithPath: "\(root)/\(major)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        return ProjectPaths.tool("initdb").map { $0.resolvingSymlinksInPath().deletingLastPathComponent() }
    }

    private static var isRoot: Bool { geteuid() == 0 }

    /// As root, gives the cluster directory to the `postgres` user (initdb checks ownership).
    private func handOverToServiceUser() throws {
        guard Self.isRoot else { return }
        guard let account = getpwnam(user) else {
            throw TestSupportError.didNotStart(
                "postgres", output: "no `postgres` system user: install Debian's postgresql (scripts/setup)")
        }
        for path in [directory.path, directory.appendingPathComponent("socket").path] {
            guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw TestSupportError.didNotStart(
                    "postgres", output: "chown \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Runs `tool` from the PostgreSQL bin directory, as the `postgres` user when we are root.
    private func spawn(_ tool: String, _ arguments: [String]) throws -> ChildProcess {
        let executable = binDirectory.appendingPathComponent(tool).path
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        guard Self.isRoot else {
            return try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        }
        environment["HOME"] = directory.path
        let setpriv = ProjectPaths.tool("setpriv")?.path ?? "/usr/bin/setpriv"
        return try ChildProcess(
            executable: setpriv,
            arguments: ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", executable] + arguments,
            environment: environment
        )
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }
    private var socketDirectory: String { directory.appendingPathComponent("socket").path }

    private func initdb() throws {
        let run = try spawn(
            "initdb", ["-D", dataDirectory, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard run.waitForExit() == 0 else { throw TestSupportError.didNotStart("initdb", output: run.output) }
    }

    override func spawnServer() throws -> ChildProcess {
        var arguments = ["-D", dataDirectory, "-p", String(port), "-h", "127.0.0.1", "-k", socketDirectory]
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) { arguments += ["-c", "\(name)=\(value)"] }
        return try spawn("postgres", arguments)
    }

    /// A TCP connect succeeds while the server still answers "starting up": asks pg_isready.
    override func serves() throws -> Bool {
        let ready = try Self.runClient(
            binDirectory.appendingPathComponent("pg_isready").path,
            ["-q", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database],
            environment: ProjectPaths.childEnvironment())
        return ready.status == 0
    }

    /// Runs `sql` through `psql` (unaligned, tuples only, stop on the first error) and returns
    /// what it printed, trimmed: one line per row, columns separated by `|`.
    @discardableResult
    public func psql(_ sql: String, database: String? = nil) throws -> String {
        let psql = binDirectory.appendingPathComponent("psql")
        let (status, output) = try Self.runClient(
            FileManager.default.isExecutableFile(atPath: psql.path) ? psql.path : "/usr/bin/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                "-U", user, "-d", database ?? self.database, "-c", sql,
            ],
            environment: ProcessInfo.processInfo.environment.merging(["PGOPTIONS": "-c client_min_messages=warning"]) {
                $1
            }
        )
        guard status == 0 else { throw PostgresServerError.sql(sql, output: output) }
        return output
    }

    /// The single value `sql` returns, as an integer (a count).
    public func count(_ sql: String) throws -> Int {
        let text = try psql(sql)
        guard let value = Int(text) else { throw PostgresServerError.sql(sql, output: "not an integer: \(text)") }
        return value
    }
}

public enum PostgresServerError: Error, CustomStringConvertible {
    case sql(String, output: String)

    public var description: String {
        switch self {
        case .sql(let sql, let output): "psql failed on `\(sql)`:\n\(output)"
        }
    }
}
