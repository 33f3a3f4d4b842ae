import ArgumentParser
import ClickstreamAPI

/// `clickctl status`: the streams, one per row.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the streams: type, sink, destination, state, rate.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard let status = try options.resultToShow(.streamStatus, as: StreamStatusResult.self) else { return }
        let terminal = options.terminal
        guard !status.streams.isEmpty else { return print(StreamViews(terminal: terminal).noStreams) }

        let running = status.streams.filter { $0.state == .running }.count
        var summary = "\(status.streams.count) stream\(status.streams.count == 1 ? "" : "s"), \(running) running"
        summary += " · generated " + Units.grouped(status.totalGenerated)
        summary += " · " + Units.compact(status.currentRate) + "/s of " + Units.compact(status.targetRate) + "/s target"
        if let start = status.startTime { summary += " · since " + start }
        print(terminal.paint(summary, .dim))
        print(StreamViews(terminal: terminal).statusTable(status.streams))
    }
}
