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
