import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real clickstreamd for one test: a fresh temporary directory with its config, state
/// dir, data dir and socket; started with posix_spawn (clean signal mask, so SIGTERM/SIGHUP
/// reach it), ready once its socket answers `health`; stopped by PID.
///
///     let daemon = try DaemonProcess.start(.init(extraTOML: "[[streams]]\nname = \"a\"\nrate = 100"))
///     let status = try daemon.request("stream.status")
///     daemon.stop()
public final class DaemonProcess: @unchecked Sendable {
    public struct Options: Sendable {
        /// `[[streams]]` tables and any other TOML appended to the generated config.
        public var extraTOML: String
        /// Start the HTTP adapter on a free port (`httpPort`).
        public var http: Bool
        /// Sets `[kafka] bootstrap_servers` (nil: no broker, the file sink is the default).
        public var kafkaBootstrapServers: String?
        public var statusInterval: Double
        public var shutdownTimeout: Double
        public var logLevel: String
        /// Extra environment (NOTIFY_SOCKET, KAFKA_BOOTSTRAP_SERVERS, ...).
        public var environment: [String: String]
        /// The whole config text instead of the generated one (`{{DIR}}` is replaced by the temp
        /// dir, `{{HTTP_PORT}}` by `httpPort`).
        public var configText: String?
        /// Socket activation: the test support binds a listening socket at `activated.sock`
        /// in the temp dir and passes it as fd 3 with LISTEN_FDS=1 and LISTEN_PID (set by a
        /// `/bin/sh` wrapper to its own pid, which `exec` hands to clickstreamd); requests then
        /// go to that socket, and the configured `socket_path` should never appear.
        public var socketActivation: Bool = false
        /// More keys of the generated `[daemon]` table (`max_connections = 8`).
        public var daemonTOML: String = ""

        public init(
            extraTOML: String = "", http: Bool = false, kafkaBootstrapServers: String? = nil,
            statusInterval: Double = 1, shutdownTimeout: Double = 10, logLevel: String = "info",
            environment: [String: String] = [:], configText: String? = nil, socketActivation: Bool = false
        ) {
            self.extraTOML = extraTOML
            self.http = http
            self.kafkaBootstrapServers = kafkaBootstrapServers
            self.statusInterval = statusInterval
            self.shutdownTimeout = shutdownTimeout
            self.logLevel = logLevel
            self.environment = environment
            self.configText = configText
            self.socketActivation = socketActivation
        }

        /// A daemon whose caps a test can reach cheaply: `[limits]` with max_generate_count 5000
        /// and max_sample_count 100, then `moreLimits` (more keys of that table).
        public static func smallLimits(_ moreLimits: String = "") -> Options {
            Options(extraTOML: "[limits]\nmax_generate_count = 5000\nmax_sample_count = 100\n" + moreLimits)
        }
    }

    public private(set) var options: Options
    /// The temporary directory holding everything (removed by `cleanUp()`).
    public let directory: URL
    public var configPath: String { directory.appendingPathComponent("clickstreamd.toml").path }
    /// Where requests go: the configured socket, or the activated one.
    public var socketPath: String { listener == nil ? configuredSocketPath : activatedSocketPath }
    /// `daemon.socket_path` of the generated config.
    public var configuredSocketPath: String { directory.appendingPathComponent("run/clickstreamd.sock").path }
    public var activatedSocketPath: String { directory.appendingPathComponent("activated.sock").path }
    /// The listening socket passed on under socket activation (kept open for restarts, as systemd does).
    private let listener: Int32?
    public var stateDirectory: String { directory.appendingPathComponent("state").path }
    public var dataDirectory: String { directory.appendingPathComponent("data").path }
    public let httpPort: Int
    public private(set) var process: ChildProcess

    /// Writes the config and starts the daemon; returns once it answers on its socket.
    public static func start(_ options: Options = Options(), timeout: Double = 30) throws -> DaemonProcess {
        let directory = URL(fileURLWithPath: "/tmp/csd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let httpPort = options.http ? Network.freePort() : 0
        let daemon = try DaemonProcess(options: options, directory: directory, httpPort: httpPort)
        try daemon.waitUntilReady(timeout: timeout)
        return daemon
    }

    private init(options: Options, directory: URL, httpPort: Int) throws {
        self.options = options
        self.directory = directory
        self.httpPort = httpPort
        let config = Self.render(options, directory: directory, httpPort: httpPort)
        try config.write(to: directory.appendingPathComponent("clickstreamd.toml"), atomically: true, encoding: .utf8)
        listener =
            options.socketActivation
            ? try Self.listeningSocket(path: directory.appendingPathComponent("activated.sock").path) : nil
        process = try Self.spawn(
            configPath: directory.appendingPathComponent("clickstreamd.toml").path, options: options,
            listener: listener)
    }

    /// A bound, listening AF_UNIX stream socket (close-on-exec: children get it only as fd 3).
    public static func listeningSocket(path: String) throws -> Int32 {
        try Network.unixSocket(
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), path: path, what: "listening socket"
        ) { bind($0, $1, $2) == 0 && listen($0, 64) == 0 }
    }

