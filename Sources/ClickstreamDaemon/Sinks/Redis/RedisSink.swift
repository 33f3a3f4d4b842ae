import ClickstreamKafka
import ClickstreamModel
import NIOCore
import Synchronization

/// Sends a stream's records to Redis: `XADD` onto the stream named by the topic, and for
/// interactions the live session view (see `RedisBatchEncoder`).
///
/// A batch is one pipeline: every command of every record is written at once and the
/// replies are counted as they come, so there is one round trip per batch, not per event;
/// and `write` returns once the pipeline is written, without waiting for the replies, so a
/// stream's next batch follows at once (at 1,000 records/s a stream sends batches of a few
/// records: waiting for each reply would make the rate a function of the round trip).
/// Backpressure: at most `max_in_flight` records wait for replies; beyond that `write`
/// sleeps its task until replies come back. It never drops.
///
/// Accounting: a record is delivered when Redis accepted all its commands, failed when it
/// refused one (the reply's message becomes the stream's last error). When the connection
/// is lost the records of every batch in flight stay queued, the sink reconnects (a
/// restarted server) and sends each of them again: at-least-once, so a restart can
/// duplicate a batch Redis applied but could not acknowledge, never lose one. After
/// `retry_timeout` seconds without success a batch is counted failed.
final class RedisSink: DatabaseSink {
    static let name = "redis"
    static let serverName = "Redis"
    let settings: RedisSinkSettings
    let link: RedisLink
    private let inFlight = Atomic<Int>(0)

    init(settings: RedisSinkSettings) {
        self.settings = settings
        link = RedisLink(settings: settings)
    }

    var queueDepth: Int { inFlight.load(ordering: .relaxed) }
    var health: DatabaseSinkHealth { link.health }

    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        guard !batch.isEmpty else { return }
        while inFlight.load(ordering: .relaxed) >= settings.maxInFlight {
            do {
                try await Task.sleep(for: .milliseconds(1))
            } catch {
                tally.recordFailed(batch.count, error: "shutting down while Redis was behind")
                throw error
            }
        }
        var encoder = RedisBatchEncoder(settings: settings)
        let request = encoder.encode(batch, stream: destination)
        let count = batch.count
        inFlight.add(count, ordering: .relaxed)
        // Written here, in the stream's order; the replies are awaited by a task of their own.
        let live = try? await link.current()
        let pending = live.map { ($0, $0.enqueue(request.bytes, replies: request.replies)) }
        Task {
            await self.deliver(request, count: count, tally: tally, sent: pending)
            self.inFlight.subtract(count, ordering: .relaxed)
        }
    }

    /// Waits for the replies of a pipeline already `sent`, or sends it; after a lost
    /// connection, sends it again until it is answered or `retry_timeout` has passed.
    private func deliver(
        _ request: RedisEncodedBatch, count: Int, tally: DeliveryTally,
        sent: (RedisConnection, EventLoopFuture<[RedisCommandFailure]>)?
    ) async {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(settings.retryTimeout * 1000))
        var backoff = Duration.milliseconds(50)
        var attempt = sent
        while true {
            var connection: RedisConnection?
            do {
                let failures: [RedisCommandFailure]
                if let (used, replies) = attempt {
                    connection = used
                    failures = try await replies.get()
                } else {
                    let live = try await link.current()
                    connection = live
                    failures = try await live.send(request.bytes, replies: request.replies)
                }
                // A server still loading its data (just restarted) or busy answers every
                // command with an error that says "try again": that is not a refusal.
                if let busy = failures.first(where: { Self.isTransient($0.message) }) {
                    throw RedisConnectionLost(reason: busy.message)
                }
                account(failures, of: request, count: count, tally: tally)
                return
            } catch {
                attempt = nil
                if let connection { await link.drop(connection, error: error) }
                if clock.now >= deadline {
                    tally.recordFailed(count, error: "Redis: \(error)")
                    return
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
            }
        }
    }

    /// Replies that mean "not now" rather than "no": retried, never counted failed.
    static func isTransient(_ message: String) -> Bool {
        message.hasPrefix("LOADING") || message.hasPrefix("BUSY") || message.hasPrefix("TRYAGAIN")
            || message.hasPrefix("MASTERDOWN") || message.hasPrefix("CLUSTERDOWN")
    }

    /// Charges refused commands to their records; the rest is delivered.
    private func account(
        _ failures: [RedisCommandFailure], of request: RedisEncodedBatch, count: Int, tally: DeliveryTally
    ) {
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
