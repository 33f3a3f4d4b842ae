import ClickstreamGenerator
import ClickstreamModel

/// A stream's target rate as a function of time since its schedule's clock started: a
/// sequence of linear pieces, which `RatePacer` integrates exactly (records due by t =
/// ∫ rate), so a ramp or a step has no drift and no gap.
///
/// Built from a `RateSchedule` and the stream's base rate. `daily` is a piece per minute of
/// UTC (the population's multiplier is constant within a minute: `DailyRateProfile`).
struct RateCurve: Sendable {
    /// One linear piece: from `start` to `end` (seconds; `end` may be infinite) the rate
    /// goes from `from` to `to`.
    struct Piece: Sendable, Equatable {
        var start: Double
        var end: Double
        var from: Double
        var to: Double

        var slope: Double { end.isFinite && end > start ? (to - from) / (end - start) : 0 }

        func rate(at t: Double) -> Double { from + slope * (t - start) }

        /// Records due from `t` to the piece's end.
        func records(from t: Double) -> Double {
            guard end.isFinite else { return .infinity }
            let r = rate(at: t)
            let span = end - t
            return span * (r + rate(at: end)) / 2
        }
    }

    private enum Shape: Sendable {
        /// Finite pieces in order, then `then` forever.
        case pieces([Piece], then: Double)
        /// `base` × the population's multiplier at the UTC instant `utcStartMillis` +
        /// `factor` × t (event time: `factor` is the time mode's acceleration).
        case daily(base: Double, profile: DailyRateProfile, utcStartMillis: Double, factor: Double)
    }

    private let shape: Shape

    /// - Parameters:
    ///   - base: the stream's `rate` (constant, spike and daily multiply it).
    ///   - daily: the population's profile, needed by `daily` only (without one, `daily` is flat).
    ///   - utcStartMillis: event time when the clock starts (realtime: now).
    ///   - factor: event seconds per wall second (accelerated time modes).
    init(
        _ schedule: RateSchedule, base: Double, daily: DailyRateProfile? = nil, utcStartMillis: Double = 0,
        factor: Double = 1
    ) {
        switch schedule {
        case .constant:
            shape = .pieces([], then: base)
        case .ramp(let from, let to, let seconds):
            shape = .pieces([Piece(start: 0, end: seconds, from: from, to: to)], then: to)
        case .steps(let steps):
            var pieces: [Piece] = []
            var t = 0.0
            for step in steps {
                pieces.append(Piece(start: t, end: t + step.seconds, from: step.rate, to: step.rate))
                t += step.seconds
            }
            shape = .pieces(pieces, then: steps.last?.rate ?? base)
        case .spike(let factor, let at, let seconds):
            var pieces: [Piece] = []
            if at > 0 { pieces.append(Piece(start: 0, end: at, from: base, to: base)) }
            pieces.append(Piece(start: at, end: at + seconds, from: base * factor, to: base * factor))
            shape = .pieces(pieces, then: base)
        case .daily:
            guard let daily else {
                shape = .pieces([], then: base)
                return
            }
            // The profile repeats daily: the start within its day keeps the sums precise.
            let dayMillis = 86_400_000.0
            let ofDay = utcStartMillis - (utcStartMillis / dayMillis).rounded(.down) * dayMillis
            shape = .daily(base: base, profile: daily, utcStartMillis: ofDay, factor: max(1e-9, factor))
        }
    }

    /// The piece that holds time `t` (≥ 0).
    func piece(at t: Double) -> Piece {
        switch shape {
        case .pieces(let pieces, let then):
            for piece in pieces where t < piece.end { return piece }
            return Piece(start: pieces.last?.end ?? 0, end: .infinity, from: then, to: then)
        case .daily(let base, let profile, let utcStart, let factor):
            let utc = utcStart + factor * t * 1000
            // A microsecond of slack: a piece's end, mapped back, lands in the next minute.
            let minute = ((utc + 1e-3) / 60_000).rounded(.down)
            let start = (minute * 60_000 - utcStart) / (factor * 1000)
            let end = ((minute + 1) * 60_000 - utcStart) / (factor * 1000)
            let rate = base * profile.multiplier(atUTCMillis: Int64(minute) * 60_000)
            return Piece(start: max(start, 0), end: end, from: rate, to: rate)
        }
    }

    func rate(at t: Double) -> Double { piece(at: max(0, t)).rate(at: max(0, t)) }

    /// Records due from `a` to `b` (0 ≤ a ≤ b): the exact integral, piece by piece.
    func records(from a: Double, to b: Double) -> Double {
        var t = max(0, a)
        var total = 0.0
        while t < b {
            let piece = piece(at: t)
            let end = min(piece.end, b)
            guard end > t else { break }
            total += (end - t) * (piece.rate(at: t) + piece.rate(at: end)) / 2
            t = end
        }
        return total
    }
}

/// What a schedule asks for, for measurements outside the daemon (`clickbench schedule`).
public enum ScheduleTarget {
    /// Records a schedule at base rate `base` asks for between `from` and `to` seconds of its
    /// clock (`daily` counts as flat: it needs a population).
    public static func records(_ schedule: RateSchedule, base: Double, from: Double, to: Double) -> Double {
        RateCurve(schedule, base: base).records(from: from, to: to)
    }
}
