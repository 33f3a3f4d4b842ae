import ClickstreamModel

/// Where a stream's records go.
public enum SinkKind: String, Sendable, Codable, CaseIterable {
    case kafka, file, stdout, redis, postgres
}

/// Params of `stream.start`: the one stream specification (see `StreamSpec`).
public typealias StreamStartParams = StreamSpec

@PublicMemberwiseInit
public struct StreamStartResult: Sendable, Codable, Equatable {
    public var streamId: String
    /// "started"
    public var status: String = "started"
    public var dataType: DataType
    public var rate: Double
    public var maxCount: Int?
    public var duration: Double?
    /// The rate schedule the stream follows (canonical string; nil: a constant `rate`).
    public var schedule: String?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, status, dataType, rate, maxCount, duration, schedule
    }
}

/// Params of `stream.stop`: one stream by id (or name), or all of them.
@PublicMemberwiseInit
public struct StreamStopParams: Sendable, Codable, Equatable {
    public var streamId: String?
    public var all: Bool = false

    enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, all
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streamId = try c.decodeIfPresent(String.self, forKey: .streamId)
        all = try c.decodeIfPresent(Bool.self, forKey: .all) ?? all
    }
}

@PublicMemberwiseInit
public struct StreamStopResult: Sendable, Codable, Equatable {
    public var streamId: String
    /// "stopped"
    public var status: String = "stopped"
    public var finalStats: StreamInfo
    /// With `all`: every stream that was stopped.
    public var stopped: [StreamInfo]?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, status, finalStats, stopped
    }
}

/// The life of a stream worker.
public enum StreamState: String, Sendable, Codable {
    case running
    /// Stopped by an operator; stays stopped across restarts.
    case stopped
    /// Reached its count or duration.
    case finished
    /// Stopped by an error it could not get past (see `lastError`).
    case failed
}

/// One stream's figures. generated = delivered + failed + queued, always; for a stream with
/// disorder, generated + duplicated = delivered + failed + queued + dropped (`disorder`).
@PublicMemberwiseInit
public struct StreamInfo: Sendable, Codable, Equatable {
    public var streamId: String
    public var name: String
    public var dataType: DataType
    public var sink: SinkKind
    /// Kafka topic or output file.
    public var destination: String
    public var state: StreamState
    public var targetRate: Double
    /// Records per second over the last few seconds.
    public var achievedRate: Double
    public var generated: Int
    public var delivered: Int
    public var failed: Int
    /// Handed to the sink, not yet acknowledged.
    public var queued: Int
    public var lastError: String?
    public var maxCount: Int?
    public var duration: Double?
    /// ISO-8601.
    public var startedAt: String
    public var uptimeSeconds: Double
    /// Whether the stream keeps up with `targetRate`, and why not when it does not.
    public var pace: StreamPace = .unpaced
    /// What the stream's disorder did (nil: the stream has none).
    public var disorder: DisorderFigures?
    /// The rate schedule now in force (canonical string; nil: a constant rate).
    public var schedule: String?
    /// The stream's time mode (canonical string).
    public var timeMode: String?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, name, dataType, sink, destination, state, targetRate, achievedRate, generated, delivered, failed,
            queued, lastError, maxCount, duration, startedAt, uptimeSeconds, pace, disorder, schedule, timeMode
    }

    /// `pace` is optional on the wire (a daemon older than it sends none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        streamId = try c.decode(String.self, forKey: .streamId)
        name = try c.decode(String.self, forKey: .name)
        dataType = try c.decode(DataType.self, forKey: .dataType)
        sink = try c.decode(SinkKind.self, forKey: .sink)
        destination = try c.decode(String.self, forKey: .destination)
        state = try c.decode(StreamState.self, forKey: .state)
        targetRate = try c.decode(Double.self, forKey: .targetRate)
        achievedRate = try c.decode(Double.self, forKey: .achievedRate)
        generated = try c.decode(Int.self, forKey: .generated)
        delivered = try c.decode(Int.self, forKey: .delivered)
        failed = try c.decode(Int.self, forKey: .failed)
        queued = try c.decode(Int.self, forKey: .queued)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        maxCount = try c.decodeIfPresent(Int.self, forKey: .maxCount)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        uptimeSeconds = try c.decode(Double.self, forKey: .uptimeSeconds)
        pace = try c.decodeIfPresent(StreamPace.self, forKey: .pace) ?? pace
        disorder = try c.decodeIfPresent(DisorderFigures.self, forKey: .disorder)
        schedule = try c.decodeIfPresent(String.self, forKey: .schedule)
        timeMode = try c.decodeIfPresent(String.self, forKey: .timeMode)
    }
}

/// The original service's StreamStatus, plus every stream's figures.
public struct StreamStatusResult: Sendable, Codable, Equatable {
    public var isRunning: Bool
    /// ISO-8601 start of the earliest running stream.
    public var startTime: String?
    public var totalGenerated: Int
    public var currentRate: Double
    public var targetRate: Double
    public var activeStreams: [String]
    public var streams: [StreamInfo]

    /// The status of `streams` as the original service sums it up: running while any stream
    /// runs, since the earliest running one started, aiming at the running streams' target
    /// rates added up; generated and achieved rate are the daemon's `totals`.
    public init(streams: [StreamInfo], totals: GlobalStats) {
        let running = streams.filter { $0.state == .running }
        isRunning = !running.isEmpty
        startTime = running.map(\.startedAt).min()
        totalGenerated = totals.totalGenerated
        currentRate = totals.currentRate
        targetRate = running.reduce(0) { $0 + $1.targetRate }
        activeStreams = running.map(\.streamId)
        self.streams = streams
    }

    enum CodingKeys: String, SnakeCaseCodingKey {
        case isRunning, startTime, totalGenerated, currentRate, targetRate, activeStreams, streams
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        isRunning = try c.decode(Bool.self, forKey: .isRunning)
        startTime = try c.decodeIfPresent(String.self, forKey: .startTime)
        totalGenerated = try c.decode(Int.self, forKey: .totalGenerated)
        currentRate = try c.decode(Double.self, forKey: .currentRate)
        targetRate = try c.decode(Double.self, forKey: .targetRate)
        activeStreams = try c.decode([String].self, forKey: .activeStreams)
        streams = try c.decodeIfPresent([StreamInfo].self, forKey: .streams) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(isRunning, forKey: .isRunning)
        try c.encode(startTime, forKey: .startTime)  // null, not absent: the original's shape
        try c.encode(totalGenerated, forKey: .totalGenerated)
        try c.encode(currentRate, forKey: .currentRate)
        try c.encode(targetRate, forKey: .targetRate)
        try c.encode(activeStreams, forKey: .activeStreams)
        try c.encode(streams, forKey: .streams)
    }
}
