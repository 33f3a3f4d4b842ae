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

    /// The part of `0..<total` this shard owns (contiguous).
    public func slice(of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
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

/// One stream's source of encoded records.
///
/// Stateful (the session engine keeps many sessions open at once), but a pure function of
/// its inputs: the same config, seed, shard and time mode give byte-identical records
/// whatever batch sizes `generate` is called with (realtime and accelerated modes also read
/// the clock, so they are reproducible only with an injected `WallClock`).
public struct StreamGenerator: Sendable {
    public let dataType: DataType
    public let config: GeneratorConfig
    public let shard: Shard
    public let timeMode: TimeMode
    /// Records produced so far.
    public private(set) var generated: UInt64 = 0
    /// True once a backfill range is exhausted: `generate` then appends nothing.
    public private(set) var isFinished = false

    public let world: World
    private let startMillis: Int64
    private var engine: SessionEngine
    private var pacer: EventPacer?
    private var scratch: [UInt8]
    private var nextEntity: Int
    private let entityRange: Range<Int>

    /// - Parameters:
    ///   - streamSeed: mixed with `config.seed` so that two streams of one daemon differ.
    ///   - startMillis: event time of the first record (wall-clock now for realtime mode).
    ///     Ignored for backfill, which starts at `fromMillis`.
    public init(
        dataType: DataType,
        config: GeneratorConfig,
        streamSeed: UInt64 = 0,
        shard: Shard = .whole,
        timeMode: TimeMode = .realtime,
        startMillis: Int64,
        clock: WallClock = .system
    ) {
        self.init(dataType: dataType, world: World(config: config), streamSeed: streamSeed, shard: shard,
                  timeMode: timeMode, startMillis: startMillis, clock: clock)
    }

    /// Shares a prebuilt `World` (its popularity tables cost O(productCount) to build).
    public init(
        dataType: DataType,
        world: World,
        streamSeed: UInt64 = 0,
        shard: Shard = .whole,
        timeMode: TimeMode = .realtime,
        startMillis: Int64,
        clock: WallClock = .system
    ) {
        self.dataType = dataType
        self.config = world.config
        self.shard = shard
        self.timeMode = timeMode
        self.world = world
        var start = startMillis
        var end: Int64? = nil
        switch timeMode {
        case .realtime:
            pacer = EventPacer(clock: clock, factor: 1, startMillis: startMillis)
        case .accelerated(let factor):
            pacer = EventPacer(clock: clock, factor: max(factor, 1e-6), startMillis: startMillis)
        case .backfill(let from, let to):
            start = from
            end = to
            pacer = nil
        }
        self.startMillis = start
        engine = SessionEngine(world: world, streamSeed: streamSeed, shard: shard, startMillis: start, endMillis: end)
        scratch = [UInt8](repeating: 0, count: SessionEncoder.maxBytes(
            viewedCapacity: engine.viewedCapacity, purchasedCapacity: engine.purchasedCapacity) + 4096)
        switch dataType {
        case .users: entityRange = shard.slice(of: world.config.userCount)
        case .products: entityRange = shard.slice(of: world.config.productCount)
        default: entityRange = 0..<1
        }
        nextEntity = entityRange.lowerBound
    }

    /// Sessions currently open in the simulation (for the daemon's stats).
    public var openSessionCount: Int { engine.openSessions }

    /// Event time the simulation has reached.
    public var eventTimeMillis: Int64 { engine.clock }

    /// Appends `count` records to `batch` (fewer only when a backfill range is exhausted).
    public mutating func generate(count: Int, into batch: inout EncodedBatch) {
        guard count > 0, !isFinished else { return }
        switch dataType {
        case .users, .products: generateEntities(count: count, into: &batch)
        case .interactions, .sessions: generateEvents(count: count, into: &batch)
        }
    }

    private mutating func generateEntities(count: Int, into batch: inout EncodedBatch) {
        guard !entityRange.isEmpty else { isFinished = true; return }
        let stamp = pacer.map { $0.clock.now() } ?? startMillis
        for _ in 0..<count {
            if dataType == .users {
                world.encodeUser(index: nextEntity, into: &batch, timestampMillis: stamp)
            } else {
                world.encodeProduct(index: nextEntity, into: &batch, timestampMillis: stamp)
            }
            nextEntity += 1
            if nextEntity == entityRange.upperBound { nextEntity = entityRange.lowerBound }
        }
        generated &+= UInt64(count)
    }

    /// Re-aims the arrival rate at wall time; returns the event time the simulation may reach.
    private mutating func pace() -> Int64 {
        guard let pacer else { return .max }
        let target = pacer.target()
        let error = engine.clock - target
        engine.rateScale = pacer.adjust(scale: engine.rateScale, errorMillis: error)
        let slack = Int64(1000 * max(1, pacer.factor))
        if error < -5 * slack { engine.skipArrivals(to: target - slack) }
        return target + slack
    }

    private mutating func generateEvents(count: Int, into batch: inout EncodedBatch) {
        var horizon = pace()
        var steps = 0
        let wantSessions = dataType == .sessions
        var produced = 0
        var buffer = scratch
        scratch = []
        buffer.withUnsafeMutableBufferPointer { raw in
            let base = raw.baseAddress!
            let keyBase = base + (raw.count - 64)
            while produced < count {
                if pacer != nil {
                    steps &+= 1
                    if steps & 255 == 0 { horizon = pace() }
                    if engine.clock > horizon { engine.boostArrivals(at: horizon - Int64(1000 * max(1, pacer!.factor))) }
                }
                switch engine.advance() {
                case .nothing:
                    continue
                case .finished:
                    isFinished = true
                    return
                case .interaction:
                    guard !wantSessions else { continue }
                    let e = engine.emission
                    let s = engine.sessions[e.slot]
                    var w = ByteWriter(base)
                    InteractionEncoder.encode(e, session: s, world: world, into: &w)
                    var k = ByteWriter(keyBase)
                    World.writeUserID(s.user, into: &k)
                    batch.append(value: w.written, key: k.written, kind: e.kind, timestampMillis: e.timestamp)
                    produced += 1
                case .sessionEnded:
                    guard wantSessions else { continue }
                    let slot = engine.endedSlot
                    var w = ByteWriter(base)
                    SessionEncoder.encode(slot: slot, engine: engine, into: &w)
                    var k = ByteWriter(keyBase)
                    World.writeUserID(engine.sessions[slot].user, into: &k)
                    batch.append(value: w.written, key: k.written, kind: .session,
                                 timestampMillis: engine.sessions[slot].end)
                    produced += 1
                }
            }
        }
        scratch = buffer
        generated &+= UInt64(produced)
    }
}
