import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel
import Foundation
import Logging
import Synchronization

/// One running (or finished) stream: generates batches into a reused buffer, hands them to
/// its sink and paces itself with `RatePacer`.
///
/// The loop allocates nothing per event once warm: one `EncodedBatch` is reused, counters
/// are atomics, the rate meter samples at most twice a second.
final class StreamWorker: Sendable {
    /// What the stream is now: its definition as started, with the rate and schedule of the
    /// last `stream.update` (`RatePlan`).
    var definition: StreamDefinition { plan.withLock { $0.definition } }
    let counters: StreamCounters
    let meter = RateMeter()
    /// Fired to end the current run (the runner cancels the worker's task).
    let stopSignal = StopSignal()
    /// Output file or Kafka topic, for status output.
    let destinationDescription: String

    private let sink: any RecordSink
    let world: World
    private let shard: Shard
    /// The values' wire format, with the schema id registered at start.
    let encoding: RecordEncoding
    private let logger: Logger
    private let status: Mutex<Status>
    /// The file sink's directory, where a stream with `truth` writes its aggregates.
    private let truthDirectory: String?
    let plan: Mutex<RatePlan>
    /// Bumped by `update`; the loop compares it once per batch (a relaxed load) and takes the
    /// new plan when it moved.
    let planVersion = Atomic<Int>(0)

    struct Status: Sendable {
        var state: StreamState
        var startedAt: Date
        /// Seconds run before the current run (earlier daemon lifetimes).
        var elapsedBefore: Double
        var runningSince: ContinuousClock.Instant?
        var lastError: String?
        var pace: StreamPace
    }

    init(
        definition: StreamDefinition, sink: any RecordSink, destinationDescription: String, world: World,
        shard: Shard, encoding: RecordEncoding = .json, counters: StreamCounters, startedAt: Date,
        elapsedBefore: Double,
        state: StreamState, lastError: String?, logger: Logger, truthDirectory: String? = nil
    ) {
        plan = Mutex(RatePlan(definition: definition))
        self.sink = sink
        self.destinationDescription = destinationDescription
        self.world = world
        self.shard = shard
        self.encoding = encoding
        self.counters = counters
        self.logger = logger
        self.truthDirectory = truthDirectory
        status = Mutex(
            Status(
                state: state, startedAt: startedAt, elapsedBefore: elapsedBefore, runningSince: nil,
                lastError: lastError, pace: definition.isPaced ? StreamPace(state: .onTarget) : .unpaced))
    }

    var state: StreamState { status.withLock { $0.state } }
    var startedAt: Date { status.withLock { $0.startedAt } }

    /// Seconds this stream has run, over every daemon lifetime.
    var elapsedSeconds: Double {
        status.withLock { s in s.elapsedBefore + (s.runningSince.map { (ContinuousClock.now - $0).seconds } ?? 0) }
    }

    /// Marks the end of a run; `state` is what the stream is now (stopped, finished, or
    /// running when it was only interrupted by a shutdown and resumes on the next start).
    func markEnded(_ state: StreamState) {
        status.withLock { s in
            s.pace = definition.isPaced ? StreamPace(state: .onTarget, episodes: s.pace.episodes) : .unpaced
            if let since = s.runningSince { s.elapsedBefore += (ContinuousClock.now - since).seconds }
            s.runningSince = nil
            s.state = state
        }
        meter.reset()
    }

