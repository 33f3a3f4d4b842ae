import ClickstreamKafka
import ClickstreamModel

/// Where a stream worker sends its encoded records: Kafka, NDJSON files, stdout.
///
/// The seam between stream workers and transports. A sink owns its accounting of what
/// happens after `write`: every record of a batch ends up counted in the stream's
/// `DeliveryTally` as delivered or failed (now, or later from a delivery report); until then
/// it is "queued". A sink never drops a record silently.
protocol RecordSink: AnyObject, Sendable {
    /// Human description for status output and logs (topic, file path, "stdout").
    var description: String { get }

    /// Takes every record of `batch`. Returns once the sink holds them (written, or enqueued
    /// for delivery). Under backpressure it waits; it does not drop. Throws only when the
    /// records could not be taken at all; those are then counted failed in `tally` already.
    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws

    /// Waits until everything taken so far is delivered or failed, or `timeout` passes.
    func flush(timeout: Duration) async

    /// Records taken but not yet delivered or failed, over all streams.
    var queueDepth: Int { get }

    /// Why the sink cannot deliver right now (broker unreachable, failing writes), or nil when
    /// it can: the reason a paced stream that falls behind gives (`StreamPace.Reason.sinkDown`).
    var problem: String? { get }
}

extension RecordSink {
    var problem: String? { nil }
}
