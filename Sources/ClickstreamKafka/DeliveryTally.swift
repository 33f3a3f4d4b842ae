import Synchronization

/// What became of the records one stream handed to a sink: acknowledged or failed.
///
/// Shared by every sink (the Kafka producer updates it from delivery reports on its poll
/// thread; the file sink as it writes), so the daemon keeps one accounting whatever the sink:
/// generated = delivered + failed + queued.
public final class DeliveryTally: Sendable {
    private let _delivered = Atomic<Int>(0)
    private let _failed = Atomic<Int>(0)
    private let _lastError = Mutex<String?>(nil)

    public init(delivered: Int = 0, failed: Int = 0) {
        _delivered.store(delivered, ordering: .relaxed)
        _failed.store(failed, ordering: .relaxed)
    }

    public var delivered: Int { _delivered.load(ordering: .acquiring) }
    public var failed: Int { _failed.load(ordering: .acquiring) }
    public var lastError: String? { _lastError.withLock { $0 } }

    public func recordDelivered(_ count: Int = 1) {
        _delivered.add(count, ordering: .releasing)
    }

    public func recordFailed(_ count: Int = 1, error: String) {
        _failed.add(count, ordering: .releasing)
        _lastError.withLock { $0 = error }
    }
}
