import ArgumentParser
import ClickstreamAPI

/// `clickctl sample TYPE [-n N]`: a few records to look at.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a few sample records as pretty JSON.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "What to sample.")
    var type: SampleKind

    @Option(
        name: [.customShort("n"), .long], help: ArgumentHelp("How many records.", valueName: "n"),
        transform: Count.parse)
    var count = Count(10)

    func validate() throws {
        guard count.value > 0 else { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let raw = try options.client().callRaw(type.method, params: SampleParams(count: count.value))
        if options.json { return options.printRaw(raw) }
        print(RawJSON.prettyPrinted(raw, paint: RawResult.paint(options.terminal)))
    }
}
