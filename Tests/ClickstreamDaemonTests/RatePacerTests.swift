import ClickstreamGenerator
import Testing

@testable import ClickstreamDaemon

@Suite("RatePacer")
struct RatePacerTests {
    @Test("batch size follows the rate within 1...max batch")
    func batchSizes() {
        let now = ContinuousClock.now
        #expect(RatePacer(rate: 1, maxBatchSize: 1000, start: now).batchSize == 1)
        #expect(RatePacer(rate: 100, maxBatchSize: 1000, start: now).batchSize == 1)
        #expect(RatePacer(rate: 10_000, maxBatchSize: 1000, start: now).batchSize == 100)
        #expect(RatePacer(rate: 1_000_000, maxBatchSize: 1000, start: now).batchSize == 1000)
        #expect(RatePacer(rate: 0, maxBatchSize: 500, start: now).batchSize == 500)
        #expect(RatePacer(rate: 0, maxBatchSize: 500, start: now).nextDue == nil)
    }

    @Test("a vanishingly small rate idles instead of overflowing")
    func vanishinglySmallRate() {
        let start = ContinuousClock.now
        var pacer = RatePacer(rate: 5e-324, maxBatchSize: 1000, start: start)
        #expect(pacer.nextDue == start)
        pacer.recordEmitted(1)
        let due = pacer.nextDue!
        #expect(due > start + .seconds(86_400 * 365))
        pacer.rebaseIfLagging(now: start + .seconds(10))
        #expect(pacer.rebases == 0)
    }

    @Test("deadlines come from the start, so there is no drift")
    func deadlines() {
        let start = ContinuousClock.now
        var pacer = RatePacer(rate: 200, maxBatchSize: 1000, start: start)
        for _ in 0..<500 { pacer.recordEmitted(pacer.batchSize) }  // 500 batches of 2 = 1000 records
        #expect(pacer.nextDue == start + .seconds(5))
    }

    @Test("falling far behind rebases instead of bursting")
    func rebase() {
        let start = ContinuousClock.now
        var pacer = RatePacer(rate: 100, maxBatchSize: 1000, start: start)
        pacer.recordEmitted(10)
        pacer.rebaseIfLagging(now: start + .milliseconds(500))
        #expect(pacer.rebases == 0)
        let late = start + .seconds(10)
        pacer.rebaseIfLagging(now: late)
        #expect(pacer.rebases == 1)
        #expect(pacer.nextDue == late)
    }
}

/// The pacer against rate curves: records due = ∫ rate, exactly, across pieces and updates.
@Suite("RatePacer with schedules")
struct RatePacerScheduleTests {
    /// Emits one record at a time and returns the deadline (seconds from start) of record n.
    private func deadlines(_ pacer: inout RatePacer, start: ContinuousClock.Instant, count: Int) -> [Double] {
        var due: [Double] = []
        for _ in 0..<count {
            due.append((pacer.nextDue! - start).seconds)
            pacer.recordEmitted(1)
        }
        return due
    }

    @Test("a ramp's records fall due as its integral says")
    func ramp() {
        let start = ContinuousClock.now
        // 100 → 300 over 10 s: N(t) = 100 t + 10 t²; 2000 records by t = 10, then 300/s.
        var pacer = RatePacer(
            curve: RateCurve(.ramp(from: 100, to: 300, seconds: 10), base: 0), maxBatchSize: 1, start: start)
        let due = deadlines(&pacer, start: start, count: 2301)
        for n in [1, 500, 1200, 1999] {
            let t = (-100 + (10_000 + 40 * Double(n)).squareRoot()) / 20
            #expect(abs(due[n] - t) < 1e-6, "record \(n): \(due[n]) vs \(t)")
        }
        #expect(abs(due[2000] - 10) < 1e-6)
        #expect(abs(due[2300] - 11) < 1e-6)
    }

    @Test("steps and a spike: each piece at its own rate, then the last (or the base) holds")
    func stepsAndSpike() {
        let start = ContinuousClock.now
        var steps = RatePacer(
            curve: RateCurve(.steps([.init(rate: 10, seconds: 1), .init(rate: 100, seconds: 1)]), base: 0),
            maxBatchSize: 1, start: start)
        let due = deadlines(&steps, start: start, count: 211)
        #expect(abs(due[10] - 1) < 1e-9 && abs(due[110] - 2) < 1e-9 && abs(due[210] - 3) < 1e-9)
        var spike = RatePacer(
            curve: RateCurve(.spike(factor: 5, atSeconds: 1, seconds: 1), base: 10), maxBatchSize: 1, start: start)
        let spiked = deadlines(&spike, start: start, count: 71)
        #expect(abs(spiked[10] - 1) < 1e-9 && abs(spiked[60] - 2) < 1e-9 && abs(spiked[70] - 3) < 1e-9)
    }

    @Test("the batch follows the current rate of the curve")
    func batchFollowsTheRate() {
        let start = ContinuousClock.now
        var pacer = RatePacer(
            curve: RateCurve(.ramp(from: 1000, to: 50_000, seconds: 60), base: 0), maxBatchSize: 1000, start: start)
        #expect(pacer.batchSize == 10)
        while pacer.nextDue! < start + .seconds(60) { pacer.recordEmitted(pacer.batchSize) }
        #expect(pacer.batchSize == 500)
    }

    @Test("an update rebases from now and what was emitted: no gap, no burst")
    func update() {
        let start = ContinuousClock.now
        var pacer = RatePacer(rate: 100, maxBatchSize: 1, start: start)
        for _ in 0..<50 { pacer.recordEmitted(1) }  // on schedule: 0.5 s
        let now = start + .milliseconds(500)
        pacer.replace(RateCurve(.constant, base: 1000), now: now)
        #expect(pacer.nextDue == now)
        let due = deadlines(&pacer, start: now, count: 1001)
        #expect(abs(due[1000] - 1) < 1e-9)
        pacer.replace(nil, now: now)
        #expect(pacer.nextDue == nil)
    }

    @Test("daily: pieces of a minute, walked without a stall across minute boundaries")
    func daily() {
        let world = World(config: GeneratorConfig())
        let profile = DailyRateProfile(world: world)
        let start = ContinuousClock.now
        // Accelerated 3600×: an event hour a wall second, so 3 s cross 180 minute pieces.
        let utc = 1_699_999_980_000.0  // on a minute
        let curve = RateCurve(.daily, base: 1000, daily: profile, utcStartMillis: utc, factor: 3600)
        var pacer = RatePacer(curve: curve, maxBatchSize: 10, start: start)
        while pacer.nextDue! < start + .seconds(3) { pacer.recordEmitted(pacer.batchSize) }
        var expected = 0.0
        for minute in 0..<180 {
            expected += 1000 * profile.multiplier(atUTCMillis: Int64(utc) + Int64(minute) * 60_000) / 60
        }
        #expect(abs(Double(pacer.emitted) - expected) <= 10, "\(pacer.emitted) vs \(expected)")
    }
}
