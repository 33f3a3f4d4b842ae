import CPrefetch
import ClickstreamModel

/// Simulates many concurrent sessions and yields their interactions in event-time order.
///
/// Open sessions sit in a min-heap keyed by (next event time, slot) (`SessionHeap`). Session starts
/// arrive as a Poisson process thinned by each candidate user's local hour (diurnal curve)
/// and segment activity. Each pop advances one session by one step of its funnel walk
/// (`SessionEngine+Funnel.swift`). All randomness comes from per-session generators seeded
/// by the session's ordinal, so output does not depend on how callers slice the stream.
///
/// Bounded memory: at most `config.session.maxOpenSessions` sessions are open. By Little's
/// law open sessions = starts per second × session duration; a paced stream at a high rate
/// needs many starts per second, so above ~85 % occupancy the engine compresses time inside
/// sessions (`gapScale` < 1 multiplies every gap drawn from then on), which shortens sessions
/// without changing how many events each has, so the rate holds with fewer open sessions.
/// A start that would exceed the cap is dropped. Below the threshold `gapScale` is exactly 1
/// and nothing differs from an unbounded engine.
struct SessionEngine: Sendable {
    /// What one `advance()` produced.
    enum Output {
        case nothing
        /// `emission` holds an interaction.
        case interaction
        /// Session in `endedSlot` has ended; its record can be read until the next advance.
        case sessionEnded
        /// A backfill range is exhausted.
        case finished
    }

    typealias HeapEntry = SessionHeap.Entry

    let world: World
    let config: GeneratorConfig
    let funnel: FunnelConfig
    let extended: Bool
    let userStart: Int
    let userSpan: Int
    let endMillis: Int64?
    let maxEvents: Int
    let cartCapacity = 8
    let purchasedCapacity = 32
    let viewedCapacity: Int
    /// Products viewed kept in a slot's own pool entry; longer lists continue in a spill
    /// chunk of `viewedCapacity - viewedInline` taken on demand. Most sessions view a few
    /// products, so a slot costs ~0.5 KB instead of ~1.3 KB: at high paced rates millions of
    /// sessions are open, and pool growth (page faults, copies) dominated the generator.
    let viewedInline: Int

    var heap = SessionHeap()
    var sessions: [SessionState] = []
    var freeSlots: [Int32] = []
    var cartProduct: [Int32] = []
    var cartQuantity: [Int16] = []
    var viewed: [Int32] = []
    var viewedSpill: [Int32] = []
    var freeSpills: [Int32] = []
    var purchased: [Int32] = []
    var counters: [Int32] = []

    /// The cap on open sessions, and the occupancy the time compression steers to.
    let maxOpen: Int
    let regulatedOpen: Int
    /// Multiplier on every gap drawn inside sessions (1: real dwell times).
    var gapScale: Double = 1
    /// The controller's integral part, log scale (`regulate`).
    var scaleIntegral: Double = 0
    /// Event time of the last `regulate` (or of the last arrival while unregulated).
    var scaleClock: Int64 = .min
    /// Session starts dropped because the table was full.
    var droppedStarts: UInt64 = 0

    var arrivals: Random
    let sessionSeed: UInt64
    var sessionsStarted: UInt64 = 0
    var nextArrival: Int64
    /// Candidate arrivals per millisecond before thinning (realtime mode tunes `rateScale`).
    let baseRatePerMilli: Double
    var rateScale: Double = 1
    /// Event time of the last thing taken off the heap; nothing later is emitted earlier.
    var lastPopped: Int64 = .min
    var emission = Emission()
    var endedSlot: Int = -1
    private var slotToFree: Int = -1

    let diurnalAcceptance: [Double]
    let activityAcceptance: [Double]
    let sourceCumulative: [Double]
    let atcCumulative: [[Double]]

