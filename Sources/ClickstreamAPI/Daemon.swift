import ClickstreamModel

/// The Kafka connection as the daemon sees it.
public enum KafkaState: String, Sendable, Codable {
    /// No broker configured: records go to the embedded default sink.
    case disabled
    case connecting
    case connected
    /// Configured but unreachable or failing; see `KafkaStatus.lastError`.
    case degraded
}

@PublicMemberwiseInit
public struct KafkaStatus: Sendable, Codable, Equatable {
    public var state: KafkaState
    public var bootstrapServers: String?
    /// Messages handed to librdkafka and not yet acknowledged.
    public var queueDepth: Int
    public var lastError: String?
    public var librdkafkaVersion: String?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case state, bootstrapServers, queueDepth, lastError, librdkafkaVersion
    }
}

/// Result of `health`: the original service's fields (status, timestamp, kafka_connected)
/// and the detail an operator needs.
@PublicMemberwiseInit
public struct HealthResult: Sendable, Codable, Equatable {
    /// "healthy", or "degraded" when Kafka or a database sink is configured and unreachable.
    public var status: String
    /// ISO-8601.
    public var timestamp: String
    public var kafkaConnected: Bool
    public var kafka: KafkaStatus
    public var version: String
    public var uptimeSeconds: Double
    public var activeStreams: Int
    /// The other sinks by name ("redis", "postgres"), configured or not.
    public var sinks: [String: SinkStatus]?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case status, timestamp, kafkaConnected, kafka, version, uptimeSeconds, activeStreams, sinks
    }
}

/// Totals over every stream since the daemon's state began (they survive restarts).
///
/// The totals keep the streams' identity: generated + duplicated = delivered + failed +
/// queued + dropped, where duplicated and dropped are what disorder injected on purpose
/// (0 for streams without disorder).
@PublicMemberwiseInit
public struct GlobalStats: Sendable, Codable, Equatable {
    public var totalGenerated: Int
    public var totalDelivered: Int
    public var totalFailed: Int
    public var totalQueued: Int
    public var totalDuplicated: Int = 0
    public var totalDropped: Int = 0
    public var currentRate: Double
    public var uptimeSeconds: Double

    /// Reads a daemon's result; the disorder totals are 0 when absent (daemons before disorder).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totalGenerated = try c.decode(Int.self, forKey: .totalGenerated)
        totalDelivered = try c.decode(Int.self, forKey: .totalDelivered)
        totalFailed = try c.decode(Int.self, forKey: .totalFailed)
        totalQueued = try c.decode(Int.self, forKey: .totalQueued)
        totalDuplicated = try c.decodeIfPresent(Int.self, forKey: .totalDuplicated) ?? totalDuplicated
        totalDropped = try c.decodeIfPresent(Int.self, forKey: .totalDropped) ?? totalDropped
        currentRate = try c.decode(Double.self, forKey: .currentRate)
        uptimeSeconds = try c.decode(Double.self, forKey: .uptimeSeconds)
    }

    enum CodingKeys: String, SnakeCaseCodingKey {
        case totalGenerated, totalDelivered, totalFailed, totalQueued, totalDuplicated, totalDropped, currentRate,
            uptimeSeconds
    }
}

/// Result of `stream.stats`: the original's global_stats / active_streams / cache_stats,
/// plus per-stream figures and Kafka's state.
public struct StreamStatsResult: Sendable, Codable, Equatable {
    public var globalStats: GlobalStats
    public var activeStreams: Int
    /// The original service cached sessions; clickstream derives everything from the seed.
    /// Kept for compatibility: the size of the session engines' open-session tables.
    public var cacheStats: [String: Int]
    public var streams: [StreamInfo]
    public var kafka: KafkaStatus

    /// `activeStreams` counts the `streams` running.
    public init(globalStats: GlobalStats, cacheStats: [String: Int], streams: [StreamInfo], kafka: KafkaStatus) {
        self.globalStats = globalStats
        activeStreams = streams.filter { $0.state == .running }.count
        self.cacheStats = cacheStats
        self.streams = streams
        self.kafka = kafka
    }

    enum CodingKeys: String, SnakeCaseCodingKey {
        case globalStats, activeStreams, cacheStats, streams, kafka
    }
}

/// Result of `config.reload`.
@PublicMemberwiseInit
public struct ConfigReloadResult: Sendable, Codable, Equatable {
    public var reloaded: Bool
    public var message: String
    public var configPath: String

    enum CodingKeys: String, SnakeCaseCodingKey {
        case reloaded, message, configPath
    }
}

/// Result of `daemon.version`.
@PublicMemberwiseInit
public struct VersionResult: Sendable, Codable, Equatable {
    public var version: String
    public var librdkafka: String
    public var pid: Int32
}

/// The version of clickstream, reported by `daemon.version`, `clickctl version` and `GET /`.
public let clickstreamVersion = "0.1.0"

/// Where clickstreamd listens and clickctl looks by default (override: `--socket`,
/// CLICKSTREAM_SOCKET). `make run` uses ./var/run/clickstreamd.sock instead.
public let defaultSocketPath = "/run/clickstream/clickstreamd.sock"
