import ClickstreamAPI
import Metrics

/// Request counts and latencies of both transports, exported on GET /metrics.
enum RequestMetrics {
    /// Records one handled request. `transport` is "rpc" or "http"; `name` the RPC method or
    /// the HTTP route; `status` "ok" or the error code.
    ///
    /// Goes through swift-metrics, so it costs nothing until `DaemonMetrics.bootstrap()` has
    /// pointed the metrics system at the Prometheus registry.
    static func record(transport: StaticString, name: String, status: String, seconds: Double) {
        let transport = transport.description
        Counter(
            label: "clickstream_requests_total",
            dimensions: [("transport", transport), ("name", name), ("status", status)]
        ).increment()
        Metrics.Timer(
            label: "clickstream_request_duration_seconds",
            dimensions: [("transport", transport), ("name", name)]
        )
        .recordNanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
