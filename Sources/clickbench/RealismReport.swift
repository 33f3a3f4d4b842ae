import ArgumentParser
import ClickstreamGenerator
import ClickstreamModel

/// Generates a sample and prints measured behaviour next to published ranges.
struct RealismReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "realism",
        abstract: "Funnel, session, popularity and time-of-day figures against public benchmarks.")

    @Option(help: "Days of backfill to simulate.") var days = 14
    @Option(help: "Population size.") var users = 50_000
    @Option(help: "Catalogue size.") var products = 20_000
    @Option(help: "Seed.") var seed: UInt64 = 42

    mutating func run() throws {
        var config = GeneratorConfig()
        config.userCount = users
        config.productCount = products
        config.seed = seed
        try config.validate()
        let world = World(config: config)
        let from: Int64 = 1_735_689_600_000
        let mode = TimeMode.backfill(fromMillis: from, toMillis: from + Int64(days) * 86_400_000)
        let stats = RealismSample.collect(world: world, mode: mode)
        print("clickbench realism — \(days) days backfill, \(users) users, \(products) products, seed \(seed)")
        print("  \(stats.interactions) interactions in \(stats.sessions) sessions")
        print("")
        print("  metric                                   measured   target        source")
        for row in stats.rows() { print("  " + row.formatted) }
        let failures = stats.rows().filter { !$0.inRange }
        print("")
        print(
            failures.isEmpty
                ? "  all metrics inside their target ranges"
                : "  OUT OF RANGE: \(failures.map(\.name).joined(separator: ", "))")
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
