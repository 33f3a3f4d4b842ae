import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamKafka
import ClickstreamModel
import Foundation

/// The one method table: every RPC method, whichever transport carried it (the Unix-socket
/// JSON-RPC server or the HTTP adapter). Decodes params, checks them against `[limits]`,
/// and answers with the JSON text of the result.
struct MethodTable: RPCHandler {
    let manager: StreamManager
    let reloader: ConfigReloader
    let startedAt: ContinuousClock.Instant

    init(manager: StreamManager, reloader: ConfigReloader, startedAt: ContinuousClock.Instant = .now) {
        self.manager = manager
        self.reloader = reloader
        self.startedAt = startedAt
    }

    private var uptime: Double { (ContinuousClock.now - startedAt).seconds }

    func call(_ method: RPCMethod, params: JSONValue?) async throws(RPCError) -> [UInt8] {
        guard Self.audited.contains(method) else { return try await dispatch(method, params: params) }
        return try await auditing(method, params: params) { () async throws(RPCError) -> [UInt8] in
            try await dispatch(method, params: params)
        }
    }

    private func dispatch(_ method: RPCMethod, params: JSONValue?) async throws(RPCError) -> [UInt8] {
        switch method {
        case .health: return try encode(await health())
        case .generateUsers: return try await generate(.users, params)
        case .generateProducts: return try await generate(.products, params)
        case .generateInteractions: return try await generate(.interactions, params)
        case .generateSessions: return try await generate(.sessions, params)
        case .sampleUsers: return try await sample(.users, params)
        case .sampleProducts: return try await sample(.products, params)
        case .sampleInteractions: return try await sample(.interactions, params)
        case .streamStart:
            let p = try ParamsDecoder.decode(StreamSpec.self, from: params, allowed: StreamSpec.fieldNames)
            return try encode(try await manager.start(p))
        case .streamStop: return try encode(try await stop(params))
        case .streamStatus: return try encode(await status())
        case .streamStats: return try encode(await stats())
        case .streamUpdate:
            let p = try ParamsDecoder.decode(
                StreamUpdateParams.self, from: params, allowed: StreamUpdateParams.fieldNames)
            return try encode(try await manager.update(p))
        case .auditList:
            let p = try ParamsDecoder.decode(AuditListParams.self, from: params, allowed: Fields.auditList)
            try ParamChecks.count(p.limit, max: 10_000, key: "audit.list limit", field: "limit")
            return try encode(AuditListResult(entries: manager.audit.list(limit: p.limit), path: manager.audit.path))
        case .configReload:
            _ = try ParamsDecoder.decode(EmptyParams.self, from: params, allowed: [])
            return try encode(try await reloader.reload(trigger: "rpc"))
        case .daemonVersion:
            return try encode(
                VersionResult(version: clickstreamVersion, librdkafka: librdkafkaVersion(), pid: getpid()))
        }
    }

    /// Field names each method accepts (unknown ones are an error, so a typo is not ignored).
    enum Fields {
        static let generate: Set<String> = ["count", "rate", "stream", "batch_size", "topic"]
        static let sample: Set<String> = ["count"]
        static let streamStop: Set<String> = ["stream_id", "all"]
        static let auditList: Set<String> = ["limit"]
    }

    private struct EmptyParams: Decodable {}

    // MARK: - Methods

    func health() async -> HealthResult {
        let kafka = manager.sinks.kafkaStatus
        let others = manager.sinks.databaseStatuses
        let degraded = kafka.state == .degraded || others.values.contains { $0.state == .degraded }
        return HealthResult(
            status: degraded ? "degraded" : "healthy", timestamp: ISO8601.string(Date()),
            kafkaConnected: kafka.state == .connected, kafka: kafka, version: clickstreamVersion,
            uptimeSeconds: uptime, activeStreams: await manager.runningCount(), sinks: others)
    }

    func status() async -> StreamStatusResult {
        StreamStatusResult(streams: await manager.infos(), totals: await manager.globalStats(uptime: uptime))
    }

    func stats() async -> StreamStatsResult {
        let infos = await manager.infos()
        return StreamStatsResult(
            globalStats: await manager.globalStats(uptime: uptime), cacheStats: await manager.sessionTableStats(),
            streams: infos, kafka: manager.sinks.kafkaStatus)
    }

    private func stop(_ params: JSONValue?) async throws(RPCError) -> StreamStopResult {
        let p = try ParamsDecoder.decode(StreamStopParams.self, from: params, allowed: Fields.streamStop)
        if p.all {
            let stopped = await manager.stopAll()
            return StreamStopResult(streamId: "all", finalStats: Self.aggregate(stopped), stopped: stopped)
        }
        guard let id = p.streamId, !id.isEmpty else {
            throw RPCError(.invalidParams, "stream_id is required (or \"all\": true)", data: ["field": "stream_id"])
        }
        let info = try await manager.stop(id)
        return StreamStopResult(streamId: info.streamId, finalStats: info)
    }

