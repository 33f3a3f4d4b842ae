import ClickstreamAPI

/// Why a sink could not take records, or could not be had at all.
enum SinkError: Error, Sendable, CustomStringConvertible {
    /// The stream asked for Kafka, but no broker is configured or the Kafka sink is not built in.
    case kafkaUnavailable(String)
    /// The stream asked for a sink (Redis, PostgreSQL) that is not configured.
    case unavailable(String)
    /// Opening, writing or rotating an output file failed.
    case io(path: String, operation: String, errno: Int32)
    /// A destination that is not a plain file name (it would leave the sink's directory).
    case invalidDestination(String, problem: String)
    /// The output file is a symbolic link: never followed (it could point anywhere).
    case symbolicLink(path: String)
    /// The output path is a directory, device or pipe, not a regular file.
    case notRegularFile(path: String)

    var description: String {
        switch self {
        case .kafkaUnavailable(let reason), .unavailable(let reason): reason
        case .io(let path, let operation, let code): "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .invalidDestination(let name, let problem):
            "file sink destination \(name.debugDescription) refused: \(problem)"
        case .symbolicLink(let path): "\(path) is a symbolic link; the file sink does not follow links (remove it)"
        case .notRegularFile(let path): "\(path) is not a regular file; the file sink writes only regular files"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
