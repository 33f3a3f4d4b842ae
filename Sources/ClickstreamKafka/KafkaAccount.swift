import CRdKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Everything one stream sends to one topic: the headers every message
/// carries, and the counts (generated, enqueued, delivered, failed, last error).
///
/// Each message produced through an account carries a pointer to it as librdkafka's
/// msg_opaque, so the delivery report (on the poll thread) finds the account and the
/// stream's `DeliveryTally` without any lookup. The producer keeps every account it made
/// alive until it is closed, i.e. until no delivery report can arrive any more; accounts
/// are few (one per stream and topic) so this costs nothing worth reclaiming.
public final class KafkaAccount: @unchecked Sendable {
    // @unchecked: the counters are atomics, lastError is behind a Mutex; the C pointers are
    // written once in init, only read afterwards, and freed in deinit.

    public let topic: String
    public let streamID: String
    /// The stream's accounting, shared with the daemon's stream counters.
    public let tally: DeliveryTally

    /// Header name/value pairs every message of this account carries (NUL-terminated).
    let fixedHeaders: [(name: UnsafeMutablePointer<CChar>, value: UnsafeMutablePointer<CChar>, length: Int)]
    /// Name of the header whose value each message supplies (`KafkaOutgoingMessage.headerValue`).
    let messageHeaderName: UnsafeMutablePointer<CChar>?
    /// Name of the header only some messages carry (`KafkaOutgoingMessage.optionalHeaderValue`).
    let optionalHeaderName: UnsafeMutablePointer<CChar>?

    private let _generated = Atomic<Int>(0)
    private let _enqueued = Atomic<Int>(0)
    private let _delivered = Atomic<Int>(0)
    private let _failed = Atomic<Int>(0)
    private let _lastError = Mutex<String?>(nil)

    init(
        topic: String, streamID: String, tally: DeliveryTally,
        headers: [(String, String)], messageHeaderName: String?, optionalHeaderName: String? = nil
    ) {
        self.topic = topic
        self.streamID = streamID
        self.tally = tally
        self.fixedHeaders = headers.map { (strdup($0.0)!, strdup($0.1)!, $0.1.utf8.count) }
        self.messageHeaderName = messageHeaderName.map { strdup($0)! }
        self.optionalHeaderName = optionalHeaderName.map { strdup($0)! }
    }

    deinit {
        for header in fixedHeaders {
            free(header.name)
            free(header.value)
        }
        free(messageHeaderName)
        free(optionalHeaderName)
    }

    // MARK: counting

    /// Records handed to this account by the stream worker (whether enqueued yet or not).
    func recordGenerated(_ count: Int) { _generated.add(count, ordering: .relaxed) }

    func recordEnqueued(_ count: Int) { _enqueued.add(count, ordering: .relaxed) }

    /// From a delivery report: acknowledged by the broker.
    func recordDelivered(_ count: Int) {
        _delivered.add(count, ordering: .releasing)
        tally.recordDelivered(count)
    }

    /// From a delivery report, or a record librdkafka refused, or one abandoned while waiting.
    func recordFailed(_ count: Int, error: String) {
        _lastError.withLock { $0 = error }
        _failed.add(count, ordering: .releasing)
        tally.recordFailed(count, error: error)
    }

    /// The counts right now. queued = generated - delivered - failed: enqueued in librdkafka
    /// or still waiting for queue space.
    public var snapshot: KafkaAccountSnapshot {
        let delivered = _delivered.load(ordering: .acquiring)
        let failed = _failed.load(ordering: .acquiring)
        let generated = _generated.load(ordering: .acquiring)
        return KafkaAccountSnapshot(
            streamID: streamID, topic: topic, generated: generated,
            enqueued: _enqueued.load(ordering: .acquiring), delivered: delivered, failed: failed,
            queued: max(0, generated - delivered - failed), lastError: _lastError.withLock { $0 })
    }
}

/// One stream's figures on one topic. generated = delivered + failed + queued.
public struct KafkaAccountSnapshot: Sendable, Equatable {
    public var streamID: String
    public var topic: String
    /// Records the stream handed over for this topic.
    public var generated: Int
    /// Records librdkafka accepted into its queue.
    public var enqueued: Int
    /// Records the broker acknowledged.
    public var delivered: Int
    /// Records that failed (refused, timed out, purged at close, abandoned on cancellation).
    public var failed: Int
    /// Records neither delivered nor failed yet.
    public var queued: Int
    public var lastError: String?
}
