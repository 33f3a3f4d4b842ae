import ArgumentParser
import ClickstreamAPI

/// `clickctl status`: the streams, one per row.
struct Status: ResultCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the streams: type, sink, destination, state, rate.")

    @OptionGroup var options: GlobalOptions

    var call: (method: RPCMethod, params: NoParams?) { (.streamStatus, nil) }

    func show(_ status: StreamStatusResult, on terminal: Terminal) {
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
