import Metrics
import Prometheus

/// The daemon's one metrics registry, and the swift-metrics bootstrap that feeds it.
enum DaemonMetrics {
    /// Request latency buckets, seconds: RPC calls take microseconds, generate calls up to
    /// seconds.
    static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(10),
        .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
    ]

    private static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = latencyBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Points swift-metrics at the Prometheus registry and returns the registry. clickstreamd's
    /// main calls it once at startup; later calls (tests) return the same registry and do not
    /// bootstrap again (swift-metrics allows one bootstrap per process).
    @discardableResult
    static func bootstrap() -> PrometheusCollectorRegistry { registry }
}
