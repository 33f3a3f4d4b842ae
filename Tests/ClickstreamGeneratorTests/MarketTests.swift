import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

/// Markets decide where users live, hence their time zones, hence the shape of the shop's
/// traffic in UTC (Markets.swift).
@Suite("Markets")
struct MarketTests {
    /// Sessions per UTC hour of a `days`-day backfill, summed over the days.
    static func sessionsPerUTCHour(_ config: GeneratorConfig, days: Int64) -> [Int] {
        var g = StreamGenerator(
            dataType: .sessions, world: World(config: config), timeMode: backfill(days: days), startMillis: jan2025)
        var batch = EncodedBatch()
        var hours = [Int](repeating: 0, count: 24)
        while !g.isFinished {
            g.generate(count: 1000, into: &batch)
            for record in batch.records {
                hours[Int(CivilTime.floorDiv(record.timestampMillis, 3_600_000) % 24)] += 1
            }
            batch.removeAll()
        }
        return hours
    }

    static func peakToTrough(_ hours: [Int]) -> Double {
        Double(hours.max() ?? 0) / Double(max(1, hours.min() ?? 1))
    }

    /// 30,000 users over 4 days: ~12,000 sessions a day, a few hundred per hour even at the trough.
    static func config(markets: [String: Double]? = nil) -> GeneratorConfig {
        var c = smallConfig()
        c.userCount = 30_000
        if let markets { c.markets = markets }
        return c
    }

    /// Every country of the city table at its cities' weight: the population before markets.
    static var wholeWorld: [String: Double] {
        var weights: [String: Double] = [:]
        for city in Vocabulary.cities { weights[city.countryCode.description, default: 0] += city.weight }
        return weights
    }

    @Test("the default single-region shop has a daily cycle in UTC (peak/trough ≥ 3); the whole world is flat")
    func dailyCycleInUTC() {
        let home = Self.peakToTrough(Self.sessionsPerUTCHour(Self.config(), days: 4))
        let world = Self.peakToTrough(Self.sessionsPerUTCHour(Self.config(markets: Self.wholeWorld), days: 4))
        #expect(home >= 3, "US shop peak/trough \(home)")
        #expect(world < 2.5, "whole-world peak/trough \(world)")
    }

    @Test("a multi-market mix gives countries their weights' shares")
    func countryShares() {
        let world = World(config: Self.config(markets: ["US": 0.7, "CA": 0.2, "GB": 0.1]))
        var counts: [String: Int] = [:]
        let n = 20_000
        for i in 0..<n { counts[Vocabulary.cities[world.user(i).city].countryCode.description, default: 0] += 1 }
        #expect(Set(counts.keys) == ["US", "CA", "GB"])
        for (code, share) in [("US", 0.7), ("CA", 0.2), ("GB", 0.1)] {
            let measured = Double(counts[code] ?? 0) / Double(n)
            #expect(abs(measured - share) < 0.015, "\(code): \(measured)")
        }
        // Users stay pure functions of (seed, index, config).
        let again = World(config: Self.config(markets: ["US": 0.7, "CA": 0.2, "GB": 0.1]))
        #expect(again.userJSON(index: 1234) == world.userJSON(index: 1234))
    }

    @Test("utcOffsetWeights is the population's time-zone mix")
    func offsetWeights() {
        let us = World(config: Self.config()).utcOffsetWeights
        #expect(us.map(\.utcOffsetMinutes) == [-480, -420, -360, -300])
        #expect(abs(us.map(\.weight).reduce(0, +) - 1) < 1e-9)
        let mixed = World(config: Self.config(markets: ["JP": 3, "GB": 1])).utcOffsetWeights
        #expect(
            mixed == [
                UTCOffsetWeight(utcOffsetMinutes: 0, weight: 0.25),
                UTCOffsetWeight(utcOffsetMinutes: 540, weight: 0.75),
            ])
        // Measured against the users themselves.
        let world = World(config: Self.config())
        var eastern = 0
        for i in 0..<20_000 where world.user(i).utcOffsetMinutes == -300 { eastern += 1 }
        let share = us.first { $0.utcOffsetMinutes == -300 }!.weight
        #expect(abs(Double(eastern) / 20_000 - share) < 0.015)
    }
}
