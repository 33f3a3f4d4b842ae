import ClickstreamModel
import Synchronization

/// The achieved rate of a stream over the last few seconds, from samples of its running
/// total taken as it works (at most two a second, so it costs nothing per event).
final class RateMeter: Sendable {
    private struct Sample {
        var at: ContinuousClock.Instant
        var total: Int
    }
    private let samples = Mutex<[Sample]>([])
    private let window: Duration = .seconds(5)
    private let spacing: Duration = .milliseconds(500)

    func observe(total: Int, at now: ContinuousClock.Instant) {
        samples.withLock { samples in
            if let last = samples.last, now - last.at < spacing { return }
            samples.append(Sample(at: now, total: total))
            while samples.count > 2, let first = samples.first, now - first.at > window { samples.removeFirst() }
        }
    }

    /// Records per second between the oldest and newest sample; 0 when idle for 2 s.
    func rate(now: ContinuousClock.Instant) -> Double {
        samples.withLock { samples in
            guard let first = samples.first, let last = samples.last, now - last.at < .seconds(2) else { return 0 }
            let seconds = (last.at - first.at).seconds
            guard seconds > 0.2 else { return 0 }
            return Double(last.total - first.total) / seconds
        }
    }

    func reset() { samples.withLock { $0.removeAll() } }
}
