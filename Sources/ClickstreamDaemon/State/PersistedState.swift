import ClickstreamAPI
import Foundation

/// What the state file holds: every stream the daemon knows, with its counters, so that a
/// restart resumes the running ones where they were and keeps stopped ones stopped.
struct PersistedState: Sendable, Codable, Equatable {
    static let currentVersion = 1

    struct Stream: Sendable, Codable, Equatable {
        var definition: StreamDefinition
        /// `running` streams are started again on the next start; the others are kept for status.
        var state: StreamState
        var generated: Int
        var delivered: Int
        var failed: Int
        var elapsedSeconds: Double
        var startedAt: Date
        var lastError: String?
        /// A stream with disorder: records dropped and copies sent on purpose (absent: none).
        var dropped: Int?
        var duplicated: Int?
        /// Event time a backfill (or backfill-then-live) stream had reached: it resumes there.
        var eventTimeMillis: Int64?

        enum CodingKeys: String, CodingKey {
            case definition, state, generated, delivered, failed, dropped, duplicated
            case eventTimeMillis = "event_time_millis"
            case elapsedSeconds = "elapsed_seconds"
            case startedAt = "started_at"
            case lastError = "last_error"
        }
    }

    /// Counts of streams that were dropped from the table (it keeps the most recent ended ones).
    struct Retired: Sendable, Codable, Equatable {
        var generated = 0
        var delivered = 0
        var failed = 0
        /// Disorder's copies and drops (absent in state files from before disorder).
        var duplicated: Int?
        var dropped: Int?
    }

    var version: Int = currentVersion
    var savedAt: Date = Date()
    var streams: [Stream] = []
    var retired = Retired()

    enum CodingKeys: String, CodingKey {
        case version, streams, retired
        case savedAt = "saved_at"
    }
}
