import ClickstreamAPI
import Synchronization

/// Decides whether a paced stream keeps up with its target rate: an enum state machine fed
/// by the worker a few times a second, returning what to log.
///
/// Behind means more than `behindThreshold` late on the deadline schedule (`RatePacer`), or a
/// schedule reset (the pacer gives up catching up past one second of lag, so a stream that
/// cannot keep up would otherwise show a small lag forever). Back on target means under
/// `calmThreshold` late, with no reset, for `recoveryHold`: a stream at 99 % of its target
/// is behind, not flapping between states at every batch. One log line when an episode
/// starts, one when it ends (`Action`).
struct PaceMonitor: Sendable {
    static let behindThreshold: Duration = .milliseconds(500)
    static let calmThreshold: Duration = .milliseconds(100)
    static let recoveryHold: Duration = .seconds(2)
    /// Share of the worker's time spent waiting in `RecordSink.write` above which the sink,
    /// not generation, is what holds the stream back.
    static let sinkBoundShare = 0.5

    enum State: Sendable, Equatable {
        case unpaced
        case onTarget
        /// `calmSince`: when the lag last fell under `calmThreshold` (nil while it is above).
        case behind(
            since: ContinuousClock.Instant, reason: StreamPace.Reason, detail: String?,
            calmSince: ContinuousClock.Instant?)
    }

    enum Action: Sendable, Equatable {
        case none
        case fellBehind(StreamPace.Reason, detail: String?)
        case caughtUp(after: Duration)
    }

    private(set) var state: State
    private(set) var episodes = 0
    private(set) var lag: Duration = .zero

    init(paced: Bool) {
        state = paced ? .onTarget : .unpaced
    }

    /// One observation.
    /// - Parameters:
    ///   - lag: how late the schedule is now (negative: early), measured before a reset.
    ///   - reset: the pacer reset its schedule since the last observation.
    ///   - sinkShare: share of the time since the last observation spent inside the sink's write.
    ///   - sinkProblem: the sink's own word that it is down or failing, if it says so.
    mutating func observe(
        lag: Duration, reset: Bool, sinkShare: Double, sinkProblem: String?,
        now: ContinuousClock.Instant
    ) -> Action {
        self.lag = max(.zero, lag)
        let late = reset || lag > Self.behindThreshold
        switch state {
        case .unpaced:
            return .none
        case .onTarget:
            guard late else { return .none }
            let (reason, detail) = Self.reason(sinkShare: sinkShare, sinkProblem: sinkProblem)
            state = .behind(since: now, reason: reason, detail: detail, calmSince: nil)
            episodes += 1
            return .fellBehind(reason, detail: detail)
        case .behind(let since, let reason, let detail, let calmSince):
            if late || lag > Self.calmThreshold {
                // Still behind: keep the reason current (a broker that went down, a disk that recovered).
                let (newReason, newDetail) = Self.reason(sinkShare: sinkShare, sinkProblem: sinkProblem)
                state = .behind(
                    since: since, reason: late ? newReason : reason, detail: late ? newDetail : detail, calmSince: nil)
                return .none
            }
            let calm = calmSince ?? now
            if now - calm >= Self.recoveryHold {
                state = .onTarget
                return .caughtUp(after: now - since)
            }
            state = .behind(since: since, reason: reason, detail: detail, calmSince: calm)
            return .none
        }
    }

    /// Sink down beats sink slow beats CPU.
    static func reason(sinkShare: Double, sinkProblem: String?) -> (StreamPace.Reason, String?) {
        if let sinkProblem { return (.sinkDown, sinkProblem) }
        if sinkShare >= sinkBoundShare { return (.sinkBackpressure, nil) }
        return (.generator, nil)
    }

    /// The API's view; `behindSince` as an ISO-8601 text computed by the caller.
    func snapshot(behindSince: (ContinuousClock.Instant) -> String) -> StreamPace {
        switch state {
        case .unpaced:
            return .unpaced
        case .onTarget:
            return StreamPace(state: .onTarget, lagSeconds: lag.seconds, episodes: episodes)
        case .behind(let since, let reason, let detail, _):
            return StreamPace(
                state: .behind, reason: reason, detail: detail, behindSince: behindSince(since),
                lagSeconds: lag.seconds, episodes: episodes)
        }
    }
}

/// What a worker tells its pace watch, as atomics: written once per batch by the worker's loop
/// (a few relaxed stores), read four times a second by the watch. Times are nanoseconds since
/// the run's start on the continuous clock.
final class PaceSignals: Sendable {
    /// When the batch being produced (or the next one) is due; `Int64.min` before the first.
    let dueNanos = Atomic<Int64>(.min)
    /// Schedule resets so far (`RatePacer.rebaseIfLagging`).
    let resets = Atomic<Int>(0)
    /// Time spent inside `RecordSink.write` so far.
    let sinkNanos = Atomic<Int64>(0)

    static func nanos(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}

/// Watches a paced stream from beside its worker: a loop that wakes four times a second,
/// reads the worker's `PaceSignals` and feeds `PaceMonitor`. It runs as a child task of the
/// worker's run, so it sees a worker stuck in a sink write (a full Kafka queue, a broker
/// down) while it is stuck, and the episode is logged when it starts, not when the sink lets
/// go. A check per batch in the worker itself would cost a lock and a clock read per batch.
struct PaceWatch: Sendable {
    static let interval: Duration = .milliseconds(250)

    private(set) var monitor: PaceMonitor
    private var lastCheck: Duration = .zero
    private var lastResets = 0
    private var lastSinkNanos: Int64 = 0

    init(paced: Bool) {
        monitor = PaceMonitor(paced: paced)
    }

    /// One check at `elapsed` (time since the run's start).
    mutating func check(
        _ signals: PaceSignals, elapsed: Duration, now: ContinuousClock.Instant,
        sinkProblem: () -> String?
    ) -> PaceMonitor.Action {
        let due = signals.dueNanos.load(ordering: .relaxed)
        let resets = signals.resets.load(ordering: .relaxed)
        let sinkNanos = signals.sinkNanos.load(ordering: .relaxed)
        let window = elapsed - lastCheck
        let share = window > .zero ? min(1, Double(sinkNanos - lastSinkNanos) / Double(PaceSignals.nanos(window))) : 0
        let lag: Duration = due == .min ? .zero : .nanoseconds(PaceSignals.nanos(elapsed) - due)
        let action = monitor.observe(
            lag: lag, reset: resets != lastResets, sinkShare: share, sinkProblem: sinkProblem(),
            now: now)
        lastCheck = elapsed
        lastResets = resets
        lastSinkNanos = sinkNanos
        return action
    }
}
