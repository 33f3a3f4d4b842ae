import ClickstreamTestSupport
import Foundation
import Testing

/// Runs the built clickctl binary (CLICKCTL_BIN, else .build/debug/clickctl) and collects
/// what it printed (stdout and stderr together, as ChildProcess records them) and its exit code.
struct CLIRun {
    var output: String
    var status: Int32

    /// The output parsed as JSON (for --json runs, whose stdout is the only output).
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed])
    }
}

enum CLI {
    static var executable: String { ProjectPaths.executable("clickctl").path }

    /// Runs `clickctl arguments`; NO_COLOR is set unless `environment` says otherwise.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 30) throws -> CLIRun {
        var extra = ["NO_COLOR": "1", "CLICKSTREAM_SOCKET": ""]
        for (key, value) in environment { extra[key] = value }
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: ProjectPaths.childEnvironment(adding: extra))
        guard let status = process.waitForExit(timeout: timeout) else {
            process.stop()
            throw CLIError.timedOut(arguments, process.output)
        }
        return CLIRun(output: process.output, status: status)
    }

    /// Runs against the daemon (or double) listening on `socket`.
    static func run(_ arguments: [String], socket: String, environment: [String: String] = [:], timeout: Double = 30)
        throws -> CLIRun
    {
        try run(["--socket", socket] + arguments, environment: environment, timeout: timeout)
    }
}

enum CLIError: Error {
    case timedOut([String], String)
}
