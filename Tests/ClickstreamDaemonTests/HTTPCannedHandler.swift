import ClickstreamAPI
import ClickstreamModel
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

@testable import ClickstreamDaemon

/// A test double of the method table, for testing the HTTP transport alone: canned results
/// of the real ClickstreamAPI types, a record of the calls it got, and the errors the real
/// table raises (unknown stream, cap exceeded). The real daemon is tested in
/// HTTPDaemonTests.
final class HTTPCannedHandler: RPCHandler {
    let calls = Mutex<[(RPCMethod, JSONValue?)]>([])
    static let countCap = 500

    func call(_ method: RPCMethod, params: JSONValue?) async throws(RPCError) -> [UInt8] {
        calls.withLock { $0.append((method, params)) }
        switch method {
        case .health:
            return encode(
                HealthResult(
                    status: "healthy", timestamp: "2025-01-01T00:00:00Z", kafkaConnected: false,
                    kafka: Self.kafka, version: clickstreamVersion, uptimeSeconds: 1, activeStreams: 0))
        case .daemonVersion:
            return encode(VersionResult(version: clickstreamVersion, librdkafka: "2.5.0", pid: 1))
        case .generateUsers, .generateProducts, .generateInteractions, .generateSessions:
            let count = Int(params?["count"].flatMap(Self.number) ?? 100)
            if count > Self.countCap {
                throw RPCError(
                    .limitExceeded, "count \(count) exceeds the cap max_generate_count = \(Self.countCap)",
                    data: .object(["field": .string("count"), "cap": .string("max_generate_count")]))
            }
            return Array(
                #"{"success":true,"message":"ok","count_generated":\#(count),"time_taken":0.001,"rate_per_second":1000,"records":[]}"#
                    .utf8)
        case .sampleUsers, .sampleProducts, .sampleInteractions:
            return Array("[{\"id\":1}]".utf8)
        case .streamStart:
            if case .string(let type)? = params?["data_type"], DataType(rawValue: type) == nil {
                throw RPCError(.invalidParams, "invalid data_type \(type)")
            }
            return encode(
                StreamStartResult(streamId: "s-1", dataType: .interactions, rate: 10, maxCount: nil, duration: nil))
        case .streamStop:
            guard case .string("s-1")? = params?["stream_id"] else {
                throw RPCError(.notFound, "no stream \(params?["stream_id"].map { "\($0)" } ?? "")")
            }
            return encode(StreamStopResult(streamId: "s-1", finalStats: Self.info))
        case .streamStatus:
            return encode(StreamStatusResult(streams: [Self.info], totals: Self.totals))
        case .streamStats:
            return encode(
                StreamStatsResult(
                    globalStats: Self.totals, cacheStats: ["open_sessions": 3], streams: [Self.info],
                    kafka: Self.kafka))
        case .configReload:
            throw RPCError(.internalError, "not in this double")
        case .streamUpdate:
            guard case .string("s-1")? = params?["stream_id"] else {
                throw RPCError(.notFound, "no stream \(params?["stream_id"].map { "\($0)" } ?? "")")
            }
            return encode(
                StreamUpdateResult(
                    streamId: "s-1", rate: 20, schedule: .constant, previousRate: 10, previousSchedule: .constant))
        case .auditList:
            return encode(AuditListResult(entries: [], path: "/tmp/audit.jsonl"))
        }
    }

    static let totals = GlobalStats(
        totalGenerated: 5, totalDelivered: 4, totalFailed: 0, totalQueued: 1, currentRate: 1, uptimeSeconds: 2)
    static let kafka = KafkaStatus(
        state: .disabled, bootstrapServers: nil, queueDepth: 7, lastError: nil, librdkafkaVersion: "2.5.0")
    static let info = StreamInfo(
        streamId: "s-1", name: "clicks \"a\"", dataType: .interactions, sink: .file, destination: "interactions",
        state: .running, targetRate: 10, achievedRate: 9.5, generated: 5, delivered: 4, failed: 0,
        queued: 1, lastError: nil, maxCount: nil, duration: nil, startedAt: "2025-01-01T00:00:00Z",
        uptimeSeconds: 2)

    static func number(_ value: JSONValue) -> Double? {
        if case .number(let number) = value { number } else { nil }
    }

    private func encode(_ value: some Encodable) -> [UInt8] {
        Array(try! JSONEncoder().encode(value))
    }
}

/// Runs `body` against an HTTPServer listening on a free loopback port.
func withHTTPServer(
    settings: HTTPServerSettings = HTTPServerSettings(host: "127.0.0.1", port: 0),
    handler: HTTPCannedHandler = HTTPCannedHandler(),
    _ body: @Sendable (HTTPTestClient, HTTPServer) async throws -> Void
) async throws {
    var logger = Logger(label: "http-test")
    logger.logLevel = .warning
    let server = HTTPServer(handler: handler, settings: settings, logger: logger)
    // Stopped the way clickstreamd stops it: graceful shutdown of its service group.
    let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let port = try await server.boundPort()
        do {
            try await body(HTTPTestClient(port: port), server)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