    private static func spawn(configPath: String, options: Options, listener: Int32?) throws -> ChildProcess {
        let binary = ProjectPaths.executable("clickstreamd")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestSupportError.toolMissing("\(binary.path) (swift build --product clickstreamd)")
        }
        var environment = ProjectPaths.childEnvironment(adding: options.environment)
        // The test runner's own environment must not leak systemd or the original's variables.
        for name in [
            "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "WATCHDOG_USEC", "PORT", "HOST",
            "KAFKA_BOOTSTRAP_SERVERS", "GENERATION_RATE", "BATCH_SIZE", "MAX_USERS", "MAX_PRODUCTS",
        ]
        where options.environment[name] == nil {
            environment.removeValue(forKey: name)
        }
        guard let listener else {
            return try ChildProcess(
                executable: binary.path, arguments: ["--config", configPath], environment: environment)
        }
        // posix_spawn cannot know the child's pid in advance: the shell sets LISTEN_PID to its
        // own pid and execs clickstreamd, which keeps that pid.
        environment["LISTEN_FDS"] = "1"
        environment.removeValue(forKey: "LISTEN_PID")
        return try ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", #"LISTEN_PID=$$ exec "$0" "$@""#, binary.path, "--config", configPath],
            environment: environment, passing: listener)
    }

    /// `configText` with its placeholders filled in, else the generated config.
    static func render(_ options: Options, directory: URL, httpPort: Int) -> String {
        options.configText?.replacingOccurrences(of: "{{DIR}}", with: directory.path)
            .replacingOccurrences(of: "{{HTTP_PORT}}", with: String(httpPort))
            ?? config(options: options, directory: directory, httpPort: httpPort)
    }

    static func config(options: Options, directory: URL, httpPort: Int) -> String {
        let dir = directory.path
        return """
            [daemon]
            socket_path = "\(dir)/run/clickstreamd.sock"
            state_dir = "\(dir)/state"
            log_level = "\(options.logLevel)"
            status_interval = \(options.statusInterval)
            shutdown_timeout = \(options.shutdownTimeout)
            \(options.daemonTOML)

            [http]
            enabled = \(options.http)
            host = "127.0.0.1"
            port = \(httpPort)

            [kafka]
            bootstrap_servers = "\(options.kafkaBootstrapServers ?? "")"

            [sinks.file]
            directory = "\(dir)/data"

            \(options.extraTOML)

            """
    }

    /// Polls until `health` answers on the socket (and the HTTP port listens, when enabled).
    public func waitUntilReady(timeout: Double = 30) throws {
        try Network.waitUntil(timeout: timeout, "clickstreamd on \(socketPath)") {
            guard process.isRunning else { throw TestSupportError.didNotStart("clickstreamd", output: process.output) }
            guard let client = try? UnixSocketClient(path: socketPath),
                let response = try? client.request("health", timeout: 2), response["result"] != nil
            else { return false }
            return !options.http || Network.isListening(port: httpPort)
        }
    }

    /// A new connection to the daemon's socket.
    public func connect() throws -> UnixSocketClient { try UnixSocketClient(path: socketPath) }

    /// One call on a fresh connection; returns the whole response object.
    public func request(_ method: String, params: String? = nil, timeout: Double = 10) throws -> [String: Any] {
        try connect().request(method, params: params, timeout: timeout)
    }

    /// The `result` of one call (throws when the daemon answered with an error).
    public func result(_ method: String, params: String? = nil, timeout: Double = 10) throws -> Any {
        let response = try request(method, params: params, timeout: timeout)
        guard let result = response["result"] else {
            throw TestSupportError.didNotStart("\(method)", output: "error response: \(response)")
        }
        return result
    }

    public var pid: Int32 { process.pid }
    public var output: String { process.output }
    public var isRunning: Bool { process.isRunning }
    public func send(_ signal: Int32) { process.send(signal) }

    /// SIGTERM (SIGKILL after `grace`); returns the exit code.
    @discardableResult
    public func stop(grace: Double = 15) -> Int32? { process.stop(grace: grace) }

    /// Stops it and starts it again with the same config, state and data.
    public func restart(timeout: Double = 30) throws {
        stop()
        process = try Self.spawn(configPath: configPath, options: options, listener: listener)
        try waitUntilReady(timeout: timeout)
    }

    /// Stops it and starts it again with the same temp dir (state, data, socket) but other
    /// options: the config file is generated again from them (unless `configText` is set).
    public func restart(with options: Options, timeout: Double = 30) throws {
        stop()
        self.options = options
        let config = Self.render(options, directory: directory, httpPort: httpPort)
        try writeConfig(config)
        process = try Self.spawn(configPath: configPath, options: options, listener: listener)
        try waitUntilReady(timeout: timeout)
    }

    /// Rewrites the config file (for reload tests).
    public func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The generated config text for these options (to edit in reload tests).
    public var generatedConfig: String { Self.config(options: options, directory: directory, httpPort: httpPort) }

    /// The generated config without `extraTOML`: a base to append other tables to.
    public var baseConfig: String {
        var plain = options
        plain.extraTOML = ""
        return Self.config(options: plain, directory: directory, httpPort: httpPort)
    }

    /// Stops the daemon if needed and removes the temporary directory.
    public func cleanUp() {
        if process.isRunning { stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        if process.isRunning { process.stop(grace: 5) }
        if let listener { close(listener) }
        try? FileManager.default.removeItem(at: directory)
    }
}
