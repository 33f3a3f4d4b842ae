import ArgumentParser
import ClickstreamAPI
import Foundation

/// `clickctl stats [--watch]`: throughput and delivery, once or as a live view.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show per-stream target and achieved rates, delivery counts and Kafka's state.",
        discussion: """
            With --watch the view refreshes every --interval until Ctrl-C. On a terminal it \
            redraws in place; otherwise it prints one snapshot per interval (with --json: one \
            JSON result per line).
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: [.short, .long], help: "Refresh until Ctrl-C.")
    var watch = false

    @Option(
        name: [.short, .long], help: ArgumentHelp("Time between refreshes with --watch.", valueName: "duration"),
        transform: TimeSpan.parse)
    var interval = TimeSpan(seconds: 1)

    func validate() throws {
        guard interval.seconds >= 0.1 else { throw ValidationError("--interval must be at least 100ms") }
    }

    func run() throws {
        let client = options.client()
        guard watch else {
            let raw = try client.callRaw(.streamStats)
            return options.json ? options.printRaw(raw) : print(try frame(raw))
        }
        try Watcher(options: options, interval: interval.seconds, client: client, frame: frame).run()
    }

    /// One snapshot as text.
    func frame(_ raw: [UInt8]) throws -> String {
        let stats: StreamStatsResult = try RawResult.decode(raw, .streamStats)
        let views = StreamViews(terminal: options.terminal)
        var lines = [views.totals(stats.globalStats), views.kafka(stats.kafka)]
        lines.append(views.label("Streams") + "\(stats.activeStreams) active")
        lines.append(stats.streams.isEmpty ? views.noStreams : views.statsTable(stats.streams))
        return lines.joined(separator: "\n")
    }
}

/// The `--watch` loop: asks, draws, sleeps, until interrupted. A daemon that goes away
/// mid-watch (a restart) is shown as such and retried rather than ending the view.
private struct Watcher {
    var options: GlobalOptions
    var interval: Double
    var client: RPCClient
    var frame: ([UInt8]) throws -> String

    func run() throws {
        let trap = InterruptTrap()
        let terminal = options.terminal
        let live = terminal.stdoutIsTTY && !options.json
        if live { Terminal.write(Terminal.Control.hideCursor + Terminal.Control.clearScreen) }
        defer { if live { Terminal.write(Terminal.Control.showCursor + "\n") } }

        var first = true
        repeat {
            let body: String
            do {
                let raw = try client.callRaw(.streamStats)
                if options.json {
                    options.printRaw(raw)
                    first = false
                    continue
                }
                body = try frame(raw)
            } catch let error as RPCClientError where !first && (error.isUnreachable || isDisconnect(error)) {
                client.disconnect()
                body = terminal.paint("clickstreamd is not answering at \(client.socketPath); retrying…", .yellow)
            }
            first = false
            if live {
                let clock = Date().formatted(date: .omitted, time: .standard)
                let header = terminal.paint(
                    "clickstreamd · every \(Units.duration(interval)) · \(clock) · Ctrl-C to quit", .dim)
                let text =
                    ([header, ""] + body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                    .map { $0 + Terminal.Control.clearToEndOfLine }.joined(separator: "\n")
                Terminal.write(Terminal.Control.home + text + "\n" + Terminal.Control.clearToEndOfScreen)
            } else {
                Terminal.write(body + "\n\n")
            }
        } while !trap.sleep(interval)
    }

    private func isDisconnect(_ error: RPCClientError) -> Bool {
        switch error {
        case .connectionClosed, .io, .timedOut: true
        default: false
        }
    }
}
