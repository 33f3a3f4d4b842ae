import ClickstreamGenerator
import ClickstreamModel
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Where the NDJSON routes get their records from: the daemon's shared `World` (population
/// and catalog) in force when a request arrives; a config reload applies to the next
/// request, not to open ones.
struct NDJSONSource: Sendable {
    var world: @Sendable () async -> World

    /// The daemon passes its current World (built once, shared with the stream workers),
    /// e.g. `NDJSONSource { await manager.world }`.
    init(world: @escaping @Sendable () async -> World) {
        self.world = world
    }

    /// A World of its own, built once from `config` (tests, or a daemon without a shared one).
    init(config: GeneratorConfig = GeneratorConfig()) {
        let world = World(config: config)
        self.world = { world }
    }
}

/// What one NDJSON request asked for, checked against the caps.
struct NDJSONPlan: Sendable, Equatable {
    var dataType: DataType
    /// Records per second.
    var rate: Double
    /// How many records the response carries: `count`, or as many as fall due within
    /// `duration` (rate × duration, rounded up), whichever is fewer.
    var total: Int

    static let defaultRate = 10.0
    static let defaultDuration = 60.0

    /// Reads `rate`, `duration` and `count` from the query. Without either bound the stream
    /// lasts `defaultDuration` (or the duration cap when lower); with a count only, the
    /// duration cap still ends it.
    init(dataType: DataType, query: [String: Double], limits: HTTPLimits) throws {
        self.dataType = dataType
        rate = try Self.checked("rate", query["rate"] ?? Self.defaultRate, cap: "max_ndjson_rate", limits.maxNDJSONRate)
        var duration = min(Self.defaultDuration, limits.maxNDJSONDuration)
        if let given = query["duration"] {
            duration = try Self.checked("duration", given, cap: "max_ndjson_duration", limits.maxNDJSONDuration)
        } else if query["count"] != nil {
            duration = limits.maxNDJSONDuration
        }
        total = Int((rate * duration).rounded(.up))
        if let count = query["count"] {
            let count = try Self.checked(
                "count", count, atLeastOne: true, cap: "max_ndjson_count", Double(limits.maxNDJSONCount))
            total = min(total, Int(count))
        }
    }

    /// `value` of query parameter `field` when it is above 0 (a count: at least 1) and at
    /// most `limit`, the HTTP cap `cap`; an error naming the field otherwise.
    private static func checked(
        _ field: String, _ value: Double, atLeastOne: Bool = false, cap: String, _ limit: Double
    ) throws -> Double {
        guard atLeastOne ? value >= 1 : value > 0 else {
            throw HTTPAPIError.badRequest(
                "\(field) must be \(atLeastOne ? "at least 1" : "greater than 0"), got \(value.compact)",
                details: HTTPRequestParams.fieldDetails(
                    field, expected: atLeastOne ? "integer >= 1" : "number > 0", given: value.compact))
        }
        guard value <= limit else {
            throw HTTPAPIError.limitExceeded(field: field, cap: cap, limit: limit, given: value)
        }
        return value
    }
}

/// GET /stream/{interactions,users,products}: records as application/x-ndjson, one
/// a line, paced at the requested rate.
///
/// Not an RPC method: the records go straight from a `StreamGenerator` to the socket, so the
/// response is a sink of its own rather than a call that returns a result.
struct NDJSONRoutes: Sendable {
    let source: NDJSONSource
    let limits: HTTPLimits
    /// Streams being written right now (exported as a gauge; tests watch it fall to 0).
    let active: NDJSONActivity

    /// No sessions: a session record appears only when its session ends, minutes of event time
    /// after it starts, so a fresh realtime generator has none to pace for a while.
    static let dataTypes: [DataType] = [.interactions, .users, .products]

    func register(on router: Router<HTTPRequestContext>, table: inout HTTPRouteTable) {
        for dataType in Self.dataTypes {
            let path = "/stream/\(dataType.rawValue)"
            table.add(.get, path)
            router.get(RouterPath(path)) { request, context in
                try await self.respond(to: request, dataType: dataType, logger: context.logger)
            }
        }
    }

