import ClickstreamAPI

/// Why a sink could not take records, or could not be had at all.
enum SinkError: Error, Sendable, CustomStringConvertible {
    /// The stream asked for Kafka, but no broker is configured or the Kafka sink is not built in.
    case kafkaUnavailable(String)
    /// The stream asked for a sink (Redis, PostgreSQL) that is not configured.
    case unavailable(String)
    /// Opening, writing or rotating an output file failed.
    case io(path: String, operation: String, errno: Int32)

    var description: String {
        switch self {
        case .kafkaUnavailable(let reason), .unavailable(let reason): reason
        case .io(let path, let operation, let code): "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
