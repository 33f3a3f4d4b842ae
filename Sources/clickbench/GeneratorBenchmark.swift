import ArgumentParser
import ClickstreamGenerator
import ClickstreamModel
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for timing.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds of this thread: the fair measure on a shared, loaded machine.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Throughput of generation + JSON encoding on one core, the full session engine included.
struct GeneratorBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generator",
        abstract: "Records generated and encoded per second, one core, per wire format.")

    /// Said in the banner: a debug build's figures are no benchmark.
    #if DEBUG
    static let buildKind = "DEBUG (not a benchmark: use -c release)"
    #else
    static let buildKind = "release"
    #endif

    @Option(help: "Interactions to generate.") var interactions = 5_000_000
    @Option(help: "Session records to generate.") var sessions = 500_000
    @Option(help: "Users and products to generate (each).") var entities = 2_000_000
    @Option(help: "Records per batch.") var batchSize = 1000
    @Option(help: "Population size.") var users = 100_000
    @Option(help: "Catalogue size.") var products = 50_000
    @Flag(help: "Only the original seven interaction types.") var originalTypes = false
    @Option(help: "Print this many sample records of each type and exit.") var show = 0
    @Option(help: "Measure only this data type (users, products, interactions, sessions, interactions-realtime).")
    var only: String?
    @Option(
        help: "Print an FNV-1a digest of this many records of each type (values, keys, kinds, timestamps) and exit.")
    var checksum = 0
    @Option(
        help:
            "Simulate a realtime stream pulled at this many records/s on a virtual clock: print open sessions, session time scale and dropped starts every 10 simulated seconds, and exit."
    )
    var paced = 0
    @Option(help: "Simulated seconds of --paced.") var pacedSeconds = 120
    @Option(help: "Session-table cap (generator.session.max_open_sessions).") var maxOpenSessions = SessionConfig()
        .maxOpenSessions
    @Option(parsing: .upToNextOption, help: "Wire formats to measure, each in turn: json, avro, protobuf, json_schema.")
    var formats: [RecordFormat] = [.json]

    mutating func run() throws {
        var config = GeneratorConfig()
        config.userCount = users
        config.productCount = products
        config.extendedInteractionTypes = !originalTypes
        config.session.maxOpenSessions = maxOpenSessions
        try config.validate()
        let t0 = monotonicSeconds()
        let world = World(config: config)
        print(
            "clickbench generator — \(Self.buildKind) build, one thread (rates per CPU-second of that thread), seed \(config.seed), \(users) users, \(products) products, batch \(batchSize)"
        )
        print(String(format: "  world build (popularity tables): %.1f ms", (monotonicSeconds() - t0) * 1000))
        let backfill = TimeMode.backfill(fromMillis: 1_735_689_600_000, toMillis: 1_735_689_600_000 + 3650 * 86_400_000)
        if paced > 0 {
            simulatePaced(world: world)
            return
        }
        if checksum > 0 {
            for type in DataType.allCases {
                var g = StreamGenerator(dataType: type, world: world, streamSeed: 1, timeMode: backfill, startMillis: 0)
                var batch = EncodedBatch()
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                var bytes = 0
                var done = 0
                func mix(_ b: UInt8) { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
                while done < checksum && !g.isFinished {
                    g.generate(count: min(997, checksum - done), into: &batch)
                    for i in 0..<batch.count {
                        for b in batch.value(at: i) { mix(b) }
                        mix(0)
                        for b in batch.key(at: i) { mix(b) }
                        mix(batch.records[i].kind.rawValue)
                        let t = batch.records[i].timestampMillis
                        for k in 0..<8 { mix(UInt8(truncatingIfNeeded: t >> (8 * Int64(k)))) }
                        bytes += batch.records[i].value.count
                    }
                    done += batch.count
                    batch.removeAll()
                }
                print("  \(type): \(done) records, \(bytes) bytes, digest \(String(hash, radix: 16))")
            }
            return
        }
        if show > 0 {
            for type in DataType.allCases {
                var g = StreamGenerator(dataType: type, world: world, streamSeed: 1, timeMode: backfill, startMillis: 0)
                var batch = EncodedBatch()
                g.generate(count: type == .sessions || type == .interactions ? show * 20 : show, into: &batch)
                for i in stride(from: 0, to: batch.count, by: max(1, batch.count / show)).prefix(show) {
                    print(String(decoding: batch.value(at: i), as: UTF8.self))
                }
            }
            return
        }
        for format in formats {
            if formats.count > 1 || format != .json { print("  format \(format.rawValue):") }
            // Registry formats carry a schema id; its value does not change the cost.
            let encoding = RecordEncoding(format: format, schemaID: format.needsRegistry ? 1 : 0)
            if only == nil || only == "users" {
                measure("users", count: entities, world: world, type: .users, mode: backfill, encoding: encoding)
            }
            if only == nil || only == "products" {
                measure("products", count: entities, world: world, type: .products, mode: backfill, encoding: encoding)
            }
            if only == nil || only == "interactions" {
                measure(
                    "interactions", count: interactions, world: world, type: .interactions, mode: backfill,
                    encoding: encoding)
            }
            if only == nil || only == "sessions" {
                measure("sessions", count: sessions, world: world, type: .sessions, mode: backfill, encoding: encoding)
            }
            if only == nil || only == "interactions-realtime" {
                // What `stream start --rate 0` in the default time mode asks: event time held to the
                // wall clock while records are pulled as fast as possible, so the session table runs
                // at its cap (time inside sessions compressed).
                measure(
                    "interactions, realtime unpaced", count: interactions / 2, world: world, type: .interactions,
                    mode: .realtime, startMillis: Int64(Date().timeIntervalSince1970 * 1000), encoding: encoding)
            }
        }
    }

    /// A realtime interactions stream whose wall clock advances by `batchSize / paced` seconds
    /// per batch: the session table under a sustained rate, without waiting for real time.
    func simulatePaced(world: World) {
        final class VirtualClock: @unchecked Sendable { var millis: Double = 1_750_000_000_000 }
        let wall = VirtualClock()
        let start = Int64(wall.millis)
        var g = StreamGenerator(
            dataType: .interactions, world: world, streamSeed: 1, timeMode: .realtime,
            startMillis: start, clock: WallClock { Int64(wall.millis) })
        var batch = EncodedBatch(byteCapacity: batchSize * 1024, recordCapacity: batchSize)
        let perBatch = Double(batchSize) * 1000 / Double(paced)
        print("  paced \(paced)/s, cap \(g.maxOpenSessions) open sessions (virtual clock)")
        print("  sim s   open sessions   time scale   dropped starts   event time - wall (s)   CPU s")
        var nextReport = 10_000.0
        let cpuStart = threadCPUSeconds()
        while wall.millis - Double(start) < Double(pacedSeconds) * 1000 {
            g.generate(count: batchSize, into: &batch)
            batch.removeAll()
            wall.millis += perBatch
            if wall.millis - Double(start) >= nextReport {
                nextReport += 10_000
                let lag = Double(g.eventTimeMillis - Int64(wall.millis)) / 1000
                print(
                    String(
                        format: "  %5.0f   %13d   %10.4f   %14llu   %21.1f   %5.2f",
                        (wall.millis - Double(start)) / 1000,
                        g.openSessionCount, g.sessionTimeScale, g.droppedSessionStarts, lag,
                        threadCPUSeconds() - cpuStart))
            }
        }
    }

    func measure(
        _ name: String, count: Int, world: World, type: DataType, mode: TimeMode, startMillis: Int64 = 0,
        encoding: RecordEncoding = .json
    ) {
        var generator = StreamGenerator(
            dataType: type, world: world, streamSeed: 1, timeMode: mode, startMillis: startMillis,
            encoding: encoding)
        var batch = EncodedBatch(byteCapacity: batchSize * 1024, recordCapacity: batchSize)
        // Warm up: grow the batch and the engine's pools, then time steady state.
        generator.generate(count: min(count / 10, 50_000), into: &batch)
        batch.removeAll()
        var done = 0
        var bytes = 0
        var valueBytes = 0
        let start = monotonicSeconds()
        let cpuStart = threadCPUSeconds()
        while done < count {
            let n = min(batchSize, count - done)
            generator.generate(count: n, into: &batch)
            done += batch.count
            bytes += batch.bytes.count
            for record in batch.records { valueBytes += record.value.count }
            batch.removeAll()
            if generator.isFinished { break }
        }
        let wall = monotonicSeconds() - start
        let seconds = threadCPUSeconds() - cpuStart
        let perSecond = Double(done) / seconds
        let megabytes: Double = Double(bytes) / seconds / 1e6
        let perRecord: Double = Double(valueBytes) / Double(max(done, 1))
        let nanos: Double = seconds * 1e9 / Double(max(done, 1))
        let label = name.padding(toLength: max(13, name.count), withPad: " ", startingAt: 0)
        let figures = String(
            format: "%9d records in %6.3f s CPU = %9.0f records/s  %6.1f MB/s", done, seconds, perSecond, megabytes)
        let unit = String(format: "(value %4.0f B/record, %4.0f ns/record)", perRecord, nanos)
        let wallRate = String(format: "wall %.3f s = %.0f/s", wall, Double(done) / wall)
        print("  \(label) \(figures)  \(unit)  [\(wallRate)]")
        if type == .interactions || type == .sessions {
            print("                open sessions at end: \(generator.openSessionCount)")
        }
    }
}

extension RecordFormat: ExpressibleByArgument {}
