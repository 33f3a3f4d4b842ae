import ClickstreamKafka
import ClickstreamModel
import Synchronization

/// Sends a stream's records to Redis: `XADD` onto the stream named by the topic, and for
/// interactions the live session view (see `RedisBatchEncoder`).
///
/// A batch is one pipeline: every command of every record is written at once and the
/// replies are counted as they come, so there is one round trip per batch, not per event.
/// `write` returns when Redis has answered the whole batch, which is the backpressure: a
/// stream never has more than one batch in flight, and a slow Redis slows the worker.
///
/// Accounting: a record is delivered when Redis accepted all its commands, failed when it
/// refused one (the reply's message becomes the stream's last error). When the connection
/// is lost mid-batch the records stay queued, the sink reconnects (a restarted server) and
/// sends the whole batch again: at-least-once, so a restart can duplicate up to one batch
/// per stream, never lose one. After `retry_timeout` seconds without a connection the
/// batch is counted failed.
final class RedisSink: RecordSink {
    let settings: RedisSinkSettings
    let link: RedisLink
    private let inFlight = Atomic<Int>(0)

    init(settings: RedisSinkSettings) {
        self.settings = settings
        link = RedisLink(settings: settings)
    }

    var description: String { "redis \(settings.redactedURL)" }
    var queueDepth: Int { inFlight.load(ordering: .relaxed) }
    var health: RedisHealth { link.health }

    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        guard !batch.isEmpty else { return }
        var encoder = RedisBatchEncoder(settings: settings)
        let request = encoder.encode(batch, stream: destination)
        inFlight.add(batch.count, ordering: .relaxed)
        defer { inFlight.subtract(batch.count, ordering: .relaxed) }

        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(settings.retryTimeout * 1000))
        var backoff = Duration.milliseconds(50)
        while true {
            var connection: RedisConnection?
            do {
                let live = try await link.current()
                connection = live
                let failures = try await live.send(request.bytes, replies: request.replies)
                account(failures, of: request, count: batch.count, tally: tally)
                return
            } catch {
                if let connection { await link.drop(connection, error: error) }
                if Task.isCancelled || clock.now >= deadline {
                    let message = "Redis: \(error)"
                    tally.recordFailed(batch.count, error: message)
                    throw RedisSinkError.unavailable(message)
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
            }
        }
    }

    /// Charges refused commands to their records; the rest is delivered.
    private func account(_ failures: [RedisCommandFailure], of request: RedisEncodedBatch, count: Int, tally: DeliveryTally) {
        guard let first = failures.first else {
            tally.recordDelivered(count)
            return
        }
        var failedRecords = 0
        var lastRecord = -1
        for failure in failures {
            let record = request.record(ofReply: failure.index)
            if record != lastRecord {
                failedRecords += 1
                lastRecord = record
            }
        }
        let message = "Redis refused \(failures.count) command(s): \(first.message)"
        link.noteRefusal(message)
        tally.recordDelivered(count - failedRecords)
        tally.recordFailed(failedRecords, error: message)
    }

    func flush(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while queueDepth > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

enum RedisSinkError: Error, CustomStringConvertible {
    case unavailable(String)

    var description: String {
        switch self {
        case .unavailable(let message): message
        }
    }
}
