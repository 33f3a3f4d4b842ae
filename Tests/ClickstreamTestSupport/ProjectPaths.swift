import Foundation

/// Where the things tests start live: the package root, the built executables, the tools
/// scripts/setup installs into .venv.
public enum ProjectPaths {
    /// The package root, found from this file's location (Tests/ClickstreamTestSupport/...).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A built executable of this package: `$<NAME>_BIN` (as `make test` sets them), else
    /// .build/debug/<name>.
    public static func executable(_ name: String) -> URL {
        let variable = name.uppercased() + "_BIN"
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.appendingPathComponent(".build/debug/\(name)")
    }

    /// A tool scripts/setup provides: `$<NAME>_BIN`, else .venv/bin/<name>, else the PATH.
    public static func tool(_ name: String) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[name.uppercased() + "_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let venv = root.appendingPathComponent(".venv/bin/\(name)")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The folder holding a librdkafka >= 2.2 when the system's is older (scripts/setup).
    public static var rdkafkaLibrary: URL { root.appendingPathComponent(".venv/rdkafka-lib") }

    /// The environment child processes get: LD_LIBRARY_PATH names the newer librdkafka.
    public static func childEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let current = environment["LD_LIBRARY_PATH"] ?? ""
        if !current.split(separator: ":").contains(Substring(rdkafkaLibrary.path)) {
            environment["LD_LIBRARY_PATH"] = current.isEmpty ? rdkafkaLibrary.path : rdkafkaLibrary.path + ":" + current
        }
        for (key, value) in extra { environment[key] = value }
        return environment
    }
}