    func respond(to request: Request, dataType: DataType, logger: Logger) async throws -> Response {
        let query = try HTTPRequestParams.query(
            of: request, fields: ["rate": .number, "duration": .number, "count": .integer])
        let plan = try NDJSONPlan(
            dataType: dataType,
            query: query.compactMapValues { value in
                if case .number(let number) = value { number } else { nil }
            }, limits: limits)
        let world = await source.world()
        let seed = active.nextSeed()
        let active = self.active
        return Response(
            status: .ok,
            headers: [.contentType: "application/x-ndjson", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                active.opened()
                defer { active.closed() }
                do {
                    // Cancels the pacing loop as soon as the client closes its side, rather
                    // than at the next write.
                    // Ends early, and cleanly, when the daemon shuts down: a long stream must not
                    // hold up the server's graceful shutdown.
                    let stopping = Atomic<Bool>(false)
                    let sent = try await withGracefulShutdownHandler {
                        try await request.body.consumeWithCancellationOnInboundClose { _ in
                            try await NDJSONPacer.run(plan: plan, world: world, streamSeed: seed, writer: &writer) {
                                stopping.load(ordering: .relaxed)
                            }
                        }
                    } onGracefulShutdown: {
                        stopping.store(true, ordering: .relaxed)
                    }
                    logger.debug("NDJSON stream complete", metadata: ["records": "\(sent)"])
                    try await writer.finish(nil)
                } catch {
                    logger.debug("NDJSON stream ended by the client", metadata: ["error": "\(type(of: error))"])
                    throw error
                }
            }
        )
    }
}

/// Writes a plan's records on a deadline schedule: record n is due at start + n / rate.
/// Each wake-up writes every record that has fallen due, so a late wake-up catches up
/// instead of losing rate (the original's sleep-per-record loop reached ~620/s of 2,000/s).
enum NDJSONPacer {
    /// Shortest sleep between writes: above ~100 records/s several records share a write.
    static let tick = Duration.milliseconds(10)
    /// Most records encoded into one write.
    static let maxChunk = 8_192

    /// Longest sleep, so that `shouldStop` is seen within this even at very low rates.
    static let maxSleep = Duration.milliseconds(250)

    static func run(
        plan: NDJSONPlan, world: World, streamSeed: UInt64,
        writer: inout any ResponseBodyWriter, shouldStop: () -> Bool = { false }
    ) async throws -> Int {
        let clock = ContinuousClock()
        let start = clock.now
        let nowMillis = Int64((Date.timeIntervalSinceReferenceDate + 978_307_200) * 1000)
        var generator = StreamGenerator(
            dataType: plan.dataType, world: world, streamSeed: streamSeed, startMillis: nowMillis)
        var batch = EncodedBatch()
        var sent = 0
        while sent < plan.total, !shouldStop() {
            let now = clock.now
            let due = min(plan.total, Int(start.duration(to: now).seconds * plan.rate) + 1)
            if due > sent {
                let count = min(due - sent, maxChunk)
                batch.removeAll()
                generator.generate(count: count, into: &batch)
                var buffer = ByteBufferAllocator().buffer(capacity: batch.bytes.count + count)
                for index in 0..<batch.count {
                    buffer.writeBytes(batch.value(at: index))
                    buffer.writeInteger(UInt8(ascii: "\n"))
                }
                try await writer.write(buffer)
                sent += batch.count
                if batch.count < count { break }  // the generator has nothing more (a finished range)
                continue
            }
            let nextDue = start.advanced(by: .seconds(Double(sent) / plan.rate))
            try await clock.sleep(until: min(max(nextDue, now.advanced(by: tick)), now.advanced(by: maxSleep)))
        }
        return sent
    }
}

/// Counts open NDJSON responses and hands out distinct stream seeds, so two clients get
/// different records.
final class NDJSONActivity: Sendable {
    private let count = Atomic<Int>(0)
    private let seeds = Atomic<UInt64>(0x4E44_4A53_4F4E_0000)

    var open: Int { count.load(ordering: .acquiring) }
    func opened() { count.add(1, ordering: .acquiringAndReleasing) }
    func closed() { count.subtract(1, ordering: .acquiringAndReleasing) }
    func nextSeed() -> UInt64 { seeds.add(1, ordering: .relaxed).newValue }
}
