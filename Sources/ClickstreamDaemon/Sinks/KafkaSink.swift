import ClickstreamKafka
import ClickstreamModel

/// Sends a stream's encoded records to Kafka through the daemon's one `KafkaProducer`.
///
/// `destination` is the topic. Each record keeps the key the encoder gave it (user_id for
/// users, interactions and sessions, so one user's events stay in order on one partition;
/// product_id for products) and carries the headers `event_type`, `schema_version`,
/// `generator` and `stream_id`, plus `injected` on the records a stream's disorder labelled
/// (docs/streams.md). Under backpressure `write` sleeps its task and retries:
/// no thread is blocked and no record dropped.
///
/// Public so that `clickbench kafka` measures this very path.
public final class KafkaSink: RecordSink {
    /// Header names, as consumers see them.
    static let eventTypeHeader = "event_type"
    static let schemaVersionHeader = "schema_version"
    static let generatorHeader = "generator"
    static let streamIDHeader = "stream_id"
    /// Only on records a stream's disorder sent on purpose: `late`, `out_of_order`, `duplicate`.
    static let injectedHeader = "injected"

    let producer: KafkaProducer
    let generatorInstance: String
    let schemaVersion: String

    /// - Parameters:
    ///   - generatorInstance: names this daemon in the `generator` header (host name, shard).
    ///   - schemaVersion: version of the record JSON shapes, in the `schema_version` header.
    init(producer: KafkaProducer, generatorInstance: String, schemaVersion: String = "1") {
        self.producer = producer
        self.generatorInstance = generatorInstance
        self.schemaVersion = schemaVersion
    }

    /// Creates the producer from `settings`. Throws `KafkaError` naming a bad property.
    public convenience init(
        settings: KafkaSettings, generatorInstance: String, schemaVersion: String = "1",
        log: (@Sendable (KafkaLogMessage) -> Void)? = nil
    ) throws(KafkaError) {
        let producer = try KafkaProducer(settings: settings, log: log)
        self.init(producer: producer, generatorInstance: generatorInstance, schemaVersion: schemaVersion)
    }

    public var description: String { "kafka \(producer.settings.bootstrapServers)" }

    public func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        guard !batch.isEmpty else { return }
        let account: KafkaAccount
        do {
            account = try producer.account(
                topic: destination, streamID: streamID, tally: tally,
                headers: [
                    (Self.schemaVersionHeader, schemaVersion), (Self.generatorHeader, generatorInstance),
                    (Self.streamIDHeader, streamID),
                ],
                messageHeaderName: Self.eventTypeHeader, optionalHeaderName: Self.injectedHeader)
        } catch {
            tally.recordFailed(batch.count, error: error.description)
            throw error
        }
        let producer = self.producer
        try await producer.send(count: batch.count, to: account) { range in
            batch.bytes.withUnsafeBytes { bytes in
                producer.enqueue(range, to: account) { index in
                    let record = batch.records[index]
                    let eventType = record.kind.name
                    let injected = record.injected.name
                    return KafkaOutgoingMessage(
                        value: UnsafeRawBufferPointer(rebasing: bytes[record.value]),
                        key: UnsafeRawBufferPointer(rebasing: bytes[record.key]),
                        headerValue: UnsafeRawBufferPointer(
                            start: eventType.utf8Start, count: eventType.utf8CodeUnitCount),
                        timestampMillis: record.timestampMillis,
                        optionalHeaderValue: UnsafeRawBufferPointer(
                            start: injected.utf8Start, count: injected.utf8CodeUnitCount))
                }
            }
        }
    }

    public func flush(timeout: Duration) async {
        await producer.flush(timeout: timeout)
    }

    public var queueDepth: Int { producer.queueDepth }

    /// The broker's trouble while the producer is degraded or failed (no broker reachable,
    /// authentication refused...).
    var problem: String? {
        let health = producer.health
        switch health.state {
        case .connected, .connecting: return nil
        case .degraded, .failed: return "Kafka \(health.state): \(health.lastError ?? "no broker reachable")"
        }
    }

    /// Connection state, last error, queue depth, librdkafka version: for /health and status.
    var health: KafkaHealth { producer.health }

    /// Per stream and topic: generated, enqueued, delivered, failed, queued, last error.
    var accounts: [KafkaAccountSnapshot] { producer.accounts }

    /// Flushes for up to `timeout`, counts the rest failed, frees librdkafka. Blocks the
    /// calling thread: call it at shutdown, off the event loops.
    public func close(timeout: Duration) {
        producer.close(timeout: timeout)
    }
}
