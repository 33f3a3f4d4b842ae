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

/// One stream's source of encoded records.
///
/// Stateful (the session engine keeps many sessions open at once), but a pure function of
/// its inputs: the same config, seed, shard and time mode give byte-identical records
/// whatever batch sizes `generate` is called with (realtime and accelerated modes also read
/// the clock, so they are reproducible only with an injected `WallClock`; backfill-then-live
/// reads it only to stop at "now", so its records do not depend on when it is called).
public struct StreamGenerator: Sendable {
    public let dataType: DataType
    public let config: GeneratorConfig
    public let shard: Shard
    public let timeMode: TimeMode
    /// The wire format of the values (JSON unless a stream asks for a registry format).
    public let encoding: RecordEncoding
    /// Records produced so far.
    public private(set) var generated: UInt64 = 0
    /// True once a backfill range is exhausted: `generate` then appends nothing.
    public private(set) var isFinished = false
    /// True when the last `generate` stopped short because the next event lies after the wall
    /// clock (backfill-then-live, once history has caught up with now): nothing more is due
    /// until `eventTimeMillis`.
    public private(set) var isCaughtUp = false
    /// Opt-in (a stream with truth aggregates): `generate` appends to `facts` one entry per
    /// interaction it appends to the batch, in the same order. The caller empties `facts`.
    public var collectsFacts = false
    public var facts: [RecordFacts] = []

    public let world: World
    private let startMillis: Int64
    private var engine: SessionEngine
    private var pacer: EventPacer?
    /// Backfill-then-live: event time may not pass this clock (the simulation runs at its own
    /// pace, as fast as it is pulled, and stops at now).
    private let liveClock: WallClock?
    /// Records are written end to end here and appended to the batch in bulk.
    private var scratch: [UInt8]
    private let recordLimit: Int
    private var interactionEncoder: InteractionEncoder
    private var sessionStamps = DayStamp()
    private var nextEntity: Int
    private let entityRange: Range<Int>

    /// Event time of a stream's first record: `fromMillis` for backfill, the resolved `from`
    /// for backfill-then-live, else `startMillis`.
    public static func streamStart(timeMode: TimeMode, startMillis: Int64) -> Int64 {
        switch timeMode {
        case .backfill(let from, _): from
        case .backfillThenLive(let from): from.resolved(startMillis: startMillis)
        case .realtime, .accelerated: startMillis
        }
    }

    /// `config` with its population anchor moved back to the stream's start when it is later,
    /// so a backfill before the anchor never shows activity before registration. Users and
    /// products stay pure functions of (seed, index, config): streams with the same config and
    /// start agree on every user.
    public static func anchored(_ config: GeneratorConfig, timeMode: TimeMode, startMillis: Int64) -> GeneratorConfig {
        var c = config
        c.populationAnchorMillis = min(
            c.populationAnchorMillis, streamStart(timeMode: timeMode, startMillis: startMillis))
        return c
    }

    /// A stream over a prebuilt `World`, which streams share (its popularity tables cost
    /// O(productCount) to build).
    ///
    /// - Parameters:
    ///   - streamSeed: mixed with the world's seed so that two streams of one daemon differ.
    ///   - startMillis: event time of the first record (wall-clock now for realtime mode).
    ///     Ignored for backfill, which starts at `fromMillis`; backfill-then-live starts at its
    ///     `from`, resolved against it (`7d` is seven days before `startMillis`).
    ///
    /// The population's histories (registration, last activity, product creation) are anchored
    /// to `min(config.populationAnchorMillis, stream start)`, so no record predates the user or
    /// product it is about: a world anchored after the stream's start is rebuilt with the anchor
    /// moved back (`anchored`), and `config` reports the anchor used.
    public init(
        dataType: DataType,
        world: World,
        streamSeed: UInt64 = 0,
        shard: Shard = .whole,
        timeMode: TimeMode = .realtime,
        startMillis: Int64,
        clock: WallClock = .system,
        encoding: RecordEncoding = .json
    ) {
        var world = world
        if world.anchorMillis > StreamGenerator.streamStart(timeMode: timeMode, startMillis: startMillis) {
            world = World(config: StreamGenerator.anchored(world.config, timeMode: timeMode, startMillis: startMillis))
        }
        self.dataType = dataType
        self.config = world.config
        self.shard = shard
        self.timeMode = timeMode
        self.encoding = encoding
        self.world = world
        let start = StreamGenerator.streamStart(timeMode: timeMode, startMillis: startMillis)
        var end: Int64? = nil
        var live: WallClock? = nil
        switch timeMode {
        case .realtime:
            pacer = EventPacer(clock: clock, factor: 1, startMillis: startMillis)
        case .accelerated(let factor):
            pacer = EventPacer(clock: clock, factor: max(factor, 1e-6), startMillis: startMillis)
        case .backfill(_, let to):
            end = to
            pacer = nil
        case .backfillThenLive:
            pacer = nil
            live = clock
        }
        liveClock = live
        self.startMillis = start
        engine = SessionEngine(world: world, streamSeed: streamSeed, shard: shard, startMillis: start, endMillis: end)
        recordLimit =
            SessionEncoder.maxBytes(
                viewedCapacity: engine.viewedCapacity, purchasedCapacity: engine.purchasedCapacity) + 4096
        scratch = [UInt8](repeating: 0, count: StreamGenerator.chunkBytes + recordLimit)
        interactionEncoder = InteractionEncoder(world: world)
        switch dataType {
        case .users: entityRange = shard.slice(of: world.config.userCount)
        case .products: entityRange = shard.slice(of: world.config.productCount)
        default: entityRange = 0..<1
        }
        nextEntity = entityRange.lowerBound
    }