    init(world: World, streamSeed: UInt64, shard: Shard, startMillis: Int64, endMillis: Int64?) {
        self.world = world
        config = world.config
        funnel = config.funnel
        extended = config.extendedInteractionTypes
        let users = config.userCount
        userStart = users * shard.index / shard.count
        userSpan = max(1, users * (shard.index + 1) / shard.count - userStart)
        self.endMillis = endMillis
        maxEvents = config.session.maxEventsPerSession
        viewedCapacity = config.session.maxEventsPerSession + 16
        viewedInline = min(viewedCapacity, 16)
        maxOpen = max(1, config.session.maxOpenSessions)
        regulatedOpen = max(1, Int(Double(maxOpen) * SessionEngine.targetOccupancy))
        sessionSeed = Random.mix(config.seed ^ Random.mix(streamSeed &+ 0x5E55))
        arrivals = Random(seed: sessionSeed, stream: 0x6172_7276, index: UInt64(shard.index))
        let curve = config.session.diurnalCurve.map { max(0, $0) }
        let curveMax = curve.max() ?? 1
        diurnalAcceptance = curve.map { $0 / curveMax }
        let activity = config.session.segmentActivity.map { max(0, $0) }
        let activityMax = max(activity.max() ?? 1, 1e-9)
        activityAcceptance = activity.map { $0 / activityMax }
        let segTotal = config.segmentWeights.reduce(0, +)
        var meanActivity = 0.0
        for s in 0..<4 { meanActivity += config.segmentWeights[s] / segTotal * activityAcceptance[s] }
        let meanDiurnal = diurnalAcceptance.reduce(0, +) / 24
        let acceptance = max(1e-6, meanActivity * meanDiurnal)
        baseRatePerMilli = config.session.sessionsPerUserPerDay * Double(userSpan) / 86_400_000 / acceptance
        sourceCumulative = TrafficSource.weights.cumulative()
        nextArrival = startMillis
        let f = world.config.funnel
        atcCumulative = (0..<4).map { s in
            [f.addToCartAfterView[s], f.wishlistAfterView, f.shareAfterView, f.reviewAfterView].cumulative()
        }
    }

    var openSessions: Int { sessions.count - freeSlots.count }
    /// Event time of the next thing that happens.
    var clock: Int64 { heap.isEmpty ? nextArrival : min(nextArrival, heap.top.time) }

    /// Advances the simulation by one step.
    mutating func advance() -> Output {
        if slotToFree >= 0 {
            let spill = sessions[slotToFree].viewedSpill
            if spill >= 0 {
                freeSpills.append(spill)
                sessions[slotToFree].viewedSpill = -1
            }
            freeSlots.append(Int32(slotToFree))
            slotToFree = -1
        }
        let arrivalsOpen = endMillis.map { nextArrival <= $0 } ?? true
        if arrivalsOpen && (heap.isEmpty || nextArrival < heap.top.time) {
            arrive()
            return .nothing
        }
        guard !heap.isEmpty else { return .finished }
        let top = heap.top
        heap.pop()
        prefetchTop()
        lastPopped = top.time
        let slot = Int(top.slot)
        if sessions[slot].phase == .ended {
            endedSlot = slot
            slotToFree = slot
            return .sessionEnded
        }
        return step(slot: slot, now: top.time) ? .interaction : .nothing
    }

    /// Moves the arrival clock forward without simulating the gap (realtime catch-up).
    mutating func skipArrivals(to millis: Int64) {
        if nextArrival < millis { nextArrival = millis }
    }

    /// Demand outran the simulation (paced modes): start more sessions, beginning at `millis`
    /// (never before what was already emitted, so event-time order holds).
    /// With the session table full, more starts cannot open; the time compression
    /// (`regulate`) is what raises the event rate then, so nothing is rewound.
    mutating func boostArrivals(at millis: Int64) {
        guard openSessions < maxOpen else { return }
        rateScale = min(1e9, rateScale * 1.5)
        nextArrival = max(lastPopped, min(nextArrival, millis))
    }

    // MARK: arrivals

