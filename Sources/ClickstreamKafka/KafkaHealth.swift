import Synchronization

/// How the producer's link to Kafka looks, for the daemon's health report.
public struct KafkaHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Started, no broker answered yet.
        case connecting
        /// A broker answered recently (a delivery or a metadata probe succeeded).
        case connected
        /// No broker reachable or deliveries failing; messages wait in the bounded queue and
        /// go out when a broker is back (or fail after message.timeout.ms).
        case degraded
        /// librdkafka raised a fatal error (e.g. idempotence violated); the messages it held
        /// failed, and the producer recreates its librdkafka handle on the next send.
        case failed
    }

    public var state: State
    /// The last error librdkafka reported, e.g. "127.0.0.1:9092/bootstrap: Connect to ...
    /// failed: Connection refused"; kept after recovery for the record.
    public var lastError: String?
    /// Messages in librdkafka's queue or in flight (rd_kafka_outq_len).
    public var queueDepth: Int
    /// The librdkafka the process runs on.
    public var librdkafkaVersion: String

    public var isConnected: Bool { state == .connected }
}

/// The connection state, updated from librdkafka's callbacks on the poll thread and read by
/// health checks from anywhere.
final class ConnectionMonitor: Sendable {
    private struct Status {
        var state: KafkaHealth.State = .connecting
        var lastError: String?
    }

    private let status = Mutex(Status())
    /// Set on every successful delivery; the poll loop clears it when it probes. A plain
    /// atomic so the delivery-report path takes no lock.
    private let deliveredSinceProbe = Atomic<Bool>(false)
    private let connectedFlag = Atomic<Bool>(false)

    var state: KafkaHealth.State { status.withLock { $0.state } }
    var lastError: String? { status.withLock { $0.lastError } }

    /// Hot path: called for each delivered message.
    func noteDelivered() {
        if !deliveredSinceProbe.load(ordering: .relaxed) {
            deliveredSinceProbe.store(true, ordering: .relaxed)
        }
        if !connectedFlag.load(ordering: .relaxed) { markConnected() }
    }

    /// Takes and resets "something was delivered since the last probe".
    func takeDeliveredSinceProbe() -> Bool {
        deliveredSinceProbe.exchange(false, ordering: .relaxed)
    }

    func markConnected() {
        status.withLock {
            if $0.state != .failed { $0.state = .connected }
        }
        connectedFlag.store(true, ordering: .relaxed)
    }

    func markDegraded(_ error: String) {
        status.withLock {
            if $0.state != .failed { $0.state = .degraded }
            $0.lastError = error
        }
        connectedFlag.store(false, ordering: .relaxed)
    }

    func markFailed(_ error: String) {
        status.withLock {
            $0.state = .failed
            $0.lastError = error
        }
        connectedFlag.store(false, ordering: .relaxed)
    }

    /// After a fatal error, a fresh librdkafka handle took over: connecting again, the fatal
    /// error kept as the last one.
    func markRecreated() {
        status.withLock {
            $0.state = .connecting
            $0.lastError = "recreated the producer after: \($0.lastError ?? "a fatal error")"
        }
        connectedFlag.store(false, ordering: .relaxed)
    }

    /// Keeps the error for the record without changing the state.
    func noteError(_ error: String) {
        status.withLock { $0.lastError = error }
    }
}
