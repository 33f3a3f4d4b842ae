import ClickstreamAPI
import Foundation
import Testing

@testable import ClickstreamDaemon

@Suite("HTTP /metrics")
struct HTTPMetricsTests {
    @Test func prometheusTextWithRequestAndStreamFigures() async throws {
        DaemonMetrics.bootstrap()
        try await withHTTPServer { client, _ in
            _ = try await client.get("/health")
            _ = try await client.get("/nowhere")
            let response = try await client.get("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = response.text
            #expect(text.contains(#"clickstream_requests_total{transport="http",name="GET /health",status="200"}"#))
            #expect(text.contains(#"status="404""#))
            #expect(text.contains("clickstream_request_duration_seconds_bucket"))
            #expect(
                text.contains(
                    #"clickstream_stream_events_generated_total{stream_id="s-1",name="clicks \"a\"",data_type="interactions",sink="file",topic="interactions"} 5"#
                ))
            #expect(text.contains(#"clickstream_stream_achieved_rate{stream_id="s-1""#))
            #expect(text.contains("clickstream_kafka_queue_depth 7"))
            #expect(text.contains("# TYPE clickstream_stream_events_delivered_total counter"))
        }
    }

    @Test func requestMetricsRecordThroughSwiftMetrics() {
        let registry = DaemonMetrics.bootstrap()
        RequestMetrics.record(transport: "rpc", name: "stream.status", status: "ok", seconds: 0.002)
        let text = registry.emitToString()
        #expect(text.contains(#"clickstream_requests_total{transport="rpc",name="stream.status",status="ok"}"#))
        #expect(text.contains(#"clickstream_request_duration_seconds_count{transport="rpc",name="stream.status"}"#))
    }
}

/// What /metrics says of a stream with disorder: its drops, copies and delayed records, so a
/// tester can alert on them, and the accounting identity can be checked from Prometheus.
@Suite("Disorder in /metrics")
struct DisorderMetricsTests {
    @Test func dropsCopiesAndDelaysPerStream() {
        let disordered = StreamInfo(
            streamId: "s-d", name: "d", dataType: .interactions, sink: .kafka, destination: "clicks", state: .running,
            targetRate: 0, achievedRate: 0, generated: 1000, delivered: 990, failed: 0, queued: 20,
            lastError: nil, maxCount: nil, duration: nil, startedAt: "2026-12-02T00:00:00Z", uptimeSeconds: 1,
            disorder: DisorderFigures(late: 40, outOfOrder: 30, duplicated: 50, dropped: 40, held: 5))
        var plain = disordered
        plain.streamId = "s-p"
        plain.disorder = nil
        let stats = StreamStatsResult(
            globalStats: GlobalStats(
                totalGenerated: 2000, totalDelivered: 1980, totalFailed: 0, totalQueued: 40, currentRate: 0,
                uptimeSeconds: 1),
            cacheStats: [:], streams: [disordered, plain],
            kafka: KafkaStatus(
                state: .disabled, bootstrapServers: nil, queueDepth: 0, lastError: nil, librdkafkaVersion: "2.16.0"))
        let text = StreamMetricsExport(stats: stats, ndjsonOpen: 0).text
        let labels = #"{stream_id="s-d",name="d",data_type="interactions",sink="kafka",topic="clicks""#
        #expect(text.contains("clickstream_stream_events_dropped_total\(labels)} 40"), "\(text)")
        #expect(text.contains("clickstream_stream_events_duplicated_total\(labels)} 50"))
        #expect(text.contains(#"clickstream_stream_events_injected_total\#(labels),injected="late"} 40"#))
        #expect(text.contains(#"clickstream_stream_events_injected_total\#(labels),injected="out_of_order"} 30"#))
        #expect(
            !text.contains(#"clickstream_stream_events_dropped_total{stream_id="s-p""#), "no series without disorder")
    }
}
