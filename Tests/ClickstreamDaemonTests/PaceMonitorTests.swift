import ClickstreamAPI
import XCTest

@testable import ClickstreamDaemon

/// The pace state machine on a virtual clock: when a paced stream counts as behind, why, and
/// that each episode is reported once when it starts and once when it ends.
final class PaceMonitorTests: XCTestCase {
    private let t0 = ContinuousClock.now

    private func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func testUnpacedStreamsAreNeverBehind() {
        var monitor = PaceMonitor(paced: false)
        let action = monitor.observe(lag: .seconds(5), reset: true, sinkShare: 1, sinkProblem: "down", now: at(0))
        XCTAssertEqual(action, .none)
        XCTAssertEqual(monitor.snapshot { _ in "" }.state, .unpaced)
    }

    func testSmallLagIsOnTarget() {
        var monitor = PaceMonitor(paced: true)
        for step in 0..<20 {
            XCTAssertEqual(
                monitor.observe(
                    lag: .milliseconds(300), reset: false, sinkShare: 0.2, sinkProblem: nil,
                    now: at(step * 250)), .none)
        }
        XCTAssertEqual(monitor.snapshot { _ in "" }.state, .onTarget)
        XCTAssertEqual(monitor.episodes, 0)
    }

    func testOneEpisodeIsReportedOnceWithItsReason() {
        var monitor = PaceMonitor(paced: true)
        XCTAssertEqual(
            monitor.observe(lag: .milliseconds(600), reset: false, sinkShare: 0.9, sinkProblem: nil, now: at(0)),
            .fellBehind(.sinkBackpressure, detail: nil))
        // Still behind, lag up to the pacer's reset and after it: no second report.
        for step in 1...12 {
            XCTAssertEqual(
                monitor.observe(
                    lag: .milliseconds(600 + step * 50), reset: step == 8, sinkShare: 0.9,
                    sinkProblem: nil, now: at(step * 250)), .none)
        }
        let snapshot = monitor.snapshot { _ in "since" }
        XCTAssertEqual(snapshot.state, .behind)
        XCTAssertEqual(snapshot.reason, .sinkBackpressure)
        XCTAssertEqual(snapshot.behindSince, "since")
        XCTAssertEqual(snapshot.episodes, 1)
        // Calm, but not yet for the hold time: still behind.
        XCTAssertEqual(
            monitor.observe(lag: .milliseconds(10), reset: false, sinkShare: 0.1, sinkProblem: nil, now: at(4000)),
            .none)
        XCTAssertEqual(
            monitor.observe(lag: .milliseconds(10), reset: false, sinkShare: 0.1, sinkProblem: nil, now: at(5000)),
            .none)
        // Calm for the hold time: back on target, the episode's length reported.
        XCTAssertEqual(
            monitor.observe(lag: .milliseconds(10), reset: false, sinkShare: 0.1, sinkProblem: nil, now: at(6000)),
            .caughtUp(after: .seconds(6)))
        XCTAssertEqual(monitor.snapshot { _ in "" }.state, .onTarget)
    }

    func testAScheduleResetCountsAsBehindEvenWithNoLagLeft() {
        var monitor = PaceMonitor(paced: true)
        XCTAssertEqual(
            monitor.observe(lag: .zero, reset: true, sinkShare: 0.1, sinkProblem: nil, now: at(0)),
            .fellBehind(.generator, detail: nil))
    }

    func testALagSpikeInTheHoldRestartsIt() {
        var monitor = PaceMonitor(paced: true)
        _ = monitor.observe(lag: .seconds(1), reset: false, sinkShare: 0, sinkProblem: nil, now: at(0))
        XCTAssertEqual(monitor.observe(lag: .zero, reset: false, sinkShare: 0, sinkProblem: nil, now: at(1000)), .none)
        XCTAssertEqual(
            monitor.observe(lag: .milliseconds(200), reset: false, sinkShare: 0, sinkProblem: nil, now: at(2500)), .none
        )
        XCTAssertEqual(monitor.observe(lag: .zero, reset: false, sinkShare: 0, sinkProblem: nil, now: at(3500)), .none)
        XCTAssertEqual(
            monitor.observe(lag: .zero, reset: false, sinkShare: 0, sinkProblem: nil, now: at(5500)),
            .caughtUp(after: .milliseconds(5500)))
    }

    func testASinkThatSaysItIsDownIsTheReasonAndItsWordsTheDetail() {
        var monitor = PaceMonitor(paced: true)
        XCTAssertEqual(
            monitor.observe(
                lag: .seconds(2), reset: true, sinkShare: 1, sinkProblem: "Kafka degraded: all brokers down",
                now: at(0)),
            .fellBehind(.sinkDown, detail: "Kafka degraded: all brokers down"))
        // The broker comes back, the queue still drains: the reason follows.
        _ = monitor.observe(lag: .seconds(1), reset: false, sinkShare: 0.95, sinkProblem: nil, now: at(250))
        XCTAssertEqual(monitor.snapshot { _ in "" }.reason, .sinkBackpressure)
    }

    func testTheWatchReadsTheWorkersSignals() {
        let signals = PaceSignals()
        var watch = PaceWatch(paced: true)
        // No batch yet: no lag.
        XCTAssertEqual(watch.check(signals, elapsed: .milliseconds(250), now: at(250), sinkProblem: { nil }), .none)
        // A batch due at 0.3 s, still being written at 1 s, 0.2 s of the last 0.25 s in the sink.
        signals.dueNanos.store(PaceSignals.nanos(.milliseconds(300)), ordering: .relaxed)
        signals.sinkNanos.store(PaceSignals.nanos(.milliseconds(200)), ordering: .relaxed)
        XCTAssertEqual(watch.check(signals, elapsed: .milliseconds(500), now: at(500), sinkProblem: { nil }), .none)
        XCTAssertEqual(
            watch.check(signals, elapsed: .milliseconds(1000), now: at(1000), sinkProblem: { "Kafka degraded" }),
            .fellBehind(.sinkDown, detail: "Kafka degraded"))
        XCTAssertEqual(watch.monitor.lag, .milliseconds(700))
        // The worker caught up and reset its schedule: still behind until calm for the hold.
        signals.dueNanos.store(PaceSignals.nanos(.milliseconds(1250)), ordering: .relaxed)
        signals.resets.add(1, ordering: .relaxed)
        XCTAssertEqual(watch.check(signals, elapsed: .milliseconds(1250), now: at(1250), sinkProblem: { nil }), .none)
        signals.dueNanos.store(PaceSignals.nanos(.milliseconds(3500)), ordering: .relaxed)
        XCTAssertEqual(watch.check(signals, elapsed: .milliseconds(1500), now: at(1500), sinkProblem: { nil }), .none)
        XCTAssertEqual(
            watch.check(signals, elapsed: .milliseconds(3500), now: at(3500), sinkProblem: { nil }),
            .caughtUp(after: .milliseconds(2500)))
    }
}