    private func generate(_ dataType: DataType, _ params: JSONValue?) async throws(RPCError) -> [UInt8] {
        let p = try ParamsDecoder.decode(GenerateParams.self, from: params, allowed: Fields.generate)
        let config = await manager.config
        try ParamChecks.count(p.count, max: config.limits.maxGenerateCount, key: "limits.max_generate_count")
        try ParamChecks.count(
            p.batchSize, max: config.limits.maxBatchSize, key: "limits.max_batch_size", field: "batch_size")
        if let rate = p.rate { try ParamChecks.rate(rate, limits: config.limits) }
        let clock = ContinuousClock()
        let start = clock.now
        if p.stream {
            let spec = StreamSpec(
                dataType: dataType, rate: p.rate ?? 0, maxCount: p.count, name: "generate.\(dataType.rawValue)",
                topic: p.topic, batchSize: p.batchSize)
            let definition = try config.resolve(
                spec, id: "generate-\(StreamManager.newID().dropFirst("stream-".count))",
                origin: .rpc)
            let info = try await manager.runToEnd(definition)
            let seconds = (clock.now - start).seconds
            let result = GenerateResult(
                success: info.failed == 0,
                message: "Streamed \(info.generated) \(dataType.rawValue) to \(info.destination)"
                    + (info.failed > 0 ? "; \(info.failed) failed: \(info.lastError ?? "unknown error")" : ""),
                countGenerated: info.generated, timeTaken: seconds,
                ratePerSecond: seconds > 0 ? Double(info.generated) / seconds : 0,
                delivered: info.delivered, failed: info.failed)
            return try encode(result)
        }
        let batch = ImmediateBatch.make(
            dataType, count: p.count, world: await manager.world, shard: config.generator.shard,
            seed: UInt64.random(in: 0...UInt64.max),
            nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
        let seconds = (clock.now - start).seconds
        let result = GenerateResult(
            success: true, message: "Generated \(batch.count) \(dataType.rawValue)",
            countGenerated: batch.count, timeTaken: seconds,
            ratePerSecond: seconds > 0 ? Double(batch.count) / seconds : 0)
        var bytes = try encode(result)
        bytes.removeLast()  // the closing brace: the records are spliced in as raw JSON
        bytes.append(contentsOf: Array(#","records":"#.utf8))
        Self.appendArray(of: batch, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private func sample(_ dataType: DataType, _ params: JSONValue?) async throws(RPCError) -> [UInt8] {
        let p = try ParamsDecoder.decode(SampleParams.self, from: params, allowed: Fields.sample)
        let config = await manager.config
        try ParamChecks.count(p.count, max: config.limits.maxSampleCount, key: "limits.max_sample_count")
        let batch = ImmediateBatch.make(
            dataType, count: p.count, world: await manager.world, shard: config.generator.shard,
            seed: UInt64.random(in: 0...UInt64.max),
            nowMillis: Int64(Date().timeIntervalSince1970 * 1000))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(batch.bytes.count + batch.count + 2)
        Self.appendArray(of: batch, to: &bytes)
        return bytes
    }

    // MARK: - Encoding

    static func appendArray(of batch: EncodedBatch, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for index in 0..<batch.count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: batch.value(at: index))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private func encode<T: Encodable>(_ value: T) throws(RPCError) -> [UInt8] {
        do {
            return Array(try JSONEncoder.clickstreamAPI().encode(value))
        } catch {
            throw RPCError(.internalError, "cannot encode result: \(error)")
        }
    }

    private static func aggregate(_ infos: [StreamInfo]) -> StreamInfo {
        StreamInfo(
            streamId: "all", name: "all", dataType: .interactions, sink: infos.first?.sink ?? .file, destination: "",
            state: .stopped, targetRate: infos.reduce(0) { $0 + $1.targetRate }, achievedRate: 0,
            generated: infos.reduce(0) { $0 + $1.generated }, delivered: infos.reduce(0) { $0 + $1.delivered },
            failed: infos.reduce(0) { $0 + $1.failed }, queued: infos.reduce(0) { $0 + $1.queued }, lastError: nil,
            maxCount: nil, duration: nil, startedAt: infos.map(\.startedAt).min() ?? ISO8601.string(Date()),
            uptimeSeconds: infos.map(\.uptimeSeconds).max() ?? 0)
    }
}
