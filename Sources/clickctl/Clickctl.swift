import ArgumentParser
import ClickstreamAPI

/// The root command: a table of subcommands, one file each under Commands/.
struct Clickctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clickctl",
        abstract: "Drive clickstreamd, the e-commerce clickstream simulator.",
        discussion: """
            clickctl speaks JSON-RPC to clickstreamd over its Unix socket (--socket, \
            $CLICKSTREAM_SOCKET, default \(defaultSocketPath)).

            Rates take k, M and G suffixes (500, 10k, 1.5M); durations take units (30s, 15m, 1h, 1h30m).
            Output is text for people; --json prints the daemon's raw result for scripts.
            Exit status: 0 ok, 1 the daemon refused (message and details on stderr), \
            2 usage error, 3 the daemon is not reachable.
            """,
        version: clickstreamVersion,
        subcommands: [
            Health.self,
            Status.self,
            Stats.self,
            StreamCommand.self,
            Generate.self,
            Sample.self,
            Reload.self,
            Audit.self,
            SchemaCommand.self,
            Version.self,
        ]
    )

    /// Accepted before the subcommand too (`clickctl --socket PATH status`); ArgumentParser
    /// hands these values on to the subcommand's own `GlobalOptions`.
    @OptionGroup var options: GlobalOptions
}
