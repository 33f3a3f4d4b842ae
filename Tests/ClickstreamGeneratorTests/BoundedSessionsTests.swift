import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

/// The session table is bounded by `session.maxOpenSessions`; demand beyond it compresses time
/// inside sessions instead of opening more (SessionEngine, docs/realism.md "Bounded memory").

@Test func openSessionsNeverExceedTheCapUnderHugeDemand() {
    var config = smallConfig()
    config.session.maxOpenSessions = 500
    var engine = SessionEngine(
        world: World(config: config), streamSeed: 1, shard: .whole,
        startMillis: jan2025, endMillis: nil)
    // ~1,000 session starts per event-second: unbounded, tens of thousands would be open.
    engine.rateScale = 1e5
    var peak = 0
    var interactions = 0
    var smallestScale = 1.0
    for _ in 0..<300_000 {
        if engine.advance() == .interaction { interactions += 1 }
        peak = max(peak, engine.openSessions)
        smallestScale = min(smallestScale, engine.gapScale)
    }
    #expect(peak <= 500)
    #expect(peak >= 400, "the table fills up to its target occupancy")
    #expect(smallestScale < 0.2, "time inside sessions is compressed")
    #expect(interactions > 100_000)
    // Compression, not dropping, carries the load: few starts find the table full.
    #expect(
        engine.droppedStarts < engine.sessionsStarted / 5,
        "\(engine.droppedStarts) dropped of \(engine.sessionsStarted)")
}

@Test func aRealtimeStreamWithUnlimitedDemandStaysUnderTheCapAndCausal() throws {
    var config = smallConfig()
    config.session.maxOpenSessions = 300
    // A frozen wall clock: any number of records is demanded within the same millisecond.
    let start: Int64 = 1_750_000_000_000
    var g = StreamGenerator(
        dataType: .interactions, world: World(config: config), streamSeed: 3, timeMode: .realtime,
        startMillis: start, clock: WallClock { start })
    var batch = EncodedBatch()
    var values: [String] = []
    var keys: [String] = []
    var records: [EncodedBatch.Record] = []
    while values.count < 60_000 {
        g.generate(count: 500, into: &batch)
        #expect(batch.count == 500, "the rate holds")
        #expect(g.openSessionCount <= 300)
        for i in 0..<batch.count {
            values.append(String(decoding: batch.value(at: i), as: UTF8.self))
            keys.append(String(decoding: batch.key(at: i), as: UTF8.self))
            records.append(batch.records[i])
        }
        batch.removeAll()
    }
    #expect(g.sessionTimeScale < 0.5)
    #expect(g.maxOpenSessions == 300)
    try checkCausality((values, keys, records), extended: true)
}

/// A backfill whose population starts far more sessions than the cap holds at real dwell times.
func crowdedConfig() -> GeneratorConfig {
    var config = smallConfig()
    config.session.sessionsPerUserPerDay = 100
    config.session.maxOpenSessions = 40
    return config
}

@Test func compressedSessionsStillAgreeWithTheirInteractions() throws {
    let config = crowdedConfig()
    let mode = TimeMode.backfill(fromMillis: jan2025, toMillis: jan2025 + 3 * 3_600_000)
    var g = StreamGenerator(dataType: .interactions, world: World(config: config), timeMode: mode, startMillis: 0)
    var batch = EncodedBatch()
    var smallestScale = 1.0
    while !g.isFinished {
        g.generate(count: 101, into: &batch)
        batch.removeAll()
        #expect(g.openSessionCount <= 40)
        smallestScale = min(smallestScale, g.sessionTimeScale)
    }
    #expect(smallestScale < 0.6, "the cap was reached and time compressed")
    try checkAgreement(config: config, mode: mode, minimumSessions: 5_000)
    try checkCausality(
        run(.interactions, config: config, mode: mode, total: 10_000_000, batchSize: 777), extended: true)
}

@Test func normalDemandIsNotCompressed() {
    var g = StreamGenerator(
        dataType: .interactions, world: World(config: smallConfig()), timeMode: backfill(days: 2), startMillis: 0)
    var batch = EncodedBatch()
    while !g.isFinished {
        g.generate(count: 4096, into: &batch)
        batch.removeAll()
        #expect(g.sessionTimeScale == 1)
    }
    #expect(g.droppedSessionStarts == 0)
}

@Test func maxOpenSessionsIsValidated() {
    var config = GeneratorConfig()
    config.session.maxOpenSessions = 0
    #expect(
        throws: GeneratorConfigError.invalid(
            field: "session.maxOpenSessions",
            reason: "must be in 1...\(SessionConfig.maxOpenSessionsLimit)")
    ) {
        try config.validate()
    }
    config.session.maxOpenSessions = 1
    #expect(throws: Never.self) { try config.validate() }
}
