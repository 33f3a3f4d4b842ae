import ClickstreamModel

extension World {
    /// How busy the shop is at a UTC instant relative to its daily average: the session-start
    /// curve (`session.diurnalCurve`) at each user's local hour, weighted by the population's
    /// time-zone mix (`utcOffsetWeights`, from `config.markets`), divided by the curve's mean. Over a whole UTC day it averages 1, so `daily` at rate R still makes R
    /// records a second on average.
    ///
    /// The one place this is computed; `DailyRateProfile` tabulates it per minute.
    public func dailyRateMultiplier(atUTCMillis millis: Int64) -> Double {
        let curve = config.session.diurnalCurve.map { max(0, $0) }
        let mean = curve.reduce(0, +) / Double(curve.count)
        guard curve.count == 24, mean > 0 else { return 1 }
        var busy = 0.0
        for zone in utcOffsetWeights {
            let local = millis + Int64(zone.utcOffsetMinutes) * 60_000
            let hour = Int(CivilTime.floorDiv(local, 3_600_000) % 24 + 24) % 24
            busy += zone.weight * curve[hour]
        }
        return busy / mean
    }
}

/// `World.dailyRateMultiplier` for each minute of a UTC day (time-zone offsets are whole
/// minutes, so the multiplier is constant within one): built once per stream, read by the
/// pacer a hundred times a second without work.
public struct DailyRateProfile: Sendable {
    /// Index: minute of the UTC day.
    public let perMinute: [Double]

    public init(world: World) {
        perMinute = (0..<1440).map { world.dailyRateMultiplier(atUTCMillis: Int64($0) * 60_000) }
    }

    /// The multiplier at `millis` (UTC, since 1970).
    public func multiplier(atUTCMillis millis: Int64) -> Double {
        perMinute[Int(CivilTime.floorDiv(millis, 60_000) % 1440 + 1440) % 1440]
    }
}
