import ArgumentParser

/// Release-build benchmarks and reports that print figures. Never timed in unit tests.
///
/// (`@main` is not allowed in a file named main.swift, hence the explicit `main()` below.)
struct ClickBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clickbench",
        abstract: "Benchmarks and realism report for clickstream.",
        subcommands: [
            GeneratorBenchmark.self,
            RealismReport.self,
            AllBenchmarks.self,
            KafkaBenchmark.self,
            RateBenchmark.self,
            ScheduleBenchmark.self,
            NDJSONBenchmark.self,
            FormatBenchmark.self,
            SinkBenchmark.self,
        ]
    )
}

/// Runs the generator benchmark, then the realism report.
struct AllBenchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Run generator, then realism.")

    mutating func run() throws {
        var generator = try GeneratorBenchmark.parse([])
        try generator.run()
        print("")
        var realism = try RealismReport.parse([])
        try realism.run()
    }
}

ClickBench.main()
