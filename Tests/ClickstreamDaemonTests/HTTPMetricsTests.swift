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
