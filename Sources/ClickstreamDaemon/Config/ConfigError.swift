import ClickstreamModel

/// One thing wrong with a configuration: the key path it concerns (`daemon.socket_mode`,
/// `streams[1].rate`), the line of the file where that key sits (when known) and what to do.
@PublicMemberwiseInit
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var keyPath: String
    public var line: Int?
    public var message: String

    public var description: String {
        let location = line.map { " (line \($0))" } ?? ""
        return keyPath.isEmpty ? "\(message)\(location)" : "\(keyPath)\(location): \(message)"
    }
}

/// Why a configuration could not be used. The daemon refuses to start on it; a reload keeps
/// the old configuration and reports it.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid TOML.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// The file is TOML, but some keys are unknown, of the wrong type or out of range.
    case invalid(path: String, issues: [ConfigIssue])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read config \(path): \(reason)"
        case .syntax(let path, let line, let column, let message):
            return "\(path):\(line):\(column): TOML syntax error: \(message)"
        case .invalid(let path, let issues):
            let noun = issues.count == 1 ? "error" : "errors"
            return "\(path): \(issues.count) config \(noun):\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// The issues, flattened (syntax and read errors become one issue).
    public var issues: [ConfigIssue] {
        switch self {
        case .unreadable(_, let reason): [ConfigIssue(keyPath: "", line: nil, message: reason)]
        case .syntax(_, let line, _, let message): [ConfigIssue(keyPath: "", line: line, message: message)]
        case .invalid(_, let issues): issues
        }
    }
}
