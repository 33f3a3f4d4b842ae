import ArgumentParser
import ClickstreamAPI
import ClickstreamModel

/// `clickctl stream start|stop`.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Start, update and stop continuous streams.",
        subcommands: [StreamStart.self, StreamUpdate.self, StreamStop.self])
}

/// `clickctl stream start`: a worker that produces records at a rate until stopped or done.
struct StreamStart: ResultCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a stream of records.",
        discussion: """
            Examples:
              clickctl stream start --type interactions --rate 10k --duration 1h
              clickctl stream start --type users --rate 500 --count 1M --sink file
              clickctl stream start --type interactions --rate 1k --sink kafka --format avro
              clickctl stream start --type interactions --schedule ramp:1000..50000/60s --sink file
              clickctl stream start --rate 2k --schedule daily
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: [.customShort("t"), .long], help: "What to stream (default: interactions).")
    var type: DataType?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Records per second (500, 10k, 1.5M; 0 or max: as fast as the sink takes them; default: the daemon's [defaults] rate).",
            valueName: "rate"),
        transform: Rate.parse)
    var rate: Rate?

    @Option(
        name: [.short, .long], help: ArgumentHelp("Stop after this long (30s, 15m, 1h).", valueName: "duration"),
        transform: TimeSpan.parse)
    var duration: TimeSpan?

    @Option(
        name: [.customShort("n"), .long], help: ArgumentHelp("Stop after this many records (10k, 1M).", valueName: "n"),
        transform: Count.parse)
    var count: Count?

    @Option(
        help: ArgumentHelp(
            "Kafka topic, Redis stream key or file name (default: the type's topic).", valueName: "topic"))
    var topic: String?

    @Option(
        help:
            "Where records go: kafka, file, stdout, redis, postgres (default: the daemon's: kafka when a broker is configured)."
    )
    var sink: SinkKind?

    @Option(help: ArgumentHelp("A name to find the stream by (default: its id).", valueName: "name"))
    var name: String?

    @Option(
        help: ArgumentHelp(
            "Event time: realtime, accelerated:<factor>, backfill:<from>/<to> (ISO-8601) or backfill-then-live:<from or 7d>.",
            valueName: "mode"),
        transform: { try TimeMode.parse($0).get() })
    var timeMode: TimeMode?

    @Option(
        help: ArgumentHelp("Largest sink batch (default: the daemon's [defaults] batch_size).", valueName: "n"),
        transform: Count.parse)
    var batchSize: Count?

    @Option(help: "Wire format: json, avro, protobuf or json_schema (default: the topic's; docs/schemas.md).")
    var format: RecordFormat?

    @Option(
        help: ArgumentHelp(
            "How the rate moves: constant, ramp:<from>..<to>/<duration>, steps:<rate>/<duration>,..., spike:x<factor>[@<start>]/<duration> or daily (docs/streams.md).",
            valueName: "schedule"),
        transform: RateScheduleArgument.parse)
    var schedule: RateSchedule?

    @Option(
        help: ArgumentHelp(
            "Disorder on purpose, labelled in the Kafka header `injected` (interactions on Kafka): late=<fraction>:<delay>, out_of_order=<fraction>:<delay>, duplicate=<fraction>, drop=<fraction>, comma-separated (e.g. late=0.05:30s,drop=0.01; docs/streams.md).",
            valueName: "spec"),
        transform: { try DisorderSpec.parse($0).get() })
    var disorder: DisorderSpec?

    @Flag(
        help:
            "Write exact per-minute, per-category aggregates (as generated, delivered and sent) to <topic>.truth.ndjson in the daemon's file directory (interactions; docs/streams.md)."
    )
    var truth = false

    /// `stream.start` with a spec of only what was given; the daemon fills in the rest.
    var call: (method: RPCMethod, params: StreamSpec?) {
        let spec = StreamSpec(
            dataType: type, rate: rate?.perSecond, maxCount: count?.value, duration: duration?.seconds, name: name,
            sink: sink, topic: topic, timeMode: timeMode, batchSize: batchSize?.value, format: format,
            schedule: schedule, disorder: disorder, truth: truth ? true : nil)
        return (.streamStart, spec)
    }

    func show(_ result: StreamStartResult, on terminal: Terminal) {
        var line = terminal.paint("Started", .green) + " stream " + terminal.paint(result.streamId, .bold)
        let rate = result.rate == 0 ? "max rate" : Units.compact(result.rate) + "/s"
        switch result.schedule {
        case .some(let schedule) where schedule.hasPrefix("ramp:") || schedule.hasPrefix("steps:"):
            line += ": \(result.dataType.rawValue) following \(schedule)"  // names its own rates
        case .some(let schedule): line += ": \(result.dataType.rawValue) at \(rate), \(schedule)"
        case .none: line += ": \(result.dataType.rawValue) at \(rate)"
        }
        if let maxCount = result.maxCount { line += ", up to " + Units.grouped(maxCount) + " records" }
        if let duration = result.duration { line += ", for " + Units.duration(duration) }
        print(line)
        print(
            terminal.paint(
                "Watch it with: clickctl stats --watch · stop it with: clickctl stream stop \(result.streamId)", .dim))
    }
}

/// `clickctl stream stop ID|--all`.
struct StreamStop: ResultCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop a stream (by id or name), or all of them.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The stream's id or name (see clickctl status).", valueName: "id"))
    var streamID: String?

    @Flag(help: "Stop every stream.")
    var all = false

    func validate() throws {
        if all && streamID != nil { throw ValidationError("give a stream id or --all, not both") }
        if !all && streamID == nil {
            throw ValidationError("which stream? give its id (see `clickctl status`) or --all")
        }
    }

    var call: (method: RPCMethod, params: StreamStopParams?) {
        (.streamStop, StreamStopParams(streamId: streamID, all: all))
    }

    func show(_ result: StreamStopResult, on terminal: Terminal) {
        let stopped = result.stopped ?? [result.finalStats]
        if all && stopped.isEmpty { return print("No streams were running.") }
        for stream in stopped {
            print(
                terminal.paint("Stopped", .yellow) + " stream " + terminal.paint(stream.streamId, .bold)
                    + " (\(stream.dataType.rawValue)): generated " + Units.grouped(stream.generated)
                    + ", delivered " + Units.grouped(stream.delivered) + ", failed " + Units.grouped(stream.failed)
                    + " in " + Units.duration(stream.uptimeSeconds))
        }
    }
}
