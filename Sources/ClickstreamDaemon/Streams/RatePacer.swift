/// Decides how many records a worker emits next and when: a deadline schedule against a
/// monotonic clock.
///
/// Record n is due at `start + n / rate`. The worker sleeps until the first record of the
/// next batch is due, so the long-run rate has no drift (errors do not accumulate: every
/// deadline is computed from the start, not from the previous sleep), and no write carries
/// more than one batch. The batch grows with the rate (rate/100, at least 1, at most the
/// configured batch size): ~100 wake-ups a second at high rates, so sleep granularity does
/// not cap the rate, and one record per wake-up at low rates, so there are no bursts.
struct RatePacer: Sendable {
    /// Records per second; 0 = no pacing.
    let rate: Double
    let batchSize: Int
    private(set) var start: ContinuousClock.Instant
    /// Records emitted since `start`.
    private(set) var emitted: Int = 0
    /// How many times the schedule was moved because the worker fell behind.
    private(set) var rebases: Int = 0

    /// Falling further behind than this resets the schedule instead of catching up in a
    /// burst (a stalled sink must not cause a flood once it recovers).
    static let maximumLag: Duration = .seconds(1)

    init(rate: Double, maxBatchSize: Int, start: ContinuousClock.Instant) {
        self.rate = rate
        self.start = start
        if rate <= 0 {
            batchSize = max(1, maxBatchSize)
        } else {
            batchSize = max(1, min(maxBatchSize, Int(rate / 100)))
        }
    }

    /// When the next record is due (nil when unpaced).
    var nextDue: ContinuousClock.Instant? {
        guard rate > 0 else { return nil }
        return start + offset(of: emitted)
    }

    /// Time from `start` to record `n`, capped at ten years: a vanishingly small rate (the
    /// API accepts any rate ≥ 0) idles the worker instead of overflowing `Duration`.
    private func offset(of n: Int) -> Duration {
        .seconds(min(Double(n) / rate, 315_360_000))
    }

    /// If the worker is more than `maximumLag` behind at `now`, moves the schedule so that
    /// the next record is due now.
    /// Returns whether it did (the stream is behind: see `PaceMonitor`).
    @discardableResult
    mutating func rebaseIfLagging(now: ContinuousClock.Instant) -> Bool {
        guard let due = nextDue, now - due > Self.maximumLag else { return false }
        start = now - offset(of: emitted)
        rebases += 1
        return true
    }

    mutating func recordEmitted(_ count: Int) { emitted += count }
}