    /// Sessions currently open in the simulation (for the daemon's stats).
    public var openSessionCount: Int { engine.openSessions }

    /// The cap on open sessions (`config.session.maxOpenSessions`).
    public var maxOpenSessions: Int { engine.maxOpen }

    /// Factor by which time inside sessions is compressed to stay under the cap: 1 at normal
    /// rates, 0.1 means gaps between a session's events are a tenth of their modelled length.
    public var sessionTimeScale: Double { engine.gapScale }

    /// Session starts dropped because the session table was full.
    public var droppedSessionStarts: UInt64 { engine.droppedStarts }

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
        guard !entityRange.isEmpty else {
            isFinished = true
            return
        }
        let stamp = (pacer?.clock ?? liveClock)?.now() ?? startMillis
        let users = dataType == .users
        let world = world
        let encoding = encoding
        var next = nextEntity
        let range = entityRange
        // Written end to end into scratch, appended in bulk (as `World.encodeUser/encodeProduct`
        // would one by one, with the same bytes).
        var buffer = scratch
        scratch = []
        buffer.withUnsafeMutableBufferPointer { raw in
            let base = raw.baseAddress!
            var used = 0
            var flushed = batch.bytes.count
            for _ in 0..<count {
                if used > StreamGenerator.chunkBytes {
                    batch.bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: used))
                    flushed += used
                    used = 0
                }
                var w = ByteWriter(base + used, capacity: raw.count - used)
                encoding.writePrefix(into: &w)
                let mid: Int
                if users {
                    let u = world.user(next)
                    switch encoding.format {
                    case .json, .jsonSchema: UserEncoder.encode(u, world: world, into: &w)
                    case .avro: AvroEncoder.encodeUser(u, into: &w)
                    case .protobuf: ProtobufEncoder.encodeUser(u, into: &w)
                    }
                    mid = w.count
                    World.writeUserID(u.index, into: &w)
                } else {
                    let p = world.product(next)
                    switch encoding.format {
                    case .json, .jsonSchema: ProductEncoder.encode(p, world: world, into: &w)
                    case .avro: AvroEncoder.encodeProduct(p, into: &w)
                    case .protobuf: ProtobufEncoder.encodeProduct(p, into: &w)
                    }
                    mid = w.count
                    World.writeProductID(p.index, into: &w)
                }
                let start = flushed + used
                batch.records.append(
                    EncodedBatch.Record(
                        value: start..<(start + mid), key: (start + mid)..<(start + w.count),
                        kind: users ? .user : .product, timestampMillis: stamp))
                used += w.count
                next += 1
                if next == range.upperBound { next = range.lowerBound }
            }
            batch.bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: used))
        }
        scratch = buffer
        nextEntity = next
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

    /// Bytes of records collected before they are appended to the batch in one copy: a few
    /// records per append, and small enough that the copy stays in cache and below glibc's
    /// `rep movsb` threshold (which is no faster here and skews callgrind's counts).
    static let chunkBytes = 3 << 10

    private mutating func generateEvents(count: Int, into batch: inout EncodedBatch) {
        var horizon = pace()
        // Backfill-then-live: the wall clock is read once per call, and again only when the
        // simulation reaches it, so history runs at full speed and the live phase stops at now.
        let live = liveClock != nil
        var now = liveClock?.now() ?? .max
        isCaughtUp = false
        var steps = 0
        let wantSessions = dataType == .sessions
        var produced = 0
        var buffer = scratch
        scratch = []
        buffer.withUnsafeMutableBufferPointer { raw in
            let base = raw.baseAddress!
            // Records go to `base + used`; batch offsets are `flushed + used`.
            var used = 0
            var flushed = batch.bytes.count
            func flush() {
                batch.bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: used))
                flushed += used
                used = 0
            }
            defer { flush() }
            while produced < count {
                if used > StreamGenerator.chunkBytes { flush() }
                if live && engine.clock > now {
                    now = liveClock!.now()
                    if engine.clock > now {
                        isCaughtUp = true
                        return
                    }
                }
                if pacer != nil {
                    steps &+= 1
                    if steps & 255 == 0 { horizon = pace() }
                    if engine.clock > horizon {
                        engine.boostArrivals(at: horizon - Int64(1000 * max(1, pacer!.factor)))
                    }
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
                    var w = ByteWriter(base + used, capacity: raw.count - used)
                    let keyCount = encodeInteraction(e, into: &w)
                    let start = flushed + used
                    let mid = start + w.count - keyCount
                    batch.records.append(
                        EncodedBatch.Record(
                            value: start..<mid, key: mid..<(start + w.count),
                            kind: e.kind, timestampMillis: e.timestamp))
                    if collectsFacts { facts.append(facts(of: e)) }
                    used += w.count
                    produced += 1
                case .sessionEnded:
                    guard wantSessions else { continue }
                    let slot = engine.endedSlot
                    var w = ByteWriter(base + used, capacity: raw.count - used)
                    encoding.writePrefix(into: &w)
                    switch encoding.format {
                    case .json, .jsonSchema: engine.encodeSession(slot: slot, stamps: &sessionStamps, into: &w)
                    case .avro: engine.encodeSessionAvro(slot: slot, into: &w)
                    case .protobuf: engine.encodeSessionProtobuf(slot: slot, into: &w)
                    }
                    let mid = w.count
                    World.writeUserID(engine.sessions[slot].user, into: &w)
                    let start = flushed + used
                    batch.records.append(
                        EncodedBatch.Record(
                            value: start..<(start + mid), key: (start + mid)..<(start + w.count),
                            kind: .session, timestampMillis: engine.sessions[slot].end))
                    used += w.count
                    produced += 1
                }
            }
        }
        scratch = buffer
        generated &+= UInt64(produced)
    }

    private func facts(of e: Emission) -> RecordFacts {
        let s = engine.sessions[e.slot]
        let category = e.category >= 0 && e.category < Category.count ? UInt8(e.category) : 0
        return RecordFacts(
            kind: e.kind, category: category, revenueCents: e.revenueCents, user: s.user, sessionHi: s.idHi,
            sessionLo: s.idLo, timestampMillis: e.timestamp)
    }

    /// Writes the value of interaction `e` in the stream's format, then its key (user_id);
    /// returns the key's length.
    @inline(__always)
    private mutating func encodeInteraction(_ e: Emission, into w: inout ByteWriter) -> Int {
        encoding.writePrefix(into: &w)
        switch encoding.format {
        case .json, .jsonSchema:
            if interactionEncoder.needsPieces(e) {
                interactionEncoder.fillPieces(slot: e.slot, session: engine.sessions[e.slot])
            }
            return interactionEncoder.encode(
                e, idHi: engine.sessions[e.slot].idHi, idLo: engine.sessions[e.slot].idLo,
                into: &w)
        case .avro, .protobuf:
            let s = engine.sessions[e.slot]
            if encoding.format == .avro {
                AvroEncoder.encodeInteraction(e, session: s, world: world, into: &w)
            } else {
                ProtobufEncoder.encodeInteraction(e, session: s, world: world, into: &w)
            }
            let keyStart = w.count
            World.writeUserID(s.user, into: &w)
            return w.count - keyStart
        }
    }
}
