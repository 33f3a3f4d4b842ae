import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel
import Foundation

/// What a worker paces itself by, changeable while it runs (`stream.update`): its definition
/// (rate and schedule as updated) and the curve its loop follows now.
struct RatePlan: Sendable {
    var definition: StreamDefinition
    /// The curve the running loop follows, and when its clock started (nil: not running, or
    /// unpaced).
    var curve: RateCurve?
    var origin: ContinuousClock.Instant = .now

    init(definition: StreamDefinition) { self.definition = definition }

    /// The longest a sleeping worker goes without looking for an update: a stream at 1
    /// record a minute still takes a new rate within this.
    static let updateLatency: Duration = .milliseconds(100)
}

/// Event time against the run's clock, so `daily` follows simulated days in an accelerated
/// time mode (and the wall clock in realtime).
struct EventClock: Sendable {
    let startMillis: Int64
    let factor: Double
    let runStart: ContinuousClock.Instant

    init(timeMode: TimeMode, startMillis: Int64, runStart: ContinuousClock.Instant) {
        self.startMillis = startMillis
        self.runStart = runStart
        factor = if case .accelerated(let f) = timeMode { f } else { 1 }
    }

    func millis(at instant: ContinuousClock.Instant) -> Double {
        Double(startMillis) + factor * (instant - runStart).seconds * 1000
    }
}

extension StreamWorker {
    /// Target records per second now (the running curve's rate; the definition's when the
    /// stream does not run).
    var targetRate: Double {
        plan.withLock { plan in
            guard let curve = plan.curve else { return plan.definition.rate }
            return curve.rate(at: (ContinuousClock.now - plan.origin).seconds)
        }
    }

    /// The curve for `definition` with its clock starting at `instant`, published for
    /// `targetRate`; nil when unpaced. Builds the population's daily profile for `daily`
    /// only (a few thousand multiplications, once per start or update).
    func startCurve(
        _ definition: StreamDefinition, at instant: ContinuousClock.Instant, eventClock: EventClock
    ) -> RateCurve? {
        let curve: RateCurve? =
            definition.isPaced
            ? RateCurve(
                definition.schedule, base: definition.rate,
                daily: definition.schedule == .daily ? DailyRateProfile(world: world) : nil,
                utcStartMillis: eventClock.millis(at: instant), factor: eventClock.factor)
            : nil
        plan.withLock {
            $0.curve = curve
            $0.origin = instant
        }
        return curve
    }

    /// Gives the stream a new rate and schedule; the running loop takes them before its next
    /// batch (within `RatePlan.updateLatency` when it sleeps). Returns the new definition.
    func update(rate: Double, schedule: RateSchedule) -> StreamDefinition {
        let definition = plan.withLock { plan in
            plan.definition = plan.definition.with(rate: rate, schedule: schedule)
            return plan.definition
        }
        planVersion.add(1, ordering: .releasing)
        return definition
    }
}

extension StreamDefinition {
    /// The same stream at another rate and schedule.
    func with(rate: Double, schedule: RateSchedule) -> StreamDefinition {
        var spec = self.spec
        spec.rate = rate
        spec.schedule = schedule == .constant ? nil : schedule
        return StreamDefinition(id: id, origin: origin, resolved: spec)
    }
}
