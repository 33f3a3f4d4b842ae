import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel
import Synchronization

/// Between a stream's generator and its sink: delays, duplicates and drops records on purpose
/// (`DisorderSpec`), labelling each record it sends out of the ordinary (`Injection`).
///
/// For each generated record, in order, one draw of a PRNG seeded per stream decides: drop
/// it (counted, never sent), send it and hold a copy labelled `duplicate` for up to 1 s, hold
/// it labelled `late` for up to the maximum lateness, hold it labelled `out_of_order` for up
/// to the window, or send it now. Delays are uniform draws in (0, max] and are in event time:
/// a held record is released just before the first record whose event time reaches its due
/// time, so the records sent before it are newer by less than its delay, whatever the
/// stream's rate or time mode (a backfill is disordered exactly like a live stream, and the
/// same stream id gives the same decisions). At the end of a run every held record is sent.
struct DisorderStage {
    private var random: Random
    /// Cumulative thresholds of the one uniform draw per record.
    private let dropBelow: Double
    private let duplicateBelow: Double
    private let lateBelow: Double
    private let outOfOrderBelow: Double
    private let maxLateness: Int
    private let window: Int
    private var held = HeldRecords()
    let counters: DisorderCounters
    /// What to send this round, in order (reused).
    private(set) var out = EncodedBatch()
    /// Per record of the last batch applied: how many times it is sent (0 dropped, 1, or 2
    /// duplicated), for the stream's truth "as delivered".
    private(set) var copies: [UInt8] = []

    /// A re-sent copy follows its original by up to this much event time.
    static let duplicateDelayMillis = 1000

    init(spec: DisorderSpec, seed: UInt64, counters: DisorderCounters) {
        random = Random(state: Random.mix(seed ^ 0xD150_2DE2))
        dropBelow = spec.drop
        duplicateBelow = dropBelow + spec.duplicate
        lateBelow = duplicateBelow + spec.late.fraction
        outOfOrderBelow = lateBelow + spec.outOfOrder.fraction
        maxLateness = Int(spec.late.maxMillis)
        window = Int(spec.outOfOrder.maxMillis)
        self.counters = counters
    }

    /// Puts the records of `batch` to send now into `out`.
    mutating func apply(_ batch: EncodedBatch) {
        out.removeAll()
        copies.removeAll(keepingCapacity: true)
        var dropped = 0
        var duplicated = 0
        var late = 0
        var outOfOrder = 0
        for index in 0..<batch.count {
            let time = batch.records[index].timestampMillis
            while let due = held.nextDue, due <= time { held.releaseFirst(into: &out) }
            let draw = random.unit()
            copies.append(draw < dropBelow ? 0 : draw < duplicateBelow ? 2 : 1)
            if draw < dropBelow {
                dropped += 1
            } else if draw < duplicateBelow {
                send(batch, index)
                held.hold(batch, index, due: time + delay(Self.duplicateDelayMillis), injected: .duplicate)
                duplicated += 1
            } else if draw < lateBelow {
                held.hold(batch, index, due: time + delay(maxLateness), injected: .late)
                late += 1
            } else if draw < outOfOrderBelow {
                held.hold(batch, index, due: time + delay(window), injected: .outOfOrder)
                outOfOrder += 1
            } else {
                send(batch, index)
            }
        }
        counters.record(dropped: dropped, duplicated: duplicated, late: late, outOfOrder: outOfOrder, held: held.count)
    }

    /// Puts every held record into `out` (the end of a run).
    mutating func drain() {
        out.removeAll()
        while held.count > 0 { held.releaseFirst(into: &out) }
        counters.record(dropped: 0, duplicated: 0, late: 0, outOfOrder: 0, held: 0)
    }

    var isHolding: Bool { held.count > 0 }

    private mutating func delay(_ max: Int) -> Int64 { Int64(1 + random.below(max)) }

    private mutating func send(_ batch: EncodedBatch, _ index: Int) {
        var record = batch.records[index]
        let start = out.bytes.count
        out.bytes.append(contentsOf: batch.bytes[record.value])
        out.bytes.append(contentsOf: batch.bytes[record.key])
        record.value = start..<(start + record.value.count)
        record.key = record.value.upperBound..<out.bytes.count
        out.records.append(record)
    }
}

/// A stream's disorder figures. Dropped records are generated and never sent; duplicates are
/// sent on top of what was generated, so for a stream with disorder
/// generated + duplicated = delivered + failed + queued + dropped (held records are queued).
final class DisorderCounters: Sendable {
    private let _dropped: Atomic<Int>
    private let _duplicated: Atomic<Int>
    private let _late = Atomic<Int>(0)
    private let _outOfOrder = Atomic<Int>(0)
    private let _held = Atomic<Int>(0)

    init(dropped: Int = 0, duplicated: Int = 0) {
        _dropped = Atomic(dropped)
        _duplicated = Atomic(duplicated)
    }

    var dropped: Int { _dropped.load(ordering: .acquiring) }
    var duplicated: Int { _duplicated.load(ordering: .acquiring) }

    func record(dropped: Int, duplicated: Int, late: Int, outOfOrder: Int, held: Int) {
        _dropped.add(dropped, ordering: .releasing)
        _duplicated.add(duplicated, ordering: .releasing)
        _late.add(late, ordering: .relaxed)
        _outOfOrder.add(outOfOrder, ordering: .relaxed)
        _held.store(held, ordering: .relaxed)
    }

    /// The figures for `stream.stats` / `stream.status`.
    var snapshot: DisorderFigures {
        DisorderFigures(
            late: _late.load(ordering: .relaxed), outOfOrder: _outOfOrder.load(ordering: .relaxed),
            duplicated: duplicated, dropped: dropped, held: _held.load(ordering: .relaxed))
    }
}
