import ClickstreamModel

/// What a stream's truth aggregates need of one interaction, taken from the simulation as it
/// is encoded (`StreamGenerator.collectsFacts`), so nothing re-parses the JSON. Only the
/// generator makes them (the memberwise init); the daemon reads them.
public struct RecordFacts: Sendable, Equatable {
    public var kind: EventKind
    /// `Category.rawValue`: the record's `category` field.
    public var category: UInt8
    /// The record's `revenue` field, in cents (non-zero on purchases only).
    public var revenueCents: Int
    /// Index of the user (`user_id`).
    public var user: Int
    /// The session id's bits (`session_id`).
    public var sessionHi: UInt64
    public var sessionLo: UInt64
    /// The record's `timestamp`, in milliseconds since the epoch.
    public var timestampMillis: Int64
}
