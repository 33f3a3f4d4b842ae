import ClickstreamAPI

/// Request counts and latencies of both transports, exported on GET /metrics.
enum RequestMetrics {
    /// Records one handled request. `transport` is "rpc" or "http"; `name` the RPC method or
    /// the HTTP route; `status` "ok" or the error code.
    static func record(transport: StaticString, name: String, status: String, seconds: Double) {
        // Filled in by the HTTP/metrics work (swift-metrics + swift-prometheus).
    }
}
