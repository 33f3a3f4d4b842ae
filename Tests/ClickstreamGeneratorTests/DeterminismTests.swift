import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

@Test(arguments: [DataType.users, .products, .interactions, .sessions])
func outputDoesNotDependOnBatchSize(type: DataType) {
    let config = smallConfig()
    let mode = backfill(days: 3)
    let total = type == .sessions ? 2_000 : 3_000
    let one = run(type, config: config, mode: mode, total: total, batchSize: 1)
    let odd = run(type, config: config, mode: mode, total: total, batchSize: 7)
    let big = run(type, config: config, mode: mode, total: total, batchSize: 1_000)
    #expect(one.values.count == total)
    #expect(one.values == odd.values)
    #expect(one.values == big.values)
    #expect(one.keys == big.keys)
    #expect(one.records == big.records)
}

@Test func seedsChangeTheStream() {
    let a = run(.interactions, config: smallConfig(seed: 1), mode: backfill(days: 1), total: 200, batchSize: 50)
    let b = run(.interactions, config: smallConfig(seed: 2), mode: backfill(days: 1), total: 200, batchSize: 50)
    let a2 = run(.interactions, config: smallConfig(seed: 1), mode: backfill(days: 1), total: 200, batchSize: 50)
    #expect(a.values == a2.values)
    #expect(a.values != b.values)
    let s = run(
        .interactions, config: smallConfig(seed: 1), mode: backfill(days: 1), total: 200, batchSize: 50, streamSeed: 99)
    #expect(a.values != s.values)
}

@Test func usersAndProductsArePureFunctionsOfIndex() {
    let world = World(config: smallConfig())
    let other = World(config: smallConfig())
    for i in [0, 1, 17, 1_999] {
        #expect(world.user(i) == other.user(i))
        #expect(world.userJSON(index: i) == other.userJSON(index: i))
    }
    for i in [0, 5, 999] { #expect(world.productJSON(index: i) == other.productJSON(index: i)) }
    // The stream enumerates the same records as the sample API, and wraps around.
    let stream = run(.users, config: smallConfig(), mode: backfill(days: 1), total: 2_001, batchSize: 500)
    #expect(stream.values[17] == world.userJSON(index: 17))
    #expect(stream.values[2_000] == stream.values[0])
    #expect(world.userJSON(index: 2_000 + 17) == world.userJSON(index: 17))
}

@Test func injectedClockMakesRealtimeReproducible() {
    let clock = WallClock { 1_750_000_000_000 }
    func make() -> [String] {
        var g = StreamGenerator(
            dataType: .interactions, world: World(config: smallConfig()), timeMode: .realtime,
            startMillis: 1_750_000_000_000, clock: clock)
        var batch = EncodedBatch()
        g.generate(count: 300, into: &batch)
        return (0..<batch.count).map { String(decoding: batch.value(at: $0), as: UTF8.self) }
    }
    #expect(make() == make())
}

/// A wall clock that advances by `step` every time it is read.
final class SteppingClock: @unchecked Sendable {
    var now: Int64
    let step: Int64
    init(now: Int64, step: Int64) {
        self.now = now
        self.step = step
    }
    var clock: WallClock {
        WallClock {
            self.now += self.step
            return self.now
        }
    }
}

@Test(arguments: [1.0, 60.0])
func pacedTimestampsTrackTheClock(factor: Double) {
    let start: Int64 = 1_750_000_000_000
    // Two reads per 100-record call, 10 ms apart: 5,000 records per wall second demanded.
    let wall = SteppingClock(now: start, step: 10)
    let mode: TimeMode = factor == 1 ? .realtime : .accelerated(factor: factor)
    var g = StreamGenerator(
        dataType: .interactions, world: World(config: smallConfig()), timeMode: mode,
        startMillis: start, clock: wall.clock)
    var batch = EncodedBatch()
    var last = Int64.min
    for _ in 0..<300 {
        g.generate(count: 100, into: &batch)
        #expect(batch.count == 100)
        for r in batch.records {
            #expect(r.timestampMillis >= last, "event-time order")
            last = r.timestampMillis
        }
        batch.removeAll()
    }
    let expected = start + Int64(Double(wall.now - start) * factor)
    let tolerance = Int64(5_000 * factor) + 120_000
    #expect(abs(last - expected) < tolerance, "event time \(last - start) ms vs wall \(expected - start) ms")
    #expect(g.openSessionCount > 0)
}
