import CRdKafka

/// The version of the librdkafka the process runs on (not the headers it was built with).
public func librdkafkaVersion() -> String { String(cString: rd_kafka_version_str()) }

/// The librdkafka the process runs on, and whether it is too old to talk to current brokers.
///
/// librdkafka before 2.2.0 mis-skips tagged fields in flexible-version responses, so it
/// cannot talk to KRaft-era Kafka or Tansu: requests hang or the connection drops. The build
/// uses whatever headers the system has (Debian bookworm: 2.0.2), so the check is made at run
/// time against the loaded library, and the daemon logs `warning` at startup.
public struct LibrdkafkaVersionCheck: Sendable, Equatable {
    /// The first release that skips tagged fields correctly.
    public static let minimumRecommended: (major: Int, minor: Int, patch: Int) = (2, 2, 0)

    /// As librdkafka reports it, e.g. "2.16.0".
    public let version: String
    /// The hex version, 0xMMmmrrxx.
    public let hexVersion: Int

    public init(version: String, hexVersion: Int) {
        self.version = version
        self.hexVersion = hexVersion
    }

    /// The librdkafka loaded in this process.
    public static func current() -> LibrdkafkaVersionCheck {
        LibrdkafkaVersionCheck(version: librdkafkaVersion(), hexVersion: Int(rd_kafka_version()))
    }

    public var major: Int { (hexVersion >> 24) & 0xff }
    public var minor: Int { (hexVersion >> 16) & 0xff }
    public var patch: Int { (hexVersion >> 8) & 0xff }

    /// Whether this librdkafka has the tagged-field bug (older than 2.2.0).
    public var isTooOld: Bool {
        let minimum = Self.minimumRecommended
        return (major, minor, patch) < (minimum.major, minimum.minor, minimum.patch)
    }

    /// What to log at startup when the library is too old; nil when it is fine.
    public var warning: String? {
        guard isTooOld else { return nil }
        return "librdkafka \(version) is older than 2.2.0: it mis-skips tagged protocol fields and "
            + "cannot talk to KRaft-era Kafka brokers or Tansu (produce requests hang, connections drop). "
            + "Install librdkafka >= 2.2.0 (e.g. from the Confluent APT repository or bookworm-backports), "
            + "or run with LD_LIBRARY_PATH pointing at a newer librdkafka.so.1 "
            + "(scripts/setup puts one in .venv/rdkafka-lib)."
    }
}