    private mutating func arrive() {
        let now = nextArrival
        let rate = max(1e-12, baseRatePerMilli * rateScale)
        let gap = -logUnit(1 - arrivals.unit()) / rate
        nextArrival = now + Int64(min(gap, 86_400_000) + 0.5)
        let userIndex = userStart + arrivals.below(userSpan)
        var head = world.userHead(userIndex)
        let offset = Vocabulary.cities[head.city].utcOffsetMinutes
        let localMillis = now + Int64(offset) * 60_000
        let hour = Int(CivilTime.floorDiv(localMillis, 3_600_000) % 24)
        let accept = diurnalAcceptance[(hour + 24) % 24] * activityAcceptance[head.segment]
        guard arrivals.unit() < accept else { return }
        if gapScale < 1 || scaleIntegral < 0 || openSessions > regulatedOpen {
            regulate(now: now)
        } else {
            scaleClock = now
        }
        guard openSessions < maxOpen else {
            // Table full: no start until the next session event (which may free a slot).
            // Skipping the arrival clock drops the starts in between without drawing them
            // (Poisson arrivals are memoryless), and lets the sessions run instead of
            // spinning on arrivals that cannot open.
            droppedStarts &+= 1
            if let top = heap.first { nextArrival = max(nextArrival, top.time) }
            return
        }
        // Only what a session needs of the user (the same draws as `World.user`).
        let shopping = world.userShopping(&head.random)
        startSession(
            user: userIndex, segment: head.segment, city: head.city, client: shopping.client,
            preferences: shopping.preferencesPacked, preferenceCount: shopping.preferenceCount, at: now)
    }

    // MARK: bounded memory

    /// Occupancy (open / cap) the time compression steers to.
    static let targetOccupancy = 0.85
    /// Smallest gap multiplier (a 28 s dwell becomes 3 ms).
    static let minGapScale = 1e-4
    /// Event time in which the open-session count follows a change of `gapScale` at scale 1:
    /// of the order of a session's duration; at scale s it is s times as long.
    static let responseMillis = 60_000.0
    /// Proportional gain: at a full table gaps shrink by e^-1.5 more than the integral says.
    static let proportionalGain = 1.5

    /// Steers `gapScale` so that open sessions settle near `targetOccupancy × maxOpen`: a PI
    /// controller in log scale, the integral's speed in proportion to how fast the table
    /// reacts, the proportional part damping the oscillation heavy-tailed durations cause.
    mutating func regulate(now: Int64) {
        let elapsed = scaleClock == .min ? 0 : Double(max(0, now - scaleClock))
        scaleClock = max(scaleClock, now)
        let target = SessionEngine.targetOccupancy
        let occupancy = Double(openSessions) / Double(maxOpen)
        let error = max(-1, min(1, (occupancy - target) / (1 - target)))
        let response = max(50, gapScale * SessionEngine.responseMillis)
        let step = max(-0.5, min(0.5, -error * elapsed / response))
        scaleIntegral = max(logUnit(SessionEngine.minGapScale), min(0, scaleIntegral + step))
        let log = scaleIntegral - SessionEngine.proportionalGain * error
        gapScale = log >= 0 ? 1 : max(SessionEngine.minGapScale, fastExp(log))
    }

    /// Reserves every per-slot pool up to the cap once the table passes a small size, so it
    /// never grows by copying millions of sessions (a multi-second stall). Reserved address
    /// space is committed only as slots are used.
    private mutating func reservePools() {
        sessions.reserveCapacity(maxOpen)
        heap.reserveCapacity(maxOpen + 1)
        freeSlots.reserveCapacity(maxOpen)
        cartProduct.reserveCapacity(maxOpen * cartCapacity)
        cartQuantity.reserveCapacity(maxOpen * cartCapacity)
        viewed.reserveCapacity(maxOpen * viewedInline)
        purchased.reserveCapacity(maxOpen * purchasedCapacity)
        counters.reserveCapacity(maxOpen * Counter.count)
    }

    private mutating func allocateSlot() -> Int {
        if let s = freeSlots.popLast() { return Int(s) }
        let slot = sessions.count
        if slot >= SessionEngine.reserveAfter && sessions.capacity < maxOpen { reservePools() }
        sessions.append(SessionState())
        cartProduct.append(contentsOf: repeatElement(0, count: cartCapacity))
        cartQuantity.append(contentsOf: repeatElement(0, count: cartCapacity))
        viewed.append(contentsOf: repeatElement(0, count: viewedInline))
        purchased.append(contentsOf: repeatElement(0, count: purchasedCapacity))
        counters.append(contentsOf: repeatElement(0, count: Counter.count))
        return slot
    }

