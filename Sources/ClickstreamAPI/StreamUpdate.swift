import ClickstreamModel

/// Params of `stream.update`: a running stream (by id or name) takes a new rate and/or
/// schedule at once, without a restart or a gap. `rate` alone means that rate, constant
/// (any schedule ends); `schedule` alone keeps the stream's rate as its base.
@PublicMemberwiseInit
public struct StreamUpdateParams: Sendable, Codable, Equatable {
    public var streamId: String
    public var rate: Double?
    public var schedule: RateSchedule?

    public enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, rate, schedule
    }

    /// Every field `stream.update` accepts.
    public static let fieldNames: Set<String> = Set(CodingKeys.allCases.map(\.stringValue))
}

/// Result of `stream.update`: what the stream runs at now, and what it ran at before.
@PublicMemberwiseInit
public struct StreamUpdateResult: Sendable, Codable, Equatable {
    public var streamId: String
    /// "updated"
    public var status: String = "updated"
    public var rate: Double
    public var schedule: RateSchedule
    public var previousRate: Double
    public var previousSchedule: RateSchedule

    enum CodingKeys: String, SnakeCaseCodingKey {
        case streamId, status, rate, schedule, previousRate, previousSchedule
    }
}
