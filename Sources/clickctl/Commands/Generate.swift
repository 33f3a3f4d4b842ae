import ArgumentParser
import ClickstreamAPI
import ClickstreamModel

/// `clickctl generate TYPE --count N [--stream ...]`: a batch of records, returned or
/// streamed to the sink.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a batch of records, printed or sent to the sink.",
        discussion: """
            Without --stream the records come back and are printed: pretty JSON on a terminal, \
            one record per line (NDJSON) when piped; the summary goes to stderr. With --stream \
            they go to the daemon's sink and a progress line shows on the terminal.

            Examples:
              clickctl generate users --count 5
              clickctl generate interactions --count 100k --stream --rate 5k --batch-size 500
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "What to generate.")
    var type: DataType

    @Option(
        name: [.customShort("n"), .long], help: ArgumentHelp("How many records (1000, 10k).", valueName: "n"),
        transform: Count.parse)
    var count = Count(100)

    @Flag(help: "Send the records to the sink instead of printing them.")
    var stream = false

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "With --stream: records per second (default: as fast as the sink takes them).", valueName: "rate"),
        transform: Rate.parse)
    var rate: Rate?

    @Option(help: ArgumentHelp("With --stream: records per sink batch.", valueName: "n"), transform: Count.parse)
    var batchSize = Count(100)

    @Option(help: ArgumentHelp("With --stream: Kafka topic or file name override.", valueName: "topic"))
    var topic: String?

    func validate() throws {
        guard count.value > 0 else { throw ValidationError("--count must be at least 1") }
        guard batchSize.value > 0 else { throw ValidationError("--batch-size must be at least 1") }
        if !stream {
            if rate != nil { throw ValidationError("--rate paces a stream: add --stream") }
            if topic != nil { throw ValidationError("--topic names where a stream goes: add --stream") }
        }
    }

    func run() throws {
        let params = GenerateParams(
            count: count.value, rate: rate?.perSecond, stream: stream, batchSize: batchSize.value, topic: topic)
        let method = type.generateMethod
        let terminal = options.terminal
        let raw: [UInt8]
        if stream && !options.json && terminal.stderrIsTTY {
            let progress = ProgressLine(
                total: count.value, rate: rate?.perSecond, label: "Streaming \(type.rawValue)", terminal: terminal)
            let options = self.options
            raw = try progress.run { try options.client(waitForever: true).callRaw(method, params: params) }
        } else {
            raw = try options.client(waitForever: stream).callRaw(method, params: params)
        }
        if options.json { return options.printRaw(raw) }

        let result: GenerateResult = try RawResult.decode(raw, method)
        let summary =
            (stream ? "Streamed " : "Generated ") + Units.grouped(result.countGenerated) + " \(type.rawValue) in "
            + Units.duration(result.timeTaken) + " (" + Units.compact(result.ratePerSecond) + "/s)"
        if stream {
            var line = terminal.paint(summary, .green)
            if let delivered = result.delivered { line += ": delivered " + Units.grouped(delivered) }
            if let failed = result.failed {
                line += ", failed " + (failed > 0 ? terminal.paint(Units.grouped(failed), .red) : "0")
            }
            print(line)
            if !result.success { print(terminal.paint(result.message, .red)) }
            return
        }
        printRecords(raw, terminal: terminal)
        Terminal.writeError(terminal.paintError(summary, .dim) + "\n")
    }

    /// The `records` of the result: pretty on a terminal, NDJSON otherwise.
    private func printRecords(_ raw: [UInt8], terminal: Terminal) {
        guard let records = RawJSON.members(of: raw)?["records"], let elements = RawJSON.elements(of: Array(records))
        else { return }
        for element in elements {
            if terminal.stdoutIsTTY {
                print(RawJSON.prettyPrinted(element, paint: RawResult.paint(terminal)))
            } else {
                print(String(decoding: element, as: UTF8.self))
            }
        }
    }
}