    private mutating func startSession(
        user: Int, segment: Int, city: Int, client: Int, preferences: UInt32,
        preferenceCount: Int, at now: Int64
    ) {
        let slot = allocateSlot()
        var s = SessionState()
        s.random = Random(seed: sessionSeed, stream: 0x7365_7373, index: sessionsStarted)
        sessionsStarted &+= 1
        s.user = user
        s.segment = segment
        s.city = city
        s.client = client
        s.preferences = preferences
        s.preferenceCount = max(1, preferenceCount)
        s.idHi = s.random.next()
        s.idLo = s.random.next()
        let octets = Vocabulary.cities[city].ipFirstOctets
        let first = UInt32(s.random.chance(0.5) ? octets.0 : octets.1)
        s.ip = first << 24 | UInt32(truncatingIfNeeded: s.random.next()) & 0x00FF_FFFF
        s.source = TrafficSource(rawValue: UInt8(s.random.pick(cumulative: sourceCumulative))) ?? .direct
        s.referrer = s.random.below(16)
        s.campaign = s.random.below(Vocabulary.campaigns.count)
        let exit = config.session.exitProbabilityMedian * fastExp(config.session.exitSigma * s.random.normal())
        s.exitProbability = max(0.03, min(0.97, exit))
        s.start = now
        s.lastEvent = now
        let base = slot * Counter.count
        for k in 0..<Counter.count { counters[base + k] = 0 }
        // Landing page: campaigns land on product pages, direct visitors on the home page.
        let landing =
            s.random.unit() * (funnel.landingProductShare + funnel.landingListingShare + funnel.landingSearchShare)
        sessions[slot] = s
        if landing < funnel.landingProductShare {
            sessions[slot].product = pickProduct(slot: slot)
            sessions[slot].phase = .view
        } else if landing < funnel.landingProductShare + funnel.landingListingShare {
            let home = sessions[slot].random.chance(0.5)
            sessions[slot].page = home ? Page(kind: .home) : Page(kind: .category, arg: Int32(pickCategory(slot: slot)))
            sessions[slot].phase = .click
        } else {
            sessions[slot].phase = .search
        }
        pushHeap(HeapEntry(time: now, slot: Int32(slot)))
    }

    /// Sessions the pools hold before they are reserved up to the cap (small streams stay small).
    static let reserveAfter = 1024

    // MARK: product choice

    /// A category: mostly one the user prefers, otherwise by catalogue share.
    mutating func pickCategory(slot: Int) -> Int {
        if sessions[slot].random.unit() < config.preferredCategoryShare {
            let i = sessions[slot].random.below(sessions[slot].preferenceCount)
            return Int((sessions[slot].preferences >> (8 * UInt32(i))) & 0xFF)
        }
        return sessions[slot].random.pick(cumulative: world.categoryCumulative)
    }

    /// A product by popularity inside `category` (or a picked category).
    mutating func pickProduct(slot: Int, category: Int? = nil) -> Int {
        var c = category ?? pickCategory(slot: slot)
        for _ in 0..<Category.count {
            if let p = world.catalog.sample(category: c, &sessions[slot].random) { return p }
            c = (c + 1) % Category.count
        }
        return 0
    }

    // MARK: heap

    mutating func pushHeap(_ e: HeapEntry) { heap.push(e) }

    /// Starts loading the state of the session that runs next, while this one runs: with
    /// 170k open sessions (a realtime stream at its cap) the pools are ~70 MB, and each step
    /// otherwise begins with misses to memory on its session's lines.
    @inline(__always)
    private func prefetchTop() {
        guard let next = heap.first else { return }
        let slot = Int(next.slot)
        sessions.withUnsafeBufferPointer { pool in
            let raw = UnsafeRawPointer(pool.baseAddress! + slot)
            var offset = 0
            while offset < MemoryLayout<SessionState>.stride {
                cs_prefetch(raw + offset)
                offset += 64
            }
        }
        counters.withUnsafeBufferPointer { cs_prefetch($0.baseAddress! + slot * Counter.count) }
    }
}
