import CRdKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One librdkafka producer handle with its poll thread and topic handles.
///
/// `KafkaProducer` replaces its core when librdkafka raises a fatal error (with idempotence
/// on, e.g. a broker that lost the producer's state: "Unknown Producer Id ... unable to
/// retry without risking duplication"); a fatal handle can never produce again.
final class ProducerCore: @unchecked Sendable {
    // @unchecked: the handle is thread-safe (librdkafka); the topic handles are behind a
    // Mutex; the handle is destroyed only in `close`, after `closed` is set and no caller is
    // between `enter` and `leave`.
    let handle: ProducerHandle
    private let pollLoop: PollLoop
    private let topics = Mutex<[String: OpaquePointer]>([:])
    private let closed = Atomic<Bool>(false)
    private let activeCalls = Atomic<Int>(0)
    private let destroyed = Mutex(false)

    init(settings: KafkaSettings, events: ProducerEvents, stallTimeout: Duration) throws(KafkaError) {
        let configuration = try LibrdkafkaConfiguration(settings)
        configuration.withConf { events.install(on: $0) }
        handle = try configuration.makeProducerHandle()
        pollLoop = PollLoop(handle: handle, events: events, stallTimeout: stallTimeout)
        pollLoop.start()
    }

    /// Marks a use of the handle; false when the core is closing (then do not use it).
    func enter() -> Bool {
        activeCalls.add(1, ordering: .sequentiallyConsistent)
        if closed.load(ordering: .sequentiallyConsistent) {
            activeCalls.subtract(1, ordering: .sequentiallyConsistent)
            return false
        }
        return true
    }

    func leave() { activeCalls.subtract(1, ordering: .sequentiallyConsistent) }

    /// The handle of `topic`, created on first use. Call between `enter` and `leave`.
    func topicHandle(_ topic: String) throws(KafkaError) -> OpaquePointer {
        let result: Result<OpaquePointer, KafkaError> = topics.withLock { topics in
            if let existing = topics[topic] { return .success(existing) }
            guard !topic.isEmpty, let created = rd_kafka_topic_new(handle.pointer, topic, nil) else {
                return .failure(.invalidTopic(name: topic, message: rd_kafka_last_error().text))
            }
            topics[topic] = created
            return .success(created)
        }
        return try result.get()
    }

    /// Serves delivery reports on the calling thread, without waiting. Call between `enter`
    /// and `leave`.
    func pollFromProducer() { pollLoop.pollFromProducer() }

    /// Whether this handle must be replaced: fatal error, or stuck (see `PollLoop.isStalled`).
    var needsReplacement: Bool { pollLoop.isStalled || isFatal }

    /// Whether librdkafka raised a fatal error on this handle.
    var isFatal: Bool {
        destroyed.withLock { $0 ? false : rd_kafka_fatal_error(handle.pointer, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR }
    }

    var queueDepth: Int {
        destroyed.withLock { $0 ? 0 : Int(rd_kafka_outq_len(handle.pointer)) }
    }

    /// Makes librdkafka send lingering batches now (rd_kafka_flush with a zero timeout).
    func nudge() {
        destroyed.withLock { if !$0 { _ = rd_kafka_flush(handle.pointer, 0) } }
    }

    /// Refuses new uses, waits up to `timeout` for the queue to drain, purges the rest (each
    /// purged message gets a failed delivery report, so it is counted), stops the poll
    /// thread and frees librdkafka. Blocks the calling thread; idempotent.
    func close(timeout: Duration) {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        while activeCalls.load(ordering: .sequentiallyConsistent) > 0 {
            var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
            nanosleep(&pause, nil)
        }
        let rk = handle.pointer
        _ = rd_kafka_flush(rk, Int32(clamping: timeout.milliseconds))
        if rd_kafka_outq_len(rk) > 0 {
            _ = rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            _ = rd_kafka_flush(rk, 1000)
        }
        pollLoop.stop()
        rd_kafka_poll(rk, 0)  // the last delivery reports
        destroyed.withLock { done in
            for topicHandle in topics.withLock({ Array($0.values) }) { rd_kafka_topic_destroy(topicHandle) }
            handle.destroy()
            done = true
        }
    }

    /// Closes on a thread of its own, so that a caller on the Swift concurrency pool is not
    /// blocked while librdkafka shuts down.
    func closeInBackground() {
        do {
            pthread_detach(try OSThread.start { self.close(timeout: .zero) })
        } catch {
            close(timeout: .zero)
        }
    }
}
