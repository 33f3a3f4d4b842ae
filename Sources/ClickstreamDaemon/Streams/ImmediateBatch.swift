import ClickstreamGenerator
import ClickstreamModel

/// Records for non-streaming `generate.*` and `sample.*`: returned at once, never paced.
///
/// A realtime generator keeps event time at wall time, so the first session record exists
/// only once a session has ended in wall time: the pacer boosted arrivals until one did,
/// which took seconds for `generate.sessions count=1`. Interactions and sessions therefore
/// come from a backfill window ending now: the window is sized from the population's
/// session rate, and widened (earlier start) until it holds `count` records that all lie
/// at or before now. Users and products do not depend on event time and stay realtime.
enum ImmediateBatch {
    /// Interactions per session assumed when sizing the window (a low estimate, so the
    /// first window is usually large enough).
    static let interactionsPerSession = 3.0
    /// Longest window tried; a smaller population gives what that window holds.
    static let maximumWindowMillis: Int64 = 10 * 365 * 86_400_000

    static func make(
        _ dataType: DataType, count: Int, world: World, shard: Shard, seed: UInt64,
        nowMillis: Int64
    ) -> EncodedBatch {
        var batch = EncodedBatch(byteCapacity: count * 512, recordCapacity: count)
        switch dataType {
        case .users, .products:
            var generator = StreamGenerator(
                dataType: dataType, world: world, streamSeed: seed, shard: shard,
                timeMode: .realtime, startMillis: nowMillis)
            generator.generate(count: count, into: &batch)
            return batch
        case .interactions, .sessions:
            var window = initialWindow(dataType, count: count, config: world.config, shard: shard)
            while true {
                batch.removeAll()
                var generator = StreamGenerator(
                    dataType: dataType, world: world, streamSeed: seed, shard: shard,
                    timeMode: .backfill(fromMillis: nowMillis - window, toMillis: nowMillis),
                    startMillis: nowMillis - window)
                generator.generate(count: count, into: &batch)
                let late = batch.records.last.map { $0.timestampMillis > nowMillis } ?? false
                if batch.count == count && !late { return batch }
                if window >= maximumWindowMillis {
                    // Keep only records at or before now (they are in event-time order).
                    while let last = batch.records.last, last.timestampMillis > nowMillis { batch.records.removeLast() }
                    return batch
                }
                window = min(maximumWindowMillis, window * 4)
            }
        }
    }

    /// A window expected to hold about twice `count` records (plus an hour for sessions, which
    /// are emitted when they end).
    static func initialWindow(_ dataType: DataType, count: Int, config: GeneratorConfig, shard: Shard) -> Int64 {
        let users = Double(max(1, config.userCount / max(1, shard.count)))
        let sessionsPerMilli = max(1e-12, config.session.sessionsPerUserPerDay * users / 86_400_000)
        let perMilli = dataType == .sessions ? sessionsPerMilli : sessionsPerMilli * interactionsPerSession
        let span = min(Double(maximumWindowMillis), 2 * Double(count) / perMilli)
        let settle: Int64 = dataType == .sessions ? 3_600_000 : 0
        return min(maximumWindowMillis, max(60_000, Int64(span)) + settle)
    }
}
