import ClickstreamModel
import Foundation
import Synchronization
import Testing

@testable import ClickstreamGenerator

/// backfill-then-live: history as fast as it is pulled, then the same simulation at the wall
/// clock's pace (StreamGenerator with `liveClock`).
@Suite("Backfill then live")
struct BackfillThenLiveTests {
    /// A wall clock the test moves.
    final class TestClock: Sendable {
        let millis: Atomic<Int64>
        init(_ millis: Int64) { self.millis = Atomic(millis) }
        var wall: WallClock { WallClock { [self] in millis.load(ordering: .relaxed) } }
        func advance(_ by: Int64) { millis.add(by, ordering: .relaxed) }
    }

    struct Event {
        var timestamp: Int64
        var session: String
        var user: String
    }

    /// Pulls in batches of `batch` until the generator has caught up with its clock.
    static func drain(_ g: inout StreamGenerator, batch size: Int = 300) throws -> [Event] {
        var batch = EncodedBatch()
        var events: [Event] = []
        repeat {
            batch.removeAll()
            g.generate(count: size, into: &batch)
            for i in 0..<batch.count {
                let o = try object(String(decoding: batch.value(at: i), as: UTF8.self))
                events.append(
                    Event(
                        timestamp: batch.records[i].timestampMillis, session: o["session_id"] as? String ?? "",
                        user: o["user_id"] as? String ?? ""))
            }
        } while !g.isCaughtUp
        return events
    }

    /// 200,000 users: ~1 session start a second, several events a second.
    static var config: GeneratorConfig {
        var c = smallConfig()
        c.userCount = 200_000
        return c
    }

    @Test("the history is the backfill of the same range, record for record, and stops at now")
    func historyIsTheBackfill() {
        let now = jan2025 + 3 * 3_600_000
        let clock = TestClock(now)
        var live = StreamGenerator(
            dataType: .interactions, world: World(config: Self.config), streamSeed: 3,
            timeMode: .backfillThenLive(from: .before(millis: 3 * 3_600_000)),
            startMillis: now, clock: clock.wall)
        var batch = EncodedBatch()
        repeat { live.generate(count: 777, into: &batch) } while !live.isCaughtUp
        #expect(batch.count > 1000)
        #expect(batch.records.allSatisfy { $0.timestampMillis <= now })
        #expect(live.eventTimeMillis > now)
        let history = (0..<batch.count).map { String(decoding: batch.value(at: $0), as: UTF8.self) }
        // A backfill of the same hours, cut where the live stream caught up.
        let past = run(
            .interactions, config: Self.config, mode: .backfill(fromMillis: jan2025, toMillis: now),
            total: history.count + 500, batchSize: 1000)
        let cut = past.records.prefix { $0.timestampMillis <= now }.count
        #expect(cut == history.count)
        #expect(Array(past.values.prefix(cut)) == history)
    }

    @Test("at the switch sessions carry on, event time has no gap or overlap, then follows the wall clock")
    func switchKeepsSessions() throws {
        let switchAt = jan2025 + 2 * 3_600_000
        let clock = TestClock(switchAt)
        var g = StreamGenerator(
            dataType: .interactions, world: World(config: Self.config), streamSeed: 5,
            timeMode: .backfillThenLive(from: .at(millis: jan2025)),
            startMillis: switchAt, clock: clock.wall)
        let history = try Self.drain(&g)
        #expect(history.first.map { $0.timestamp >= jan2025 } == true)
        #expect(history.allSatisfy { $0.timestamp <= switchAt })

        // Ten minutes of live time, the clock moving a second at a time.
        var live: [Event] = []
        for _ in 0..<600 {
            clock.advance(1000)
            let now = clock.millis.load(ordering: .relaxed)
            let step = try Self.drain(&g, batch: 50)
            #expect(step.allSatisfy { $0.timestamp <= now }, "ran ahead of the wall clock")
            #expect(g.eventTimeMillis > now, "fell behind the wall clock")
            live += step
        }
        let all = history + live
        // No overlap: one event-time order across the switch.
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        // No gap: the ten minutes after the switch hold about as many events as the ten before.
        let before = history.filter { $0.timestamp > switchAt - 600_000 }.count
        #expect(before > 500)
        #expect(
            Double(live.count) > 0.6 * Double(before) && Double(live.count) < 1.6 * Double(before),
            "\(before) → \(live.count)")
        let firstLive = try #require(live.first)
        #expect(firstLive.timestamp - history.last!.timestamp < 10_000)
        // Sessions open at the switch continue with the same id and user.
        let users = Dictionary(history.map { ($0.session, $0.user) }, uniquingKeysWith: { a, _ in a })
        let continued = live.filter { users[$0.session] != nil }
        #expect(Set(continued.map(\.session)).count >= 5)
        #expect(continued.allSatisfy { users[$0.session] == $0.user })
    }

    @Test("a start in the future waits for it; relative starts count back from the stream's start")
    func futureAndRelativeStarts() {
        let clock = TestClock(jan2025)
        var g = StreamGenerator(
            dataType: .interactions, world: World(config: Self.config),
            timeMode: .backfillThenLive(from: .at(millis: jan2025 + 60_000)),
            startMillis: jan2025, clock: clock.wall)
        var batch = EncodedBatch()
        g.generate(count: 100, into: &batch)
        #expect(batch.isEmpty && g.isCaughtUp && !g.isFinished)
        clock.advance(120_000)
        g.generate(count: 100, into: &batch)
        #expect(!batch.isEmpty)
        #expect(
            batch.records.allSatisfy {
                $0.timestampMillis >= jan2025 + 60_000 && $0.timestampMillis <= jan2025 + 120_000
            })
        #expect(
            StreamGenerator.streamStart(
                timeMode: .backfillThenLive(from: .before(millis: 86_400_000)), startMillis: jan2025)
                == jan2025 - 86_400_000)
    }
}
