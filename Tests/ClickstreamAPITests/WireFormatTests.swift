import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamAPI

/// The JSON of every params and result type, field for field: what clickctl, the HTTP
/// clients and the OpenAPI document rely on. Each value has every optional field set, so
/// that every wire name shows; each is read back to the same value.
@Suite struct WireFormatTests {
    @Test func everyTypeWritesItsWireNames() throws {
        let kafka = KafkaStatus(
            state: .degraded, bootstrapServers: "k:9092", queueDepth: 3, lastError: "down", librdkafkaVersion: "2.5.0")
        let sink = SinkStatus(state: .connected, endpoint: "redis://h:6379/0", queueDepth: 2, lastError: "slow")
        let pace = StreamPace(
            state: .behind, reason: .sinkDown, detail: "refused", behindSince: "2025-01-01T00:00:01Z", lagSeconds: 1.5,
            episodes: 2)
        let info = StreamInfo(
            streamId: "s-1", name: "clicks", dataType: .interactions, sink: .kafka, destination: "interactions",
            state: .running, targetRate: 10, achievedRate: 9.5, generated: 20, delivered: 15, failed: 1, queued: 2,
            lastError: "timeout", maxCount: 100, duration: 60, startedAt: "2025-01-01T00:00:00Z", uptimeSeconds: 2,
            pace: pace, disorder: DisorderFigures(late: 1, outOfOrder: 2, duplicated: 3, dropped: 4, held: 5),
            schedule: "daily", timeMode: "accelerated:60")
        let totals = GlobalStats(
            totalGenerated: 20, totalDelivered: 15, totalFailed: 1, totalQueued: 2, totalDuplicated: 3, totalDropped: 4,
            currentRate: 9.5, uptimeSeconds: 3)
        let entry = AuditEntry(
            time: "2025-01-01T00:00:00Z", door: .rpc, who: "uid=0", method: "stream.stop", streamId: "s-1",
            params: "all=false", result: "ok")
        let spec = StreamSpec(
            dataType: .users, rate: 5, maxCount: 50, duration: 10, name: "n", sink: .file, topic: "t",
            timeMode: .accelerated(factor: 60), batchSize: 25, format: .avro,
            schedule: .ramp(from: 1, to: 2, seconds: 3),
            disorder: try DisorderSpec.parse("late=0.05:30s,drop=0.01").get(), truth: true)
        let lines = [
            try wire(
                HealthResult(
                    status: "degraded", timestamp: "2025-01-01T00:00:00Z", kafkaConnected: false, kafka: kafka,
                    version: "0.1.0", uptimeSeconds: 3, activeStreams: 1, sinks: ["redis": sink])),
            try wire(
                StreamStatsResult(
                    globalStats: totals, cacheStats: ["open_sessions": 3], streams: [info],
                    kafka: kafka)
            ),
            try wire(ConfigReloadResult(reloaded: true, message: "ok", configPath: "/etc/c.toml")),
            try wire(VersionResult(version: "0.1.0", librdkafka: "2.5.0", pid: 42)),
            try wire(spec),
            try wire(
                StreamStartResult(
                    streamId: "s-1", dataType: .interactions, rate: 10, maxCount: 100, duration: 60, schedule: "daily")),
            try wire(StreamStopParams(streamId: "s-1", all: true)),
            try wire(StreamStopResult(streamId: "s-1", finalStats: info, stopped: [info])),
            try wire(StreamStatusResult(streams: [info], totals: totals)),
            try wire(GenerateParams(count: 5, rate: 2.5, stream: true, batchSize: 7, topic: "t")),
            try wire(
                GenerateResult(
                    success: true, message: "ok", countGenerated: 5, timeTaken: 0.25, ratePerSecond: 20, delivered: 4,
                    failed: 1)),
            try wire(SampleParams(count: 3)),
            try wire(StreamUpdateParams(streamId: "s-1", rate: 5, schedule: .daily)),
            try wire(
                StreamUpdateResult(
                    streamId: "s-1", rate: 5, schedule: .daily, previousRate: 10, previousSchedule: .constant)),
            try wire(AuditListParams(limit: 5)),
            try wire(AuditListResult(entries: [entry], path: "/var/lib/audit.jsonl")),
        ]
        #expect(lines.joined(separator: "\n") == Self.expected)
    }

    /// `value` as the daemon writes it, after checking that it reads back the same.
    private func wire<T: Codable & Equatable>(_ value: T) throws -> String {
        let json = try JSONEncoder.clickstreamAPI().encode(value)
        #expect(try JSONDecoder().decode(T.self, from: json) == value)
        return String(decoding: json, as: UTF8.self)
    }

