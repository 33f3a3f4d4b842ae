import ClickstreamModel

/// A database sink (Redis, PostgreSQL) as the daemon sees it, for `health`.
@PublicMemberwiseInit
public struct SinkStatus: Sendable, Codable, Equatable {
    /// disabled (not configured), connecting, connected, or degraded (reconnecting or
    /// refusing writes; see `lastError`).
    public var state: KafkaState
    /// Where it writes, without credentials (`redis://host:6379/0`).
    public var endpoint: String?
    /// Records taken and not yet acknowledged.
    public var queueDepth: Int
    public var lastError: String?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case state, endpoint, queueDepth, lastError
    }
}
