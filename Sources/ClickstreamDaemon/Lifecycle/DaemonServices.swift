import ClickstreamAPI
import Dispatch
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The stream service: runs the workers (the runner's task group is a child of this
/// service), resumes and autostarts streams, and on graceful shutdown ends the workers,
/// flushes the sinks within the shutdown timeout and saves the state.
struct StreamSupervisor: Service {
    let manager: StreamManager
    let readiness: Readiness
    let shutdownTimeout: Duration

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await manager.runner.run() }
            await manager.restore()
            await readiness.done(.streams)
            try? await gracefulShutdown()
            await manager.shutdown(timeout: shutdownTimeout)
        }
    }
}

/// Every `interval`: STATUS= with a one-line summary and a state snapshot; WATCHDOG=1 at
/// half the watchdog interval when systemd set one. STOPPING=1 when shutdown begins (this
/// service is the first told).
struct StatusReporter: Service {
    let manager: StreamManager
    let notifier: SystemdNotifier
    let readiness: Readiness
    let interval: Duration
    let watchdog: Duration?
    let logger: Logger

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                if let watchdog {
                    group.addTask {
                        while !Task.isCancelled {
                            notifier.watchdog()
                            try? await Task.sleep(for: watchdog / 2)
                        }
                    }
                }
                group.addTask {
                    await readiness.wait()
                    while !Task.isCancelled {
                        await report()
                        try? await Task.sleep(for: interval)
                    }
                }
                try? await gracefulShutdown()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            notifier.stopping()
            notifier.status("stopping: flushing sinks and saving state")
        }
    }

    private func report() async {
        let stats = await manager.globalStats()
        let line = StatusLine.make(
            running: await manager.runningCount(), stats: stats, kafka: manager.sinks.kafkaStatus)
        notifier.status(line)
        await manager.save()
    }
}

/// SIGHUP → config reload. The signal is blocked for the process and read from a dispatch
/// source, so it never kills the daemon.
struct ReloadOnHangup: Service {
    let reloader: ConfigReloader
    /// Where each reload is recorded (door signal).
    let audit: AuditLog

    func run() async throws {
        signal(SIGHUP, SIG_IGN)
        let (hangups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { continuation.yield() }
        source.resume()
        defer { source.cancel() }
        await withGracefulShutdownHandler {
            for await _ in hangups.cancelOnGracefulShutdown() {
                let caller = RequestCaller(door: .signal, who: "SIGHUP")
                do throws(RPCError) {
                    _ = try await reloader.reload(trigger: "SIGHUP")
                    audit.record(caller, .configReload, streamID: nil, params: nil, result: .success(()))
                } catch {
                    audit.record(caller, .configReload, streamID: nil, params: nil, result: .failure(error))
                }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }
}
