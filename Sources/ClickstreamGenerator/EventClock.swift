import ClickstreamModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads wall time in milliseconds since the epoch. Injectable so tests of realtime and
/// accelerated modes are deterministic.
@PublicMemberwiseInit
public struct WallClock: Sendable {
    public let now: @Sendable () -> Int64

    /// `clock_gettime(CLOCK_REALTIME)`.
    public static let system = WallClock {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// Keeps simulated event time in step with wall time (realtime, accelerated modes).
///
/// The session engine's event rate is what the population produces; the daemon pulls at
/// its own target rate. The pacer compares simulated time with `start + elapsed × factor`
/// and scales session arrivals: ahead → more sessions per simulated second (time slows),
/// behind → fewer; far behind (the stream was idle) → jump forward.
struct EventPacer: Sendable {
    let clock: WallClock
    let factor: Double
    let startMillis: Int64
    let wallStart: Int64

    init(clock: WallClock, factor: Double, startMillis: Int64) {
        self.clock = clock
        self.factor = factor
        self.startMillis = startMillis
        wallStart = clock.now()
    }

    /// Event time the simulation should be at now.
    func target() -> Int64 {
        startMillis + Int64(Double(clock.now() - wallStart) * factor)
    }

    /// New arrival-rate scale for an error of `simulated - target` milliseconds.
    func adjust(scale: Double, errorMillis: Int64) -> Double {
        let seconds = Double(errorMillis) / (1000 * max(factor, 1e-9))
        let step = max(-0.3, min(0.3, seconds * 0.1))
        return max(1e-6, min(1e9, scale * fastExp(step)))
    }
}
