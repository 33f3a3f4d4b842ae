/// Decides how many records a worker emits next and when: a deadline schedule against a
/// monotonic clock, following a `RateCurve` (a constant rate, a ramp, steps, a spike, the
/// daily cycle).
///
/// Record n is due when the records due so far, ∫ rate dt from the curve's start, reach n
/// (for a constant rate: `start + n / rate`). The integral is exact over each linear piece
/// of the curve, and every deadline is computed from an anchor (a time and the records due
/// by it), not from the previous sleep: the long-run rate has no drift, and a change of rate
/// has no gap. The anchor moves to a piece's end once the records of the piece are out, to
/// the present when the worker falls behind (`rebaseIfLagging`), and to "now, emitted so far"
/// when the curve is replaced (`stream.update`).
///
/// The batch grows with the current rate (rate/100, at least 1, at most the configured batch
/// size): ~100 wake-ups a second at high rates, so sleep granularity does not cap the rate,
/// and one record per wake-up at low rates, so there are no bursts.
struct RatePacer: Sendable {
    let maxBatchSize: Int
    /// nil: no pacing (rate 0, as fast as the sink takes them).
    private(set) var curve: RateCurve?
    /// When the curve's clock started.
    private(set) var origin: ContinuousClock.Instant
    /// Records emitted since the pacer was made.
    private(set) var emitted: Int = 0
    /// How many times the schedule was moved because the worker fell behind.
    private(set) var rebases: Int = 0
    /// Curve time (seconds) of the anchor, and the records due by then (counted like `emitted`).
    private var anchorTime = 0.0
    private var anchorCount = 0.0

    /// Falling further behind than this resets the schedule instead of catching up in a
    /// burst (a stalled sink must not cause a flood once it recovers).
    static let maximumLag: Duration = .seconds(1)
    /// Deadlines are capped at ten years: a vanishingly small rate (the API accepts any
    /// rate ≥ 0) idles the worker instead of overflowing `Duration`.
    static let horizon = 315_360_000.0

    init(curve: RateCurve?, maxBatchSize: Int, start: ContinuousClock.Instant) {
        self.curve = curve
        self.maxBatchSize = max(1, maxBatchSize)
        origin = start
    }

    /// A constant rate (0: unpaced).
    init(rate: Double, maxBatchSize: Int, start: ContinuousClock.Instant) {
        self.init(
            curve: rate > 0 ? RateCurve(.constant, base: rate) : nil,
            maxBatchSize: maxBatchSize, start: start)
    }

    /// Records per record batch now.
    var batchSize: Int {
        guard let (_, rate) = solve() else { return maxBatchSize }
        return max(1, min(maxBatchSize, Int(rate / 100)))
    }

    /// When the next record is due (nil when unpaced).
    var nextDue: ContinuousClock.Instant? {
        guard let (due, _) = solve() else { return nil }
        return origin + .seconds(min(due, Self.horizon))
    }

    /// The curve time at which record `emitted` is due, and the rate then. Solves
    /// r·τ + ½·k·τ² = n inside the anchor's piece (`recordEmitted` keeps the anchor in the
    /// piece where the next record falls due), in the form without cancellation.
    private func solve() -> (due: Double, rate: Double)? {
        guard let curve else { return nil }
        let piece = curve.piece(at: anchorTime)
        let owed = max(0, Double(emitted) - anchorCount)
        let r = max(0, piece.rate(at: anchorTime))
        let k = piece.slope
        let root = max(0, r * r + 2 * k * owed).squareRoot()
        let denominator = r + root
        let tau: Double
        if owed == 0 {
            tau = 0
        } else if denominator > 0, denominator.isFinite {
            tau = 2 * owed / denominator
        } else {
            tau = Self.horizon
        }
        let due = anchorTime + tau
        return (due, max(0, piece.rate(at: min(due, piece.end))))
    }

    /// If the worker is more than `maximumLag` behind at `now`, moves the anchor to now with
    /// the records emitted so far, so that the next record is due now: what was owed is
    /// dropped, the curve keeps its clock (a ramp goes on ramping).
    /// Returns whether it did (the stream is behind: see `PaceMonitor`).
    @discardableResult
    mutating func rebaseIfLagging(now: ContinuousClock.Instant) -> Bool {
        guard let due = nextDue, now - due > Self.maximumLag else { return false }
        rebase(now: now)
        rebases += 1
        return true
    }

    /// Drops what is owed at `now` without counting it as lag: a live stream
    /// (backfill-then-live) that has emitted everything due by the wall clock is on time,
    /// whatever rate it may go up to. Never moves the next record earlier.
    mutating func settle(now: ContinuousClock.Instant) {
        guard let due = nextDue, due < now else { return }
        rebase(now: now)
    }

    private mutating func rebase(now: ContinuousClock.Instant) {
        anchorTime = (now - origin).seconds
        anchorCount = Double(emitted)
    }

    /// A new curve from `now` (`stream.update`): its clock starts now, and the next record is
    /// due now: no gap, no burst, no restart.
    mutating func replace(_ curve: RateCurve?, now: ContinuousClock.Instant) {
        self.curve = curve
        origin = now
        anchorTime = 0
        anchorCount = Double(emitted)
    }

    mutating func recordEmitted(_ count: Int) {
        emitted += count
        guard let curve else { return }
        // Move the anchor over the pieces whose records are all out.
        while true {
            let piece = curve.piece(at: anchorTime)
            guard piece.end.isFinite, piece.end > anchorTime else { return }
            let inPiece = piece.records(from: anchorTime)
            guard anchorCount + inPiece <= Double(emitted) else { return }
            anchorCount += inPiece
            anchorTime = piece.end
        }
    }
}
