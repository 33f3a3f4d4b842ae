import CRdKafka
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One message, as pointers into memory the caller owns; valid only during the `enqueue`
/// call (librdkafka copies the bytes).
public struct KafkaOutgoingMessage {
    public var value: UnsafeRawBufferPointer
    public var key: UnsafeRawBufferPointer
    /// Value of the account's per-message header (e.g. the event type); ignored when the
    /// account has none.
    public var headerValue: UnsafeRawBufferPointer
    /// Event time in milliseconds since the epoch; 0 lets librdkafka use the current time.
    public var timestampMillis: Int64
    /// Value of the account's optional header (e.g. `injected`); empty: this message has none.
    public var optionalHeaderValue: UnsafeRawBufferPointer

    public init(
        value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer,
        headerValue: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        timestampMillis: Int64 = 0,
        optionalHeaderValue: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) {
        self.value = value
        self.key = key
        self.headerValue = headerValue
        self.timestampMillis = timestampMillis
        self.optionalHeaderValue = optionalHeaderValue
    }
}

/// A librdkafka producer shared by every stream of the daemon.
///
/// Workers hand it already-encoded messages in batches (`send` / `enqueue`), from any
/// thread at once; a dedicated poll thread serves delivery reports, which update the
/// per-stream, per-topic `KafkaAccount`s. When librdkafka's bounded queue is full, `send`
/// waits (sleeping its task, not blocking a thread) and retries: the stream slows down,
/// nothing is dropped. `close` flushes, then counts whatever could not be delivered as failed.
///
/// When librdkafka raises a fatal error (idempotent producer and a broker that lost its
/// state), the messages it held fail (counted, with the error) and the next `enqueue`
/// replaces the librdkafka handle with a fresh one: the daemon recovers by itself.
public final class KafkaProducer: @unchecked Sendable {
    // @unchecked: mutable state is behind Mutexes (`core`, `accountsByKey`) or atomic.

    public let settings: KafkaSettings
    private let events: ProducerEvents
    private let core: Mutex<ProducerCore>
    private let closed = Atomic<Bool>(false)
    private let stallTimeout: Duration

    private struct AccountKey: Hashable {
        var topic: String
        var streamID: String
        var tally: ObjectIdentifier
    }

    private let accountsByKey = Mutex<[AccountKey: KafkaAccount]>([:])

    /// Creates the producer and starts its poll thread. No broker needs to be reachable:
    /// librdkafka connects in the background and `health` tells how that goes.
    ///
    /// - Parameter log: receives librdkafka's log lines and errors; without it librdkafka
    ///   prints to stderr.
    ///   - stallTimeout: messages queued with no delivery at all for this long while a broker
    ///     answers metadata requests mean librdkafka is stuck: the handle is replaced (its
    ///     messages counted failed, "purged").
    /// - Throws: `KafkaError` naming a bad property, or the combination librdkafka refused.
    public init(
        settings: KafkaSettings, stallTimeout: Duration = .seconds(30),
        log: (@Sendable (KafkaLogMessage) -> Void)? = nil
    ) throws(KafkaError) {
        let events = ProducerEvents(log: log)
        self.settings = settings
        self.events = events
        self.stallTimeout = stallTimeout
        self.core = Mutex(try ProducerCore(settings: settings, events: events, stallTimeout: stallTimeout))
    }

    deinit {
        close(timeout: .zero)
    }

    private var currentCore: ProducerCore { core.withLock { $0 } }

    /// Replaces `failed` (fatal) by a new core, unless someone did already.
    private func replace(_ failed: ProducerCore) {
        // Serve the failed handle's pending callbacks (its fatal error event) now: served
        // later, by its close, they would mark the state failed after `markRecreated`.
        // (Producers serve the callbacks, so the poll thread may not have yet.)
        failed.pollFromProducer()
        let replaced: Bool = core.withLock { current in
            guard current === failed, !closed.load(ordering: .sequentiallyConsistent) else { return false }
            guard let fresh = try? ProducerCore(settings: settings, events: events, stallTimeout: stallTimeout) else {
                return false
            }
            current = fresh
            return true
        }
        if replaced {
            events.monitor.markRecreated()
            failed.closeInBackground()
        }
    }

    // MARK: accounts

