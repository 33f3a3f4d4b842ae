import ArgumentParser
import ClickstreamAPI

/// clickctl's exit codes, the contract scripts rely on.
enum ExitStatus {
    static let success: Int32 = 0
    /// The daemon answered with an error (or the exchange failed).
    static let failure: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
    /// The daemon could not be reached.
    static let unreachable: Int32 = 3
    /// Interrupted by Ctrl-C where that is not the normal way out.
    static let interrupted: Int32 = 130
}

/// Turns any error clickctl meets into text on stderr and an exit code.
enum FailureReport {
    static func exitCode(for error: any Error, terminal: Terminal = .current()) -> Int32 {
        let prefix = terminal.paintError("clickctl:", .bold) + " "
        if let error = error as? RPCClientError {
            switch error {
            case .rpc(let rpc):
                Terminal.writeError(
                    prefix + terminal.paintError("error:", .red, .bold) + " " + rpc.message + codeNote(rpc) + "\n")
                for line in details(rpc.data) { Terminal.writeError("  " + line + "\n") }
                return ExitStatus.failure
            default:
                Terminal.writeError(
                    prefix + terminal.paintError("error:", .red, .bold) + " " + error.description + "\n")
                return error.isUnreachable ? ExitStatus.unreachable : ExitStatus.failure
            }
        }
        if let code = error as? ExitCode { return code.rawValue }
        let code = Clickctl.exitCode(for: error)
        if code == .success {
            // --help, --version, --generate-completion-script: ArgumentParser prints and exits 0.
            Clickctl.exit(withError: error)
        }
        let message = Clickctl.fullMessage(for: error)
        if code == .validationFailure {
            Terminal.writeError(message + "\n")
            return ExitStatus.usage
        }
        Terminal.writeError(prefix + terminal.paintError("error:", .red, .bold) + " " + message + "\n")
        return ExitStatus.failure
    }

    /// " (invalid params)" and the like, so an operator can tell kinds of refusal apart.
    private static func codeNote(_ error: RPCError) -> String {
        guard let known = error.knownCode else { return " (code \(error.code))" }
        let name =
            switch known {
            case .parseError: "parse error"
            case .invalidRequest: "invalid request"
            case .methodNotFound: "method not found: is clickctl newer than the daemon?"
            case .invalidParams: "invalid params"
            case .internalError: "internal error, see the daemon's log"
            case .notFound: "not found"
            case .limitExceeded: "limit exceeded"
            case .unavailable: "unavailable"
            case .invalidConfig: "invalid config; the running config stays"
            }
        return " (\(name))"
    }

    /// The error's `data` as "key: value" lines.
    static func details(_ data: JSONValue?) -> [String] {
        switch data {
        case nil, .null?: return []
        case .object(let object)?:
            return object.keys.sorted().map { "\($0): \(inline(object[$0]!))" }
        case .array(let items)?:
            return items.map(inline)
        case let value?:
            return [inline(value)]
        }
    }

    /// A JSON value on one line, strings without quotes.
    static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let number):
            number.rounded() == number && abs(number) < 9e15 ? String(Int64(number)) : String(number)
        case .string(let text): text
        case .array(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .object(let object):
            "{" + object.keys.sorted().map { "\($0): \(inline(object[$0]!))" }.joined(separator: ", ") + "}"
        }
    }
}
