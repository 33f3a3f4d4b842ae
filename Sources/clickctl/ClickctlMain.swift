import ArgumentParser
import Foundation

/// The entry point: parses, runs, and maps every failure to clickctl's exit codes (usage 2,
/// RPC error 1, daemon unreachable 3) instead of ArgumentParser's defaults (64 for usage).
@main
enum ClickctlMain {
    static func main() {
        do {
            var command = try Clickctl.parseAsRoot()
            try command.run()
        } catch {
            exit(FailureReport.exitCode(for: error))
        }
    }
}