    /// The account through which `streamID` sends to `topic`, created on first use.
    ///
    /// - Parameters:
    ///   - headers: name/value pairs every message carries (schema version, generator
    ///     instance, stream id).
    ///   - messageHeaderName: name of the header whose value comes with each message
    ///     (`KafkaOutgoingMessage.headerValue`), e.g. "event_type".
    ///   - optionalHeaderName: name of the header only some messages carry
    ///     (`KafkaOutgoingMessage.optionalHeaderValue` not empty), e.g. "injected".
    public func account(
        topic: String, streamID: String, tally: DeliveryTally,
        headers: [(String, String)] = [], messageHeaderName: String? = nil, optionalHeaderName: String? = nil
    ) throws(KafkaError) -> KafkaAccount {
        if closed.load(ordering: .sequentiallyConsistent) { throw .closed }
        let key = AccountKey(topic: topic, streamID: streamID, tally: ObjectIdentifier(tally))
        if let account = accountsByKey.withLock({ $0[key] }) { return account }
        let core = currentCore
        guard core.enter() else { throw .closed }
        defer { core.leave() }
        _ = try core.topicHandle(topic)  // validates the name
        return accountsByKey.withLock { accounts in
            if let account = accounts[key] { return account }
            let account = KafkaAccount(
                topic: topic, streamID: streamID, tally: tally, headers: headers,
                messageHeaderName: messageHeaderName, optionalHeaderName: optionalHeaderName)
            accounts[key] = account
            return account
        }
    }

    /// Every account's counts, sorted by stream then topic.
    public var accounts: [KafkaAccountSnapshot] {
        accountsByKey.withLock { Array($0.values) }
            .map(\.snapshot)
            .sorted { ($0.streamID, $0.topic) < ($1.streamID, $1.topic) }
    }

    // MARK: producing

    /// Hands `count` messages to librdkafka, waiting while its queue is full.
    ///
    /// `enqueue` is called with the range still to send and returns how many of them it
    /// took (normally a call of `enqueue(_:to:message:)` inside the caller's
    /// `withUnsafeBytes`); it is called again after a short sleep while the queue is full.
    /// Every message ends up counted on `account`: delivered or failed later, or failed now
    /// when cancelled while waiting (then `CancellationError` is thrown).
    public func send(count: Int, to account: KafkaAccount, enqueue: (Range<Int>) -> Int) async throws {
        account.recordGenerated(count)
        var next = 0
        // Short pauses: the queue drains at up to ~200k msg/s, a 20 ms nap would idle it.
        var pause = Duration.milliseconds(1)
        while true {
            next += enqueue(next..<count)
            if next >= count { return }
            do {
                try await Task.sleep(for: pause)
            } catch {
                account.recordFailed(
                    count - next, error: "\(account.topic): stream stopped while waiting for space in the Kafka queue")
                throw error
            }
            pause = min(pause * 2, .milliseconds(2))
        }
    }

