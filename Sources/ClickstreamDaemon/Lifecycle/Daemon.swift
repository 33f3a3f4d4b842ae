import ClickstreamAPI
import ClickstreamKafka
import ClickstreamModel
import Foundation
import Logging
import ServiceLifecycle

/// clickstreamd's entry points: `check` for `--check-config`, `run` for the daemon.
public enum Daemon {
    /// Exit status for an unusable configuration (sysexits EX_CONFIG); systemd units can
    /// list it in RestartPreventExitStatus so that a bad config does not restart-loop.
    public static let exitConfigError: Int32 = 78

    /// Validates the configuration and prints the result; returns the exit status.
    public static func check(configPath: String?) -> Int32 {
        let path = configPath ?? ConfigLoader.defaultPath
        do {
            let config = try ConfigLoader.load(path: path)
            print("\(config.sourcePath): configuration OK")
            print(
                "  socket \(config.daemon.socketPath), state \(config.daemon.stateDirectory), "
                    + "http \(config.http.enabled ? "\(config.http.host):\(config.http.port)" : "off"), "
                    + "default sink \(config.defaultSink.rawValue), \(config.streams.count) configured stream(s)")
            for note in config.notes { print("  note: \(note)") }
            return 0
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            return exitConfigError
        }
    }

    /// Runs the daemon until SIGTERM/SIGINT; returns the exit status.
    public static func run(configPath: String?) async -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let path = configPath ?? ConfigLoader.defaultPath
        let config: DaemonConfig
        do {
            config = try ConfigLoader.load(path: path, environment: environment)
        } catch {
            FileHandle.standardError.write(Data("clickstreamd: \(error)\n".utf8))
            return exitConfigError
        }
        let format = config.daemon.logFormat
        LoggingSystem.bootstrap { label in DaemonLogHandler(label: label, format: format) }
        SharedLogLevel.shared.level = config.daemon.logLevel.swiftLogLevel
        let logger = Logger(label: "clickstreamd")
        for note in config.notes { logger.notice("\(note)") }
        let rdkafka = librdkafkaVersion()
        if Self.isOlder(rdkafka, than: [2, 2]) {
            logger.warning(
                "librdkafka \(rdkafka) is older than 2.2: it cannot talk to brokers that send tagged fields (KRaft-era Kafka, Tansu); put a newer librdkafka.so.1 on LD_LIBRARY_PATH"
            )
        }
        logger.info(
            "clickstreamd starting",
            metadata: [
                "version": "\(clickstreamVersion)", "config": "\(config.sourcePath)", "pid": "\(getpid())",
                "default_sink": "\(config.defaultSink.rawValue)", "librdkafka": "\(rdkafka)",
            ])

        // Before touching any state: refuse to run beside another daemon on the same socket
        // or state directory.
        if SocketActivation.inheritedSocket() == nil, UnixSocketServer.somebodyAnswers(config.daemon.socketPath) {
            logger.critical("\(RPCServerError.alreadyRunning(path: config.daemon.socketPath))")
            return 1
        }
        let lock: StateLock
        do {
            lock = try StateLock(directory: config.daemon.stateDirectory)
        } catch {
            logger.critical("\(error)")
            return 1
        }
        defer { lock.release() }

        let notifier = SystemdNotifier(environment: environment)
        let sinks = SinkSet(config: config, logger: logger)
        let manager = StreamManager(
            config: config, sinks: sinks, store: StateStore(directory: config.daemon.stateDirectory),
            logger: logger)
        let reloader = ConfigReloader(
            path: config.sourcePath, environment: environment, manager: manager,
            notifier: notifier, logger: logger)
        let methods = MethodTable(manager: manager, reloader: reloader)

        let readiness = Readiness(
            parts: config.http.enabled ? [.rpcSocket, .streams, .http] : [.rpcSocket, .streams],
            notifier: notifier, logger: logger)
        var httpService: HTTPServer?
        if config.http.enabled {
            let shared = manager.sharedWorld
            httpService = HTTPServer(
                context: HTTPContext(
                    settings: config.http, handler: methods, limits: config.limits,
                    formats: config.schemaRegistry.isConfigured ? RecordFormat.allCases : [.json],
                    world: { shared.world },
                    logger: logger, onBound: { await readiness.done(.http) }))
        }

        let rpc = UnixSocketServer(
            settings: config.daemon, handler: methods, logger: logger,
            onBound: { await readiness.done(.rpcSocket) })
        var services: [any Service] = [
            StreamSupervisor(
                manager: manager, readiness: readiness, shutdownTimeout: .seconds(config.daemon.shutdownTimeout)),
            rpc,
        ]
        if let httpService { services.append(httpService) }
        services.append(ReloadOnHangup(reloader: reloader, audit: manager.audit))
        services.append(
            StatusReporter(
                manager: manager, notifier: notifier, readiness: readiness,
                interval: .seconds(config.daemon.statusInterval),
                watchdog: SystemdNotifier.watchdogInterval(), logger: logger))
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
            logger.info("clickstreamd stopped")
            return 0
        } catch {
            logger.critical("clickstreamd failed", metadata: ["error": "\(error)"])
            notifier.stopping()
            return 1
        }
    }

    /// Compares a dotted version with a prefix such as [2, 2].
    static func isOlder(_ version: String, than minimum: [Int]) -> Bool {
        let parts = version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        for (index, wanted) in minimum.enumerated() {
            let have = index < parts.count ? parts[index] : 0
            if have != wanted { return have < wanted }
        }
        return false
    }
}
