import ClickstreamModel

/// Params of `generate.users|products|interactions|sessions`; the original service's
/// GenerationRequest, field for field.
@PublicMemberwiseInit
public struct GenerateParams: Sendable, Codable, Equatable {
    /// How many records (default 100; capped by `[limits] max_generate_count`).
    public var count: Int = 100
    /// With `stream`, the pace in records per second (nil: as fast as the sink takes them).
    public var rate: Double?
    /// Send the records to the sink instead of returning them.
    public var stream: Bool = false
    /// Records per sink batch when streaming (default 100).
    public var batchSize: Int = 100
    /// Sink topic override when streaming to Kafka.
    public var topic: String?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case count, rate, stream, batchSize, topic
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? count
        rate = try c.decodeIfPresent(Double.self, forKey: .rate)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream) ?? stream
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        topic = try c.decodeIfPresent(String.self, forKey: .topic)
    }
}

/// The original service's GenerationResponse. When not streaming, the RPC result also
/// carries `records`: the generated records as a JSON array (spliced in as raw JSON, so it
/// is not a field of this type).
@PublicMemberwiseInit
public struct GenerateResult: Sendable, Codable, Equatable {
    public var success: Bool
    public var message: String
    public var countGenerated: Int
    /// Seconds.
    public var timeTaken: Double
    public var ratePerSecond: Double
    /// Delivered to the sink (streaming only).
    public var delivered: Int?
    /// Failed to reach the sink (streaming only).
    public var failed: Int?

    enum CodingKeys: String, SnakeCaseCodingKey {
        case success, message, countGenerated, timeTaken, ratePerSecond, delivered, failed
    }
}

/// Params of `sample.users|products|interactions`: the result is a JSON array of records.
@PublicMemberwiseInit
public struct SampleParams: Sendable, Codable, Equatable {
    /// Default 10; capped by `[limits] max_sample_count`.
    public var count: Int = 10

    enum CodingKeys: String, SnakeCaseCodingKey { case count }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? count
    }
}
