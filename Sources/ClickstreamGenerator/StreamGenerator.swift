import ClickstreamModel

/// Which slice of the user population a generator owns: shard `index` of `count`.
/// Shards are disjoint, so several daemons can feed one cluster without duplicate users.
public struct Shard: Sendable, Equatable, Hashable {
    public var index: Int
    public var count: Int
    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "shard index must be in 0..<count")
        self.index = index
        self.count = count
    }
}

/// How event time relates to wall time.
public enum TimeMode: Sendable, Equatable, Hashable {
    /// Timestamps follow the wall clock.
    case realtime
    /// Event time runs `factor` times faster than wall time, from the start.
    case accelerated(factor: Double)
    /// A fixed date range, generated as fast as the sink takes it.
    case backfill(fromMillis: Int64, toMillis: Int64)
}

/// The behaviour knobs of the simulated shop. Defaults look like a real mid-size shop.
public struct GeneratorConfig: Sendable, Equatable {
    public var seed: UInt64 = 42
    public var userCount: Int = 100_000
    public var productCount: Int = 50_000

    public init() {}
}

/// One stream's source of encoded records.
///
/// Stateful (the session engine keeps many sessions open at once), but a pure function of
/// its inputs: the same config, seed, shard and time mode give byte-identical records
/// whatever batch sizes `generate` is called with.
public struct StreamGenerator: Sendable {
    public let dataType: DataType
    public let config: GeneratorConfig
    /// Records produced so far.
    public private(set) var generated: UInt64 = 0

    private let startMillis: Int64

    /// - Parameters:
    ///   - streamSeed: mixed with `config.seed` so that two streams of one daemon differ.
    ///   - startMillis: event time of the first record (wall-clock now for realtime mode).
    public init(
        dataType: DataType,
        config: GeneratorConfig,
        streamSeed: UInt64 = 0,
        shard: Shard = .whole,
        timeMode: TimeMode = .realtime,
        startMillis: Int64
    ) {
        self.dataType = dataType
        self.config = config
        self.startMillis = startMillis
    }

    /// Appends `count` records to `batch`. Placeholder records until the engine lands.
    public mutating func generate(count: Int, into batch: inout EncodedBatch) {
        for _ in 0..<count {
            let start = batch.bytes.count
            let id = generated
            batch.bytes.append(contentsOf: Array("{\"id\":\(id)}".utf8))
            let valueEnd = batch.bytes.count
            batch.bytes.append(contentsOf: Array("u\(id)".utf8))
            batch.records.append(.init(value: start..<valueEnd, key: valueEnd..<batch.bytes.count,
                                       kind: .user, timestampMillis: startMillis))
            generated += 1
        }
    }
}
