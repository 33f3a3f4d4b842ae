import ClickstreamKafka
import Synchronization

/// One stream's figures: generated here, delivered/failed by its sink through `tally`.
/// generated = delivered + failed + queued at any instant; with disorder,
/// generated + duplicated = delivered + failed + queued + dropped (`DisorderCounters`).
final class StreamCounters: Sendable {
    private let _generated: Atomic<Int>
    private let _openSessions = Atomic<Int>(0)
    private let _droppedSessionStarts = Atomic<Int>(0)
    private let _eventTime: Atomic<Int64>
    let tally: DeliveryTally
    let disorder: DisorderCounters

    init(
        generated: Int = 0, delivered: Int = 0, failed: Int = 0, dropped: Int = 0, duplicated: Int = 0,
        eventTimeMillis: Int64? = nil
    ) {
        _generated = Atomic(generated)
        _eventTime = Atomic(eventTimeMillis ?? .min)
        tally = DeliveryTally(delivered: delivered, failed: failed)
        disorder = DisorderCounters(dropped: dropped, duplicated: duplicated)
    }

    var generated: Int { _generated.load(ordering: .acquiring) }
    var delivered: Int { tally.delivered }
    var failed: Int { tally.failed }
    var queued: Int { max(0, generated + disorder.duplicated - disorder.dropped - delivered - failed) }
    var lastError: String? { tally.lastError }

    func recordGenerated(_ count: Int) { _generated.add(count, ordering: .releasing) }

    /// The session engine's table after the last batch: sessions open now, and starts
    /// dropped because the table was at `generator.session.max_open_sessions`.
    var openSessions: Int { _openSessions.load(ordering: .relaxed) }
    var droppedSessionStarts: Int { _droppedSessionStarts.load(ordering: .relaxed) }

    func recordSessionTable(open: Int, droppedStarts: Int) {
        _openSessions.store(open, ordering: .relaxed)
        _droppedSessionStarts.store(droppedStarts, ordering: .relaxed)
    }

    /// Event time the simulation had reached after the last batch (nil before the first):
    /// saved in the state file, so that a resumed backfill goes on from there instead of
    /// writing its range, or a backfill-then-live stream its history, again.
    var eventTimeMillis: Int64? {
        let millis = _eventTime.load(ordering: .relaxed)
        return millis == .min ? nil : millis
    }

    func recordEventTime(_ millis: Int64) { _eventTime.store(millis, ordering: .relaxed) }
}
