import ArgumentParser
import ClickstreamDaemon

/// clickstreamd: simulates an e-commerce shop's visitors and streams their records.
@main
struct ClickstreamdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clickstreamd",
        abstract: "Simulate an e-commerce shop's visitors and stream users, products, sessions and interactions.",
        discussion: """
            Reads its configuration from a TOML file (default /etc/clickstream/clickstreamd.toml); the \
            original service's environment variables (KAFKA_BOOTSTRAP_SERVERS, PORT, ...) override it. \
            Driven by clickctl over a Unix socket (JSON-RPC) and by the HTTP API. SIGHUP reloads the \
            configuration; SIGTERM stops the streams, flushes the sinks and saves state.
            """)

    @Option(name: .long, help: "The configuration file.")
    var config: String?

    @Flag(name: .long, help: "Validate the configuration, print the result and exit (status 78 when invalid).")
    var checkConfig = false

    func run() async throws {
        let status = checkConfig ? Daemon.check(configPath: config) : await Daemon.run(configPath: config)
        if status != 0 { throw ExitCode(status) }
    }
}
