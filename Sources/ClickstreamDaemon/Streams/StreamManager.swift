import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel
import Foundation
import Logging

/// Owns every stream worker: starts and stops them (RPC, config autostart), keeps their
/// figures, and persists them to the state file so that a restart resumes them.
actor StreamManager {
    private(set) var config: DaemonConfig
    /// The simulated population and catalogue, built once per generator config and shared
    /// by every stream (its popularity tables cost O(products) to build).
    private(set) var world: World {
        didSet { sharedWorld.set(world) }
    }
    /// The current World for synchronous readers (the HTTP adapter's NDJSON routes).
    nonisolated let sharedWorld: SharedWorld
    let sinks: SinkSet
    private let store: StateStore
    private let logger: Logger
    /// In start order; ended streams stay listed (their counts belong to the totals).
    private var order: [String] = []
    private var workers: [String: StreamWorker] = [:]
    private var tasks: [String: Task<Void, Never>] = [:]
    /// Streaming `generate.*` calls while they run: listed like streams, never persisted
    /// (a restart must not resume them).
    private var transient: Set<String> = []
    private var retired = PersistedState.Retired()
    private var shuttingDown = false
    /// Ended streams kept in the table; older ones fold into `retired`.
    private let keepEnded = 100

    init(config: DaemonConfig, sinks: SinkSet, store: StateStore, logger: Logger) {
        self.config = config
        let world = World(config: config.generator.generatorConfig)
        self.world = world
        sharedWorld = SharedWorld(world)
        self.sinks = sinks
        self.store = store
        self.logger = logger
    }

    // MARK: - Starting

    /// Starts a stream from a spec (`stream.start`, or an autostart `[[streams]]` entry);
    /// records it for resumption.
    func start(_ spec: StreamSpec, origin: StreamDefinition.Origin = .rpc, id: String? = nil) throws(RPCError) -> StreamStartResult {
        guard !shuttingDown else { throw RPCError(.unavailable, "clickstreamd is shutting down") }
        let running = workers.values.filter { $0.state == .running }.count
        guard running < config.limits.maxStreams else {
            throw RPCError(.limitExceeded, "at most \(config.limits.maxStreams) streams may run at once (limits.max_streams)",
                           data: ["limit": "limits.max_streams", "max": .number(Double(config.limits.maxStreams))])
        }
        let id = id ?? Self.newID()
        if let name = spec.name, workers.values.contains(where: { $0.definition.name == name && $0.state == .running }) {
            throw RPCError(.invalidParams, "a running stream is already named \"\(name)\"", data: ["field": "name"])
        }
        let definition = try config.resolve(spec, id: id, origin: origin)
        let worker = try makeWorker(definition, counters: StreamCounters(), startedAt: Date(), elapsed: 0, lastError: nil)
        launch(worker)
        save()
        logger.info("stream started", metadata: ["stream": "\(id)", "data_type": "\(definition.dataType.rawValue)",
                                                 "rate": "\(definition.rate)", "sink": "\(worker.destinationDescription)"])
        return StreamStartResult(streamId: id, dataType: definition.dataType, rate: definition.rate,
                                 maxCount: definition.maxCount, duration: definition.duration)
    }

    /// The stream id of a `[[streams]]` entry.
    static func configID(_ name: String) -> String { "config-\(name)" }

    /// The `[[streams]]` entry behind a config stream id, in the current config.
    private func configEntry(id: String) -> ConfiguredStream? {
        config.streams.first { Self.configID($0.name) == id }
    }

    /// What a `[[streams]]` entry means under the current config (sink `auto` resolved now).
    private func definition(of entry: ConfiguredStream) throws(RPCError) -> StreamDefinition {
        try config.resolve(entry.spec, id: Self.configID(entry.name), origin: .config)
    }

    private func makeWorker(_ definition: StreamDefinition, counters: StreamCounters, startedAt: Date, elapsed: Double,
                            lastError: String?, state: StreamState = .running) throws(RPCError) -> StreamWorker {
        let sink: any RecordSink
        do {
            sink = try sinks.sink(for: definition.sink)
        } catch {
            throw RPCError(.unavailable, error.description, data: ["sink": .string(definition.sink.rawValue)])
        }
        return StreamWorker(
            definition: definition, sink: sink, destinationDescription: sinks.describe(kind: definition.sink, topic: definition.topic),
            world: world, shard: config.generator.shard,
            counters: counters, startedAt: startedAt, elapsedBefore: elapsed, state: state, lastError: lastError,
            logger: logger)
    }

    private func launch(_ worker: StreamWorker) {
        let id = worker.definition.id
        if workers[id] == nil { order.append(id) }
        workers[id] = worker
        worker.markEnded(.running)
        tasks[id] = Task { [weak self] in
            let ended = await worker.run()
            await self?.workerReturned(worker, ended: ended)
        }
    }

    private func workerReturned(_ worker: StreamWorker, ended: StreamState) {
        let id = worker.definition.id
        // A stop or a shutdown already recorded the outcome.
        guard tasks[id] != nil else { return }
        tasks[id] = nil
        // A generate call cancelled by its caller ends stopped, not resumable.
        worker.markEnded(ended == .running && transient.contains(id) ? .stopped : ended)
        logger.info("stream ended", metadata: ["stream": "\(id)", "state": "\(ended.rawValue)",
                                               "generated": "\(worker.counters.generated)"])
        pruneEnded()
        save()
    }

    /// Resumes what the state file says was running and autostarts config streams that the
    /// state file does not know yet. Streams an operator stopped stay stopped.
    ///
    /// A config stream (`[[streams]]`) takes its definition from the current config, never
    /// from the state file, which only gives its counts and whether it was stopped: so a
    /// broker configured since the last start turns sink `auto` into kafka. A config stream
    /// whose entry is gone is dropped (its counts stay in the totals).
    func restore() {
        let state: PersistedState
        do {
            state = try store.load()
        } catch {
            logger.error("state file unreadable; starting with no streams", metadata: ["error": "\(error)"])
            state = PersistedState()
        }
        retired = state.retired
        for saved in state.streams {
            let id = saved.definition.id
            let counters = StreamCounters(generated: saved.generated, delivered: saved.delivered, failed: saved.failed)
            do {
                var definition = saved.definition
                if definition.origin == .config {
                    guard let entry = configEntry(id: id) else {
                        retire(counters)
                        logger.notice("configured stream no longer in the config; dropped", metadata: ["stream": "\(id)"])
                        continue
                    }
                    definition = try self.definition(of: entry)
                }
                let worker = try makeWorker(definition, counters: counters, startedAt: saved.startedAt,
                                            elapsed: saved.elapsedSeconds, lastError: saved.lastError, state: saved.state)
                if saved.state == .running {
                    launch(worker)
                    logger.info("stream resumed", metadata: ["stream": "\(id)", "generated": "\(saved.generated)",
                                                             "sink": "\(worker.destinationDescription)"])
                } else {
                    order.append(id)
                    workers[id] = worker
                }
            } catch {
                logger.error("cannot resume stream", metadata: ["stream": "\(id)", "error": "\(error.message)"])
            }
        }
        autostartConfigStreams()
        save()
    }

    /// Starts `[[streams]]` entries with autostart that are not known yet (by name).
    func autostartConfigStreams() {
        for stream in config.streams where stream.autostart {
            let id = Self.configID(stream.name)
            guard workers[id] == nil else { continue }
            do {
                _ = try start(stream.spec, origin: .config, id: id)
            } catch {
                logger.error("cannot autostart stream", metadata: ["stream": "\(stream.name)", "error": "\(error.message)"])
            }
        }
    }

    /// After a reload: every known config stream takes its definition from the new config.
    /// One whose definition changed is replaced by a worker with the new one and the same
    /// counts (restarted if it was running; a stopped one stays stopped); one whose entry is
    /// gone is stopped and dropped (its counts stay in the totals).
    private func redefineConfigStreams() async {
        for id in order {
            guard let worker = workers[id], worker.definition.origin == .config, !transient.contains(id) else { continue }
            guard let entry = configEntry(id: id) else {
                await halt(worker, as: .stopped)
                workers[id] = nil
                order.removeAll { $0 == id }
                retire(worker.counters)
                logger.notice("configured stream removed from the config; stopped", metadata: ["stream": "\(id)"])
                continue
            }
            let definition: StreamDefinition
            do {
                definition = try self.definition(of: entry)
            } catch {
                logger.error("configured stream keeps its definition", metadata: ["stream": "\(id)", "error": "\(error.message)"])
                continue
            }
            guard definition != worker.definition else { continue }
            let wasRunning = worker.state == .running
            await halt(worker, as: wasRunning ? .running : worker.state)
            do {
                let replacement = try makeWorker(definition, counters: worker.counters, startedAt: worker.startedAt,
                                                 elapsed: worker.elapsedSeconds, lastError: worker.lastError, state: worker.state)
                if wasRunning {
                    launch(replacement)
                } else {
                    workers[id] = replacement
                }
                logger.info("configured stream redefined", metadata: ["stream": "\(id)", "sink": "\(replacement.destinationDescription)"])
            } catch {
                worker.markEnded(.failed)
                logger.error("configured stream cannot take its new definition", metadata: ["stream": "\(id)", "error": "\(error.message)"])
            }
        }
    }

    private func retire(_ counters: StreamCounters) {
        retired.generated += counters.generated
        retired.delivered += counters.delivered
        retired.failed += counters.failed
    }

    // MARK: - Stopping

    /// Stops one stream by id or name; it stays stopped across restarts.
    func stop(_ idOrName: String) async throws(RPCError) -> StreamInfo {
        guard let worker = workers[idOrName] ?? workers.values.first(where: { $0.definition.name == idOrName && $0.state == .running })
            ?? workers.values.first(where: { $0.definition.name == idOrName }) else {
            throw RPCError(.notFound, "no stream \"\(idOrName)\"", data: ["stream_id": .string(idOrName)])
        }
        await halt(worker, as: .stopped)
        save()
        logger.info("stream stopped", metadata: ["stream": "\(worker.definition.id)", "generated": "\(worker.counters.generated)"])
        return worker.info()
    }

    func stopAll() async -> [StreamInfo] {
        var stopped: [StreamInfo] = []
        for id in order {
            guard let worker = workers[id], worker.state == .running else { continue }
            await halt(worker, as: .stopped)
            stopped.append(worker.info())
        }
        save()
        return stopped
    }

    private func halt(_ worker: StreamWorker, as state: StreamState) async {
        if let task = tasks.removeValue(forKey: worker.definition.id) {
            task.cancel()
            await task.value
            worker.markEnded(state)
        } else if worker.state == .running {
            worker.markEnded(state)
        }
    }

    /// Stops every worker without marking it stopped (running ones resume on the next
    /// start), flushes the sinks within `timeout` and saves the state.
    func shutdown(timeout: Duration) async {
        shuttingDown = true
        let running = tasks
        tasks.removeAll()
        for (_, task) in running { task.cancel() }
        for (id, task) in running {
            await task.value
            workers[id]?.markEnded(transient.contains(id) ? .stopped : .running)
        }
        await sinks.flushAll(timeout: timeout)
        sinks.close(timeout: .milliseconds(500))
        save()
        let totals = globalStats()
        logger.info("streams saved", metadata: ["generated": "\(totals.totalGenerated)", "delivered": "\(totals.totalDelivered)",
                                                "failed": "\(totals.totalFailed)", "queued": "\(totals.totalQueued)"])
    }

    // MARK: - Figures

    func infos() -> [StreamInfo] { order.compactMap { workers[$0]?.info() } }

    /// What the original service called its cache: here the session engines' open-session
    /// tables (bounded by `generator.session.max_open_sessions`), summed over the streams.
    func sessionTableStats() -> [String: Int] {
        var open = 0
        var dropped = 0
        for worker in workers.values {
            open += worker.counters.openSessions
            dropped += worker.counters.droppedSessionStarts
        }
        return ["open_sessions": open, "dropped_session_starts": dropped, "streams_tracked": workers.count]
    }

    func runningCount() -> Int { workers.values.filter { $0.state == .running }.count }

    func globalStats(uptime: Double = 0) -> GlobalStats {
        var stats = GlobalStats(totalGenerated: retired.generated, totalDelivered: retired.delivered, totalFailed: retired.failed,
                                totalQueued: 0, currentRate: 0, uptimeSeconds: uptime)
        let now = ContinuousClock.now
        for worker in workers.values {
            stats.totalGenerated += worker.counters.generated
            stats.totalDelivered += worker.counters.delivered
            stats.totalFailed += worker.counters.failed
            stats.totalQueued += worker.counters.queued
            if worker.state == .running { stats.currentRate += worker.meter.rate(now: now) }
        }
        return stats
    }

    /// Runs a one-off stream to its end for the caller (streaming `generate.*`). While it runs
    /// it is listed in `stream.status` like any stream (and can be stopped); afterwards it
    /// stays listed as finished (or stopped) until pruned. It is never resumed.
    func runToEnd(_ definition: StreamDefinition) async throws(RPCError) -> StreamInfo {
        guard !shuttingDown else { throw RPCError(.unavailable, "clickstreamd is shutting down") }
        let worker = try makeWorker(definition, counters: StreamCounters(), startedAt: Date(), elapsed: 0, lastError: nil)
        let id = definition.id
        transient.insert(id)
        launch(worker)
        let task = tasks[id]
        logger.info("generate stream started", metadata: ["stream": "\(id)", "data_type": "\(definition.dataType.rawValue)",
                                                          "count": "\(definition.maxCount ?? 0)"])
        // The caller going away (its connection closed) cancels the run.
        await withTaskCancellationHandler {
            await task?.value
        } onCancel: {
            task?.cancel()
        }
        if worker.state == .running { worker.markEnded(.stopped) }
        let timeout = Duration.seconds(config.daemon.shutdownTimeout)
        try? await sinks.sink(for: definition.sink).flush(timeout: timeout)
        transient.remove(id)
        save()
        return worker.info()
    }

    /// The configuration changed (reload): new streams use it, config streams take their new
    /// definition (see `redefineConfigStreams`); streams started by RPC keep theirs.
    func apply(_ newConfig: DaemonConfig) async {
        if newConfig.generator.generatorConfig != config.generator.generatorConfig {
            world = World(config: newConfig.generator.generatorConfig)
        }
        config = newConfig
        await redefineConfigStreams()
        autostartConfigStreams()
        save()
    }

    // MARK: - Persistence

    func save() {
        var state = PersistedState()
        state.retired = retired
        for id in order where !transient.contains(id) {
            guard let worker = workers[id] else { continue }
            state.streams.append(PersistedState.Stream(
                definition: worker.definition, state: worker.state, generated: worker.counters.generated,
                delivered: worker.counters.delivered, failed: worker.counters.failed, elapsedSeconds: worker.elapsedSeconds,
                startedAt: worker.startedAt, lastError: worker.lastError))
        }
        do {
            try store.save(state)
        } catch {
            logger.error("cannot save state", metadata: ["error": "\(error)"])
        }
    }

    private func pruneEnded() {
        let ended = order.filter { workers[$0].map { $0.state != .running } ?? true }
        guard ended.count > keepEnded else { return }
        for id in ended.prefix(ended.count - keepEnded) {
            if let worker = workers.removeValue(forKey: id) { retire(worker.counters) }
            order.removeAll { $0 == id }
        }
    }

    static func newID() -> String {
        var bytes = SystemRandomNumberGenerator()
        let value = bytes.next() as UInt32
        let hex = String(value, radix: 16)
        return "stream-" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