    /// Enqueues the messages of `range` (described by `message(index)`) without blocking.
    /// Returns how many were taken, from the start of the range: all of them, or fewer when
    /// librdkafka's queue filled up (retry the rest later). A message librdkafka refuses for
    /// another reason (too large, unknown partition...) is taken and counted failed.
    ///
    /// No allocation per message: the rd_kafka_vu_t array lives on the stack and only the
    /// value, key, header value and timestamp change between messages.
    public func enqueue(
        _ range: Range<Int>, to account: KafkaAccount,
        message: (Int) -> KafkaOutgoingMessage
    ) -> Int {
        var core = currentCore
        while !core.enter() {
            // Closing: the producer for good, or a fatal core just being replaced.
            if closed.load(ordering: .sequentiallyConsistent) {
                account.recordFailed(range.count, error: "\(account.topic): the Kafka producer is closed")
                return range.count
            }
            core = currentCore
        }
        defer { core.leave() }
        if core.needsReplacement {
            replace(core)
            return 0  // `send` retries in a moment, on the new core
        }
        let topicHandle: OpaquePointer
        do {
            topicHandle = try core.topicHandle(account.topic)
        } catch {
            account.recordFailed(range.count, error: error.description)
            return range.count
        }
        let rk = core.handle.pointer
        let hasMessageHeader = account.messageHeaderName != nil
        let fieldCount = 6 + account.fixedHeaders.count + (hasMessageHeader ? 1 : 0)
        // One more slot, last, for the optional header: passed to librdkafka only by the
        // messages that carry it (the field count says whether it is read).
        return withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: fieldCount + 1) { fields in
            let vus = fields.baseAddress!
            // Fields 0...3 change per message; the rest is the same for the whole batch.
            vus[0] = rd_kafka_vu_t()
            vus[0].vtype = RD_KAFKA_VTYPE_VALUE
            vus[1] = rd_kafka_vu_t()
            vus[1].vtype = RD_KAFKA_VTYPE_KEY
            vus[2] = rd_kafka_vu_t()
            vus[2].vtype = RD_KAFKA_VTYPE_TIMESTAMP
            vus[3] = rd_kafka_vu_t()
            vus[3].vtype = RD_KAFKA_VTYPE_HEADER
            vus[3].u.header.name = UnsafePointer(account.messageHeaderName)
            vus[4] = rd_kafka_vu_t()
            vus[4].vtype = RD_KAFKA_VTYPE_RKT
            vus[4].u.rkt = topicHandle
            vus[5] = rd_kafka_vu_t()
            vus[5].vtype = RD_KAFKA_VTYPE_OPAQUE
            vus[5].u.ptr = Unmanaged.passUnretained(account).toOpaque()
            var slot = 6
            for header in account.fixedHeaders {
                vus[slot] = rd_kafka_vu_t()
                vus[slot].vtype = RD_KAFKA_VTYPE_HEADER
                vus[slot].u.header.name = UnsafePointer(header.name)
                vus[slot].u.header.val = UnsafeRawPointer(header.value)
                vus[slot].u.header.size = header.length
                slot += 1
            }
            if hasMessageHeader {
                vus[slot] = rd_kafka_vu_t()
                vus[slot].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                vus[slot].u.i = RD_KAFKA_MSG_F_COPY
            } else {
                // No per-message header: slot 3 carries the flags instead.
                vus[3] = rd_kafka_vu_t()
                vus[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                vus[3].u.i = RD_KAFKA_MSG_F_COPY
            }
            vus[fieldCount] = rd_kafka_vu_t()
            vus[fieldCount].vtype = RD_KAFKA_VTYPE_HEADER
            vus[fieldCount].u.header.name = UnsafePointer(account.optionalHeaderName)
            let optionalHeader = account.optionalHeaderName != nil

            var index = range.lowerBound
            var enqueued = 0
            while index < range.upperBound {
                let outgoing = message(index)
                vus[0].u.mem.ptr = UnsafeMutableRawPointer(mutating: outgoing.value.baseAddress)
                vus[0].u.mem.size = outgoing.value.count
                vus[1].u.mem.ptr = UnsafeMutableRawPointer(mutating: outgoing.key.baseAddress)
                vus[1].u.mem.size = outgoing.key.count
                vus[2].u.i64 = outgoing.timestampMillis
                if hasMessageHeader {
                    vus[3].u.header.val = outgoing.headerValue.baseAddress
                    vus[3].u.header.size = outgoing.headerValue.count
                }
                var count = fieldCount
                if optionalHeader, outgoing.optionalHeaderValue.count > 0 {
                    vus[fieldCount].u.header.val = outgoing.optionalHeaderValue.baseAddress
                    vus[fieldCount].u.header.size = outgoing.optionalHeaderValue.count
                    count += 1
                }
                if let error = rd_kafka_produceva(rk, vus, count) {
                    let code = rd_kafka_error_code(error)
                    if code == RD_KAFKA_RESP_ERR__QUEUE_FULL || code == RD_KAFKA_RESP_ERR__FATAL {
                        // Full: retry later. Fatal: retry later on a new core (see above).
                        rd_kafka_error_destroy(error)
                        break
                    }
                    let text = String(cString: rd_kafka_error_string(error))
                    rd_kafka_error_destroy(error)
                    account.recordFailed(1, error: "\(account.topic): \(text)")
                } else {
                    enqueued += 1
                }
                index += 1
            }
            account.recordEnqueued(enqueued)
            core.pollFromProducer()
            return index - range.lowerBound
        }
    }

    // MARK: state

    /// Messages in librdkafka's queue or in flight, over all accounts.
    public var queueDepth: Int { currentCore.queueDepth }

    /// Connection state, last error, queue depth and library version, for health reports.
    public var health: KafkaHealth {
        KafkaHealth(
            state: events.monitor.state, lastError: events.monitor.lastError,
            queueDepth: queueDepth, librdkafkaVersion: librdkafkaVersion())
    }

    /// Waits (sleeping, not blocking a thread) until everything enqueued so far is delivered
    /// or failed, or `timeout` passes, or the calling task is cancelled (a cancelled sleep
    /// returns at once, so waiting on would spin; `close` waits out the rest). Returns whether
    /// the queue is empty.
    @discardableResult
    public func flush(timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while queueDepth > 0 {
            if clock.now >= deadline { return false }
            currentCore.nudge()
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                return queueDepth == 0
            }
        }
        return true
    }

    /// Stops the producer: refuses new messages, waits up to `timeout` for the queue to
    /// drain, counts what is left as failed (purged, reported to each account), stops the
    /// poll thread and frees librdkafka. Blocks the calling thread; idempotent.
    public func close(timeout: Duration) {
        guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        currentCore.close(timeout: timeout)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
