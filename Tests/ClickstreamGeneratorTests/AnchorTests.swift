import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamGenerator

/// 2023-06-01T00:00:00Z: well before the default population anchor (2025-01-01).
let june2023: Int64 = 1_685_577_600_000

/// Milliseconds of an ISO-8601 `YYYY-MM-DDTHH:MM:SS.mmmZ` timestamp (what the encoders write).
func millis(_ iso: String) -> Int64 {
    let d = Array(iso.utf8).map { Int64($0) - 48 }
    func n(_ a: Int, _ b: Int) -> Int64 { (a..<b).reduce(0) { $0 * 10 + d[$1] } }
    return CivilTime.millis(
        year: n(0, 4), month: n(5, 7), day: n(8, 10), hour: n(11, 13), minute: n(14, 16),
        second: n(17, 19)) + n(20, 23)
}

@Test func aBackfillBeforeThePopulationAnchorHasNoActivityBeforeRegistration() throws {
    let config = smallConfig()
    let mode = TimeMode.backfill(fromMillis: june2023, toMillis: june2023 + 4 * 86_400_000)
    let interactions = run(.interactions, config: config, mode: mode, total: 20_000, batchSize: 999)
    #expect(interactions.values.count > 5_000)
    // The users as the users stream of the same backfill shows them.
    let users = run(.users, config: config, mode: mode, total: config.userCount, batchSize: 500)
    var registered: [String: Int64] = [:]
    for v in users.values {
        let u = try object(v)
        let registration = millis(u["registration_date"] as! String)
        #expect(registration <= june2023)
        #expect(millis(u["last_active"] as! String) <= june2023)
        registered[u["user_id"] as! String] = registration
    }
    #expect(registered.count == config.userCount)
    for (v, r) in zip(interactions.values, interactions.records) {
        let o = try object(v)
        let registration = try #require(registered[o["user_id"] as! String])
        #expect(registration <= r.timestampMillis, "interaction before its user registered: \(v)")
        #expect(millis(o["timestamp"] as! String) == r.timestampMillis)
    }
    // Products of that backfill exist before it starts too.
    let products = run(.products, config: config, mode: mode, total: 500, batchSize: 100)
    for v in products.values {
        let p = try object(v)
        #expect(millis(p["created_at"] as! String) <= millis(p["updated_at"] as! String))
        #expect(millis(p["updated_at"] as! String) <= june2023)
    }
}

@Test func theAnchorMovesOnlyBackAndOnlyForEarlierStreams() {
    let config = smallConfig()
    let early = StreamGenerator(
        dataType: .interactions, world: World(config: config),
        timeMode: .backfill(fromMillis: june2023, toMillis: june2023 + 86_400_000), startMillis: 0)
    #expect(early.config.populationAnchorMillis == june2023)
    #expect(early.world.user(5).registrationMillis <= june2023)
    // Realtime after the anchor, and a backfill after it, keep the configured anchor: same users.
    let late = StreamGenerator(
        dataType: .users, world: World(config: config), timeMode: .realtime,
        startMillis: config.populationAnchorMillis + 86_400_000,
        clock: WallClock { config.populationAnchorMillis + 86_400_000 })
    #expect(late.config == config)
    #expect(late.world.user(5) == World(config: config).user(5))
    // A shared world anchored after the stream start is rebuilt, not used as is.
    let shared = World(config: config)
    let rebased = StreamGenerator(
        dataType: .interactions, world: shared,
        timeMode: .backfill(fromMillis: june2023, toMillis: june2023 + 86_400_000), startMillis: 0)
    #expect(rebased.world !== shared)
    #expect(rebased.world.user(5) == early.world.user(5))
}