    static let expected = """
        {"active_streams":1,"kafka":{"bootstrap_servers":"k:9092","last_error":"down","librdkafka_version":"2.5.0","queue_depth":3,"state":"degraded"},"kafka_connected":false,"sinks":{"redis":{"endpoint":"redis://h:6379/0","last_error":"slow","queue_depth":2,"state":"connected"}},"status":"degraded","timestamp":"2025-01-01T00:00:00Z","uptime_seconds":3,"version":"0.1.0"}
        {"active_streams":1,"cache_stats":{"open_sessions":3},"global_stats":{"current_rate":9.5,"total_delivered":15,"total_dropped":4,"total_duplicated":3,"total_failed":1,"total_generated":20,"total_queued":2,"uptime_seconds":3},"kafka":{"bootstrap_servers":"k:9092","last_error":"down","librdkafka_version":"2.5.0","queue_depth":3,"state":"degraded"},"streams":[{"achieved_rate":9.5,"data_type":"interactions","delivered":15,"destination":"interactions","disorder":{"dropped":4,"duplicated":3,"held":5,"late":1,"out_of_order":2},"duration":60,"failed":1,"generated":20,"last_error":"timeout","max_count":100,"name":"clicks","pace":{"behind_since":"2025-01-01T00:00:01Z","detail":"refused","episodes":2,"lag_seconds":1.5,"reason":"sink_down","state":"behind"},"queued":2,"schedule":"daily","sink":"kafka","started_at":"2025-01-01T00:00:00Z","state":"running","stream_id":"s-1","target_rate":10,"time_mode":"accelerated:60","uptime_seconds":2}]}
        {"config_path":"/etc/c.toml","message":"ok","reloaded":true}
        {"librdkafka":"2.5.0","pid":42,"version":"0.1.0"}
        {"batch_size":25,"data_type":"users","disorder":"late=0.05:30s,drop=0.01","duration":10,"format":"avro","max_count":50,"name":"n","rate":5,"schedule":"ramp:1..2/3s","sink":"file","time_mode":"accelerated:60","topic":"t","truth":true}
        {"data_type":"interactions","duration":60,"max_count":100,"rate":10,"schedule":"daily","status":"started","stream_id":"s-1"}
        {"all":true,"stream_id":"s-1"}
        {"final_stats":{"achieved_rate":9.5,"data_type":"interactions","delivered":15,"destination":"interactions","disorder":{"dropped":4,"duplicated":3,"held":5,"late":1,"out_of_order":2},"duration":60,"failed":1,"generated":20,"last_error":"timeout","max_count":100,"name":"clicks","pace":{"behind_since":"2025-01-01T00:00:01Z","detail":"refused","episodes":2,"lag_seconds":1.5,"reason":"sink_down","state":"behind"},"queued":2,"schedule":"daily","sink":"kafka","started_at":"2025-01-01T00:00:00Z","state":"running","stream_id":"s-1","target_rate":10,"time_mode":"accelerated:60","uptime_seconds":2},"status":"stopped","stopped":[{"achieved_rate":9.5,"data_type":"interactions","delivered":15,"destination":"interactions","disorder":{"dropped":4,"duplicated":3,"held":5,"late":1,"out_of_order":2},"duration":60,"failed":1,"generated":20,"last_error":"timeout","max_count":100,"name":"clicks","pace":{"behind_since":"2025-01-01T00:00:01Z","detail":"refused","episodes":2,"lag_seconds":1.5,"reason":"sink_down","state":"behind"},"queued":2,"schedule":"daily","sink":"kafka","started_at":"2025-01-01T00:00:00Z","state":"running","stream_id":"s-1","target_rate":10,"time_mode":"accelerated:60","uptime_seconds":2}],"stream_id":"s-1"}
        {"active_streams":["s-1"],"current_rate":9.5,"is_running":true,"start_time":"2025-01-01T00:00:00Z","streams":[{"achieved_rate":9.5,"data_type":"interactions","delivered":15,"destination":"interactions","disorder":{"dropped":4,"duplicated":3,"held":5,"late":1,"out_of_order":2},"duration":60,"failed":1,"generated":20,"last_error":"timeout","max_count":100,"name":"clicks","pace":{"behind_since":"2025-01-01T00:00:01Z","detail":"refused","episodes":2,"lag_seconds":1.5,"reason":"sink_down","state":"behind"},"queued":2,"schedule":"daily","sink":"kafka","started_at":"2025-01-01T00:00:00Z","state":"running","stream_id":"s-1","target_rate":10,"time_mode":"accelerated:60","uptime_seconds":2}],"target_rate":10,"total_generated":20}
        {"batch_size":7,"count":5,"rate":2.5,"stream":true,"topic":"t"}
        {"count_generated":5,"delivered":4,"failed":1,"message":"ok","rate_per_second":20,"success":true,"time_taken":0.25}
        {"count":3}
        {"rate":5,"schedule":"daily","stream_id":"s-1"}
        {"previous_rate":10,"previous_schedule":"constant","rate":5,"schedule":"daily","status":"updated","stream_id":"s-1"}
        {"limit":5}
        {"entries":[{"door":"rpc","method":"stream.stop","params":"all=false","result":"ok","stream_id":"s-1","time":"2025-01-01T00:00:00Z","who":"uid=0"}],"path":"/var/lib/audit.jsonl"}
        """

    /// Absent keys decode to the defaults the types declare (and their inits take).
    @Test func absentKeysTakeTheDeclaredDefaults() throws {
        func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
            try JSONDecoder().decode(type, from: Data(json.utf8))
        }
        #expect(try decode(GenerateParams.self, "{}") == GenerateParams())
        #expect(GenerateParams() == GenerateParams(count: 100, stream: false, batchSize: 100))
        #expect(try decode(SampleParams.self, "{}").count == 10)
        #expect(try decode(AuditListParams.self, "{}").limit == 50)
        #expect(try decode(StreamStopParams.self, #"{"stream_id":"s"}"#) == StreamStopParams(streamId: "s", all: false))
        let old = try decode(
            GlobalStats.self,
            #"{"total_generated":1,"total_delivered":1,"total_failed":0,"total_queued":0,"current_rate":1,"uptime_seconds":1}"#
        )
        #expect(old.totalDuplicated == 0 && old.totalDropped == 0)
    }
}
