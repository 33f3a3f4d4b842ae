import ClickstreamGenerator
import Testing

@Suite("Daily rate multiplier")
struct DailyRateTests {
    @Test("averages 1 over a UTC day and follows the users' local hours")
    func dailyCycle() {
        let world = World(config: GeneratorConfig())
        let profile = DailyRateProfile(world: world)
        let mean = profile.perMinute.reduce(0, +) / 1440
        #expect(abs(mean - 1) < 1e-9, "\(mean)")
        // The default population is a US shop (`markets`): busiest in the US evening (0–4 h
        // UTC), quietest in the US night (7–12 h UTC).
        let byHour = (0..<24).map { profile.perMinute[$0 * 60] }
        let busiest = byHour.indices.max { byHour[$0] < byHour[$1] }!
        let quietest = byHour.indices.min { byHour[$0] < byHour[$1] }!
        #expect((0...4).contains(busiest), "\(byHour)")
        #expect((7...12).contains(quietest), "\(byHour)")
        #expect(profile.multiplier(atUTCMillis: 86_400_000 * 3 + 61_000) == profile.perMinute[1])
        #expect(profile.multiplier(atUTCMillis: -1) == profile.perMinute[1439])
    }

    @Test("one time zone: the session-start curve itself, over its mean")
    func oneZoneIsTheCurve() {
        var config = GeneratorConfig()
        config.session.diurnalCurve = (0..<24).map { $0 == 12 ? 2.0 : 1.0 }
        let world = World(config: config)
        let mean = 25.0 / 24
        // At noon UTC some users are at their local noon: the multiplier rises above 1/mean
        // exactly by their share.
        let values = Set((0..<24).map { world.dailyRateMultiplier(atUTCMillis: Int64($0) * 3_600_000) })
        #expect(values.allSatisfy { $0 >= 1 / mean - 1e-9 && $0 <= 2 / mean + 1e-9 })
    }
}
