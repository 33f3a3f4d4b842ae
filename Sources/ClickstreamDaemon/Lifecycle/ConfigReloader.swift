import ClickstreamAPI
import Logging

/// Reloads the configuration (SIGHUP or `config.reload`): reads and validates the file
/// again; if it is invalid the old configuration stays and the reason is logged and
/// returned. Tells systemd RELOADING=1 ... READY=1 around it.
///
/// What a reload changes: limits, defaults, generator settings and topics for new streams,
/// log level and format of new lines, `[[streams]]` entries (new autostart ones start; known
/// ones take their new definition, keeping their counts; removed ones stop). Socket,
/// HTTP listener, state dir, sinks and Kafka connection need a restart (the result says so).
actor ConfigReloader {
    let path: String
    private let environment: [String: String]
    private let manager: StreamManager
    private let notifier: SystemdNotifier
    private let logger: Logger

    init(path: String, environment: [String: String], manager: StreamManager, notifier: SystemdNotifier, logger: Logger)
    {
        self.path = path
        self.environment = environment
        self.manager = manager
        self.notifier = notifier
        self.logger = logger
    }

    func reload(trigger: String) async throws(RPCError) -> ConfigReloadResult {
        notifier.reloading()
        defer { notifier.ready() }
        let new: DaemonConfig
        do {
            new = try ConfigLoader.load(path: path, environment: environment)
        } catch {
            logger.error(
                "config reload refused; keeping the running configuration",
                metadata: ["trigger": "\(trigger)", "path": "\(path)", "error": "\(error)"])
            throw RPCError(
                .invalidConfig, "config reload refused, the running configuration stays: \(error)",
                data: [
                    "path": .string(path),
                    "issues": .array(
                        error.issues.map { issue in
                            .object([
                                "key": .string(issue.keyPath), "line": issue.line.map { .number(Double($0)) } ?? .null,
                                "message": .string(issue.message),
                            ])
                        }),
                ])
        }
        let old = await manager.config
        var restartNeeded: [String] = []
        if new.daemon.socketPath != old.daemon.socketPath || new.daemon.socketMode != old.daemon.socketMode {
            restartNeeded.append("daemon.socket_path/socket_mode")
        }
        if new.daemon.stateDirectory != old.daemon.stateDirectory { restartNeeded.append("daemon.state_dir") }
        if new.http != old.http { restartNeeded.append("http") }
        if new.kafka != old.kafka { restartNeeded.append("kafka") }
        if new.sinks != old.sinks { restartNeeded.append("sinks") }
        SharedLogLevel.shared.level = new.daemon.logLevel.swiftLogLevel
        await manager.apply(new)
        for note in new.notes { logger.notice("\(note)") }
        var message = "configuration reloaded from \(path)"
        if !restartNeeded.isEmpty {
            message += "; changes to \(restartNeeded.joined(separator: ", ")) take effect after a restart"
        }
        logger.info(
            "config reloaded",
            metadata: ["trigger": "\(trigger)", "path": "\(path)", "restart_needed": "\(restartNeeded)"])
        return ConfigReloadResult(reloaded: true, message: message, configPath: path)
    }
}

extension LogLevelName {
    var swiftLogLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
