import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel
import Foundation
import Logging

/// The daemon's streams: starts and stops them (RPC, HTTP, config), keeps their figures, and
/// saves them to the state file so that a restart resumes them.
///
/// Three parts with one job each: `StreamTable` decides (which streams exist, which run, what
/// a stop or a shutdown means), `StreamRunner` runs the workers (child tasks of one task
/// group), `StateStore` / `PersistedState` keep them across restarts. This actor carries out
/// the table's actions; the config side (restore, autostart, reload) is in
/// StreamManager+Config.swift.
actor StreamManager {
    private(set) var config: DaemonConfig
    /// The simulated population and catalogue, built once per generator config and shared
    /// by every stream (its popularity tables cost O(products) to build).
    private(set) var world: World {
        didSet { sharedWorld.set(world) }
    }
    /// The current World for synchronous readers (the HTTP adapter's NDJSON routes).
    nonisolated let sharedWorld: SharedWorld
    nonisolated let sinks: SinkSet
    /// Runs the workers; `StreamSupervisor` runs it as part of the stream service.
    nonisolated let runner = StreamRunner()
    let store: StateStore
    /// Control actions, whoever made them (`AuditLog`, in the state directory).
    nonisolated let audit: AuditLog
    let logger: Logger
    var table = StreamTable<StreamWorker>()
    /// Counts of streams no longer listed (pruned, or their config entry removed).
    var retired = PersistedState.Retired()
    /// Callers waiting for a stream's worker to return (stop, shutdown, redefinition).
    private var endWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(config: DaemonConfig, sinks: SinkSet, store: StateStore, logger: Logger) {
        self.config = config
        let world = World(config: config.generator.generatorConfig)
        self.world = world
        sharedWorld = SharedWorld(world)
        self.sinks = sinks
        self.store = store
        audit = AuditLog(directory: store.directory, logger: logger)
        self.logger = logger
    }

    // MARK: - Starting

    /// Starts a stream from a spec (`stream.start`, or an autostart `[[streams]]` entry);
    /// records it for resumption.
    func start(_ spec: StreamSpec, origin: StreamDefinition.Origin = .rpc, id: String? = nil) async throws(RPCError)
        -> StreamStartResult
    {
        guard !table.isShuttingDown else { throw RPCError(.unavailable, "clickstreamd is shutting down") }
        let definition = try config.resolve(spec, id: id ?? Self.newID(), origin: origin)
        let worker = try await makeWorker(
            definition, counters: StreamCounters(), startedAt: Date(), elapsed: 0, lastError: nil)
        // Registering a schema awaits the registry: `add` refuses if a shutdown began meanwhile.
        perform(
            try table.add(
                id: definition.id, name: definition.name, worker: worker, maxRunning: config.limits.maxStreams))
        save()
        logger.info(
            "stream started",
            metadata: [
                "stream": "\(definition.id)", "data_type": "\(definition.dataType.rawValue)",
                "rate": "\(definition.rate)", "sink": "\(worker.destinationDescription)",
            ])
        return StreamStartResult(
            streamId: definition.id, dataType: definition.dataType, rate: definition.rate,
            maxCount: definition.maxCount, duration: definition.duration,
            schedule: definition.schedule == .constant ? nil : definition.schedule.description)
    }

    /// A worker for `definition`; a stream in a registry format registers its schema first
    /// (and does not start when the registry refuses or cannot be reached).
    func makeWorker(
        _ definition: StreamDefinition, counters: StreamCounters, startedAt: Date, elapsed: Double,
        lastError: String?, state: StreamState = .running
    ) async throws(RPCError) -> StreamWorker {
        let sink: any RecordSink
        do {
            sink = try sinks.sink(for: definition.sink)
        } catch {
            throw RPCError(.unavailable, error.description, data: ["sink": .string(definition.sink.rawValue)])
        }
        let encoding = try await SchemaRegistrar(settings: config.schemaRegistry)
            .encoding(format: definition.format, dataType: definition.dataType, topic: definition.topic)
        return StreamWorker(
            definition: definition, sink: sink,
            destinationDescription: sinks.describe(kind: definition.sink, topic: definition.topic),
            world: world, shard: config.generator.shard, encoding: encoding,
            counters: counters, startedAt: startedAt, elapsedBefore: elapsed, state: state, lastError: lastError,
            logger: logger, truthDirectory: definition.spec.truth == true ? sinks.file.directory : nil)
    }

    /// Carries out what the table decided.
    func perform(_ action: StreamTable<StreamWorker>.Action) {
        switch action {
        case .launch(let worker):
            worker.markEnded(.running)
            let id = worker.definition.id
            let job = StreamRunner.Job(worker: worker) { [weak self] ended in
                await self?.workerReturned(id, ended: ended)
            }
            if !runner.launch(job) { workerReturned(id, ended: .running) }
        case .cancel(let worker):
            worker.stopSignal.fire()
        case .none:
            break
        }
    }

    private func workerReturned(_ id: String, ended: StreamState) {
        guard let entry = table[id], let state = table.returned(id, ended: ended) else { return }
        entry.worker.markEnded(state)
        logger.info(
            "stream ended",
            metadata: [
                "stream": "\(id)", "state": "\(state.rawValue)",
                "generated": "\(entry.worker.counters.generated)",
            ])
        for worker in table.pruneEnded() { retire(worker.counters) }
        for waiter in endWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
        if !table.isShuttingDown { save() }
    }

    /// Returns once the stream's worker has returned (at once when it is not running).
    func waitUntilEnded(_ id: String) async {
        guard let phase = table[id]?.phase else { return }
        if case .ended = phase { return }
        await withCheckedContinuation { endWaiters[id, default: []].append($0) }
    }

    func retire(_ counters: StreamCounters) {
        retired.generated += counters.generated
        retired.delivered += counters.delivered
        retired.failed += counters.failed
        retired.duplicated = (retired.duplicated ?? 0) + counters.disorder.duplicated
        retired.dropped = (retired.dropped ?? 0) + counters.disorder.dropped
    }

    // MARK: - Stopping

    /// Stops one stream by id or name; it stays stopped across restarts.
    func stop(_ idOrName: String) async throws(RPCError) -> StreamInfo {
        guard let entry = table.find(idOrName) else {
            throw RPCError(.notFound, "no stream \"\(idOrName)\"", data: ["stream_id": .string(idOrName)])
        }
        perform(table.stop(entry.id))
        await waitUntilEnded(entry.id)
        save()
        logger.info(
            "stream stopped", metadata: ["stream": "\(entry.id)", "generated": "\(entry.worker.counters.generated)"])
        return entry.worker.info()
    }

    func stopAll() async -> [StreamInfo] {
        let running = table.all.filter { $0.phase == .running }
        for entry in running { perform(table.stop(entry.id)) }
        for entry in running { await waitUntilEnded(entry.id) }
        save()
        return running.map { $0.worker.info() }
    }

    /// Ends every worker without marking it stopped (running ones resume on the next start),
    /// flushes the sinks within `timeout` and saves the state. Safe in a cancelled task: the
    /// workers are then ending anyway, and what the asynchronous flush could not wait for,
    /// closing the sinks waits for (blocking) within the same deadline.
    func shutdown(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        for action in table.shutdown() { perform(action) }
        for id in table.order { await waitUntilEnded(id) }
        runner.finish()
        await sinks.flushAll(timeout: timeout)
        sinks.close(timeout: max(.milliseconds(500), deadline - ContinuousClock.now))
        save()
        let totals = globalStats()
        logger.info(
            "streams saved",
            metadata: [
                "generated": "\(totals.totalGenerated)", "delivered": "\(totals.totalDelivered)",
                "failed": "\(totals.totalFailed)", "queued": "\(totals.totalQueued)",
            ])
    }

    /// Runs a one-off stream to its end for the caller (streaming `generate.*`). While it runs
    /// it is listed in `stream.status` like any stream (and can be stopped); afterwards it
    /// stays listed as finished (or stopped) until pruned. It is never resumed.
    func runToEnd(_ definition: StreamDefinition) async throws(RPCError) -> StreamInfo {
        guard !table.isShuttingDown else { throw RPCError(.unavailable, "clickstreamd is shutting down") }
        let worker = try await makeWorker(
            definition, counters: StreamCounters(), startedAt: Date(), elapsed: 0, lastError: nil)
        let id = definition.id
        perform(try table.add(id: id, name: definition.name, worker: worker, transient: true))
        logger.info(
            "generate stream started",
            metadata: [
                "stream": "\(id)", "data_type": "\(definition.dataType.rawValue)",
                "count": "\(definition.maxCount ?? 0)",
            ])
        // The caller going away (its connection closed) ends the run; it then counts as stopped.
        await withTaskCancellationHandler {
            await waitUntilEnded(id)
        } onCancel: {
            worker.stopSignal.fire()
        }
        try? await sinks.sink(for: definition.sink).flush(timeout: .seconds(config.daemon.shutdownTimeout))
        table.settle(id)
        save()
        return worker.info()
    }

    // MARK: - Reload

    /// The configuration changed (reload): new streams use it, config streams take their new
    /// definition (see `redefineConfigStreams`); streams started by RPC keep theirs.
    func apply(_ newConfig: DaemonConfig) async {
        if newConfig.generator.generatorConfig != config.generator.generatorConfig {
            world = World(config: newConfig.generator.generatorConfig)
        }
        config = newConfig
        await redefineConfigStreams()
        await autostartConfigStreams()
        save()
    }

    // MARK: - Figures

    func infos() -> [StreamInfo] { table.all.map { $0.worker.info() } }

    /// What the original service called its cache: here the session engines' open-session
    /// tables (bounded by `generator.session.max_open_sessions`), summed over the streams.
    func sessionTableStats() -> [String: Int] {
        let workers = table.all.map(\.worker)
        return [
            "open_sessions": workers.reduce(0) { $0 + $1.counters.openSessions },
            "dropped_session_starts": workers.reduce(0) { $0 + $1.counters.droppedSessionStarts },
            "streams_tracked": workers.count,
        ]
    }

    func runningCount() -> Int { table.runningCount }

    func globalStats(uptime: Double = 0) -> GlobalStats {
        var stats = GlobalStats(
            totalGenerated: retired.generated, totalDelivered: retired.delivered, totalFailed: retired.failed,
            totalQueued: 0, totalDuplicated: retired.duplicated ?? 0, totalDropped: retired.dropped ?? 0,
            currentRate: 0, uptimeSeconds: uptime)
        let now = ContinuousClock.now
        for worker in table.all.map(\.worker) {
            stats.totalGenerated += worker.counters.generated
            stats.totalDelivered += worker.counters.delivered
            stats.totalFailed += worker.counters.failed
            stats.totalQueued += worker.counters.queued
            stats.totalDuplicated += worker.counters.disorder.duplicated
            stats.totalDropped += worker.counters.disorder.dropped
            if worker.state == .running { stats.currentRate += worker.meter.rate(now: now) }
        }
        return stats
    }

    // MARK: - Persistence

    func save() {
        do {
            try store.save(PersistedState(table.persistable.map(\.worker), retired: retired))
        } catch {
            logger.error("cannot save state", metadata: ["error": "\(error)"])
        }
    }

    static func newID() -> String {
        var bytes = SystemRandomNumberGenerator()
        let value = bytes.next() as UInt32
        let hex = String(value, radix: 16)
        return "stream-" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
