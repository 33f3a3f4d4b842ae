import ClickstreamModel

/// Whether a stream keeps up with its target rate, and if not, why: part of every
/// `StreamInfo`, so that a stream asked for 300k/s that runs at 135k/s says so in
/// `stream.status`, `stream.stats`, /metrics and clickctl instead of falling behind silently.
@PublicMemberwiseInit
public struct StreamPace: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Rate 0 (as fast as the sink takes): there is no target to miss.
        case unpaced = "unpaced"
        case onTarget = "on_target"
        /// More than `StreamPace.behindThreshold` behind its schedule.
        case behind
    }

    /// Why a stream is behind.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// The sink cannot take records as fast as asked (Kafka's queue full, a slow disk).
        case sinkBackpressure = "sink_backpressure"
        /// The sink is down (no Kafka broker reachable) or failing writes.
        case sinkDown = "sink_down"
        /// Generation itself takes the time: the daemon is short of CPU.
        case generator
    }

    public var state: State
    public var reason: Reason?
    /// Details of the reason (the sink's last error), when there are any.
    public var detail: String?
    /// ISO-8601 start of the current episode of being behind.
    public var behindSince: String?
    /// How far behind schedule the stream is, in seconds of its schedule.
    public var lagSeconds: Double = 0
    /// Episodes of being behind since the stream (re)started.
    public var episodes: Int = 0

    public static let unpaced = StreamPace(state: .unpaced)

    /// One line for people: "on target", "behind (sink_backpressure: …)".
    public var summary: String {
        switch state {
        case .unpaced: "unpaced"
        case .onTarget: "on target"
        case .behind: "behind" + (reason.map { " (\($0.rawValue)\(detail.map { ": \($0)" } ?? ""))" } ?? "")
        }
    }

    enum CodingKeys: String, SnakeCaseCodingKey {
        case state, reason, detail, behindSince, lagSeconds, episodes
    }
}