    /// Runs until cancelled, the count or duration is reached, or the sink fails for good.
    /// Returns the state the stream ended in (`running` when cancelled).
    func run() async -> StreamState {
        let clock = ContinuousClock()
        let runStart = clock.now
        status.withLock {
            $0.runningSince = runStart
            $0.state = .running
        }
        let signals = PaceSignals()
        // The pace is watched beside the worker, as a child task that ends with the run (an
        // update may make an unpaced stream paced).
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watchPace(signals, runStart: runStart) }
            let end = await produce(runStart: runStart, signals: signals)
            group.cancelAll()
            return end
        }
    }

    /// Checks the pace four times a second until cancelled; logs and publishes what it finds.
    private func watchPace(_ signals: PaceSignals, runStart: ContinuousClock.Instant) async {
        var watch = PaceWatch(paced: true)
        let clock = ContinuousClock()
        while true {
            do { try await Task.sleep(for: PaceWatch.interval) } catch { return }
            let now = clock.now
            guard definition.isPaced else {
                status.withLock { $0.pace = .unpaced }
                continue
            }
            let action = watch.check(signals, elapsed: now - runStart, now: now, sinkProblem: { sink.problem })
            report(action, pace: watch.monitor)
        }
    }

    /// The generate → write loop, then what disorder still holds sent and the truth written.
    private func produce(runStart: ContinuousClock.Instant, signals: PaceSignals) async -> StreamState {
        var shaping = StreamShaping(
            spec: definition.spec, topic: definition.topic,
            seed: Self.seed(for: definition.id) &+ UInt64(counters.generated), counters: counters,
            truthDirectory: truthDirectory)
        let end = await generateAndWrite(runStart: runStart, signals: signals, shaping: &shaping)
        if let held = shaping.finish() {
            try? await sink.write(held, destination: definition.topic, streamID: definition.id, tally: counters.tally)
        }
        if let problem = shaping.truthError { status.withLock { $0.lastError = problem } }
        return end
    }

    private func generateAndWrite(
        runStart: ContinuousClock.Instant, signals: PaceSignals, shaping: inout StreamShaping
    ) async -> StreamState {
        let clock = ContinuousClock()
        let elapsedBefore = status.withLock { $0.elapsedBefore }
        var seenPlan = planVersion.load(ordering: .acquiring)
        let definition = self.definition
        let timeMode = Self.resumed(definition.timeMode, at: counters.eventTimeMillis)
        let startMillis: Int64 =
            switch timeMode {
            case .backfill(let from, _): from
            default: Int64(Date().timeIntervalSince1970 * 1000)
            }
        // A resumed stream continues with fresh records rather than repeating its first ones.
        var generator = StreamGenerator(
            dataType: definition.dataType, world: world,
            streamSeed: Self.seed(for: definition.id) &+ UInt64(counters.generated),
            shard: shard, timeMode: timeMode, startMillis: startMillis, encoding: encoding)
        generator.collectsFacts = shaping.wantsFacts
        var batch = EncodedBatch(byteCapacity: 1 << 16, recordCapacity: max(16, definition.batchSize))
        let eventClock = EventClock(timeMode: timeMode, startMillis: startMillis, runStart: runStart)
        var pacer = RatePacer(
            curve: startCurve(definition, at: runStart, eventClock: eventClock), maxBatchSize: definition.batchSize,
            start: runStart)
        let durationLimit = definition.duration.map { max(0, $0 - elapsedBefore) }
        var consecutiveFailures = 0

        while !Task.isCancelled {
            if planVersion.load(ordering: .acquiring) != seenPlan {
                // stream.update: the new curve starts now, from what was emitted so far.
                seenPlan = planVersion.load(ordering: .acquiring)
                let now = clock.now
                pacer.replace(startCurve(self.definition, at: now, eventClock: eventClock), now: now)
            }
            var size = pacer.batchSize
            if let maxCount = definition.maxCount {
                let remaining = maxCount - counters.generated
                if remaining <= 0 { return .finished }
                size = min(size, remaining)
            }
            if let due = pacer.nextDue {
                if let limit = durationLimit, (due - runStart).seconds >= limit { break }
                if due > clock.now {
                    // Wakes at least every RatePlan.updateLatency, so an update is taken promptly.
                    let wake = min(due, clock.now + RatePlan.updateLatency)
                    do { try await Task.sleep(until: wake, tolerance: .microseconds(200), clock: clock) } catch {
                        return .running
                    }
                    if wake < due { continue }
                }
                signals.dueNanos.store(PaceSignals.nanos(due - runStart), ordering: .relaxed)
                if pacer.rebaseIfLagging(now: clock.now) { signals.resets.add(1, ordering: .relaxed) }
            } else if let limit = durationLimit, (clock.now - runStart).seconds >= limit {
                break
            }

            batch.removeAll()
            generator.generate(count: size, into: &batch)
            if batch.isEmpty, generator.isFinished { return .finished }  // a backfill range is done
            if batch.isEmpty, generator.isCaughtUp {
                // Backfill-then-live has reached now: sleep until its next event is due. The rate
                // schedule owes nothing after the wait (waiting for the clock is not being behind).
                let wait = Self.liveWait(untilMillis: generator.eventTimeMillis)
                signals.dueNanos.store(PaceSignals.nanos(clock.now + wait - runStart), ordering: .relaxed)
                do { try await Task.sleep(for: wait) } catch { return .running }
                pacer.settle(now: clock.now)
                continue
            }
            counters.recordGenerated(batch.count)
            counters.recordSessionTable(
                open: generator.openSessionCount,
                droppedStarts: Int(clamping: generator.droppedSessionStarts))
            counters.recordEventTime(generator.eventTimeMillis)
            if shaping.isActive {
                shaping.apply(batch, facts: &generator.facts, eventTime: generator.eventTimeMillis)
            }
            do {
                let writeStart = clock.now
                try await sink.write(
                    shaping.outgoing(batch), destination: definition.topic, streamID: definition.id,
                    tally: counters.tally)
                signals.sinkNanos.add(PaceSignals.nanos(clock.now - writeStart), ordering: .relaxed)
                consecutiveFailures = 0
            } catch {
                // The sink has counted the batch failed. Back off; give up after a run of failures.
                consecutiveFailures += 1
                let message = "\(error)"
                status.withLock { $0.lastError = message }
                logger.warning("stream write failed", metadata: ["stream": "\(definition.id)", "error": "\(message)"])
                if consecutiveFailures >= 30 { return .failed }
                do { try await Task.sleep(for: .seconds(1)) } catch { return .running }
            }
            pacer.recordEmitted(batch.count)
            if generator.isCaughtUp { pacer.settle(now: clock.now) }  // live, everything due is out
            meter.observe(total: counters.generated, at: clock.now)
            if pacer.curve == nil { await Task.yield() }
        }
        if Task.isCancelled { return .running }
        return .finished
    }

    /// How long a live stream sleeps for an event due at `millis`: at least 1 ms (a fast
    /// stream collects a few events per wake-up instead of spinning), at most
    /// `RatePlan.updateLatency` (an update is taken promptly; the wall clock may be stepped).
    static func liveWait(untilMillis millis: Int64) -> Duration {
        min(RatePlan.updateLatency, .milliseconds(max(1, millis - WallClock.system.now())))
    }

    /// Logs the start or end of an episode of being behind (once each) and publishes the state.
    private func report(_ action: PaceMonitor.Action, pace monitor: PaceMonitor) {
        let snapshot = monitor.snapshot { since in
            ISO8601.string(Date(timeIntervalSinceNow: -(ContinuousClock.now - since).seconds))
        }
        status.withLock { $0.pace = snapshot }
        let metadata: Logger.Metadata = [
            "stream": "\(definition.id)", "name": "\(definition.name)",
            "target_rate": "\(targetRate)", "achieved_rate": "\(Int(meter.rate(now: .now)))",
        ]
        switch action {
        case .none:
            break
        case .fellBehind(let reason, let detail):
            logger.warning(
                "stream behind its target rate",
                metadata: metadata.merging(
                    ["reason": "\(reason.rawValue)", "detail": "\(detail ?? "")"]) { $1 })
        case .caughtUp(let after):
            logger.info(
                "stream back on its target rate",
                metadata: metadata.merging(
                    ["behind_seconds": "\(Int(after.seconds.rounded()))"]) { $1 })
        }
    }

    /// This stream's figures now.
    func info() -> StreamInfo {
        let definition = self.definition  // one snapshot of the plan, as updated
        let s = status.withLock { $0 }
        let now = ContinuousClock.now
        let uptime = s.elapsedBefore + (s.runningSince.map { (now - $0).seconds } ?? 0)
        return StreamInfo(
            streamId: definition.id, name: definition.name, dataType: definition.dataType, sink: definition.sink,
            destination: destinationDescription, state: s.state,
            targetRate: s.state == .running ? targetRate : definition.rate,
            achievedRate: s.state == .running ? meter.rate(now: now) : 0,
            generated: counters.generated, delivered: counters.delivered, failed: counters.failed,
            queued: counters.queued,
            lastError: counters.lastError ?? s.lastError, maxCount: definition.maxCount, duration: definition.duration,
            startedAt: ISO8601.string(s.startedAt), uptimeSeconds: uptime,
            pace: s.state == .running ? s.pace : (definition.isPaced ? StreamPace(state: .onTarget) : .unpaced),
            disorder: definition.spec.disorder == nil ? nil : counters.disorder.snapshot,
            schedule: definition.schedule == .constant ? nil : definition.schedule.description,
            timeMode: definition.timeMode.description)
    }

    var lastError: String? { counters.lastError ?? status.withLock { $0.lastError } }

    /// The time mode a run goes on in: a backfill (or the history of a backfill-then-live
    /// stream) that already reached `reached` in an earlier run continues from there, so a
    /// restart neither repeats its range nor leaves a gap in event time. Sessions open at the
    /// stop end with it: the new run's simulation starts at `reached` with none open.
    static func resumed(_ mode: TimeMode, at reached: Int64?) -> TimeMode {
        guard let reached else { return mode }
        switch mode {
        case .backfill(let from, let to) where reached > from:
            return .backfill(fromMillis: min(reached, to), toMillis: to)
        case .backfillThenLive:
            return .backfillThenLive(from: .at(millis: reached))
        default:
            return mode
        }
    }

    /// A stable per-stream seed (FNV-1a of the id), so two streams of one daemon differ.
    static func seed(for id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// ISO-8601 timestamps for results and logs.
enum ISO8601 {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
