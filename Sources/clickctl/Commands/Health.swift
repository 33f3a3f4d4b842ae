import ArgumentParser
import ClickstreamAPI

/// `clickctl health`: is the daemon up, and can it reach Kafka?
struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show whether clickstreamd is healthy and connected to Kafka, Redis and PostgreSQL.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard let health = try options.resultToShow(.health, as: HealthResult.self) else { return }
        let terminal = options.terminal
        let views = StreamViews(terminal: terminal)
        let status =
            health.status == "healthy"
            ? terminal.paint(health.status, .green, .bold) : terminal.paint(health.status, .yellow, .bold)
        let streams = health.activeStreams == 1 ? "1 active stream" : "\(health.activeStreams) active streams"
        print("clickstreamd \(health.version): \(status) (up \(Units.duration(health.uptimeSeconds)), \(streams))")
        print(views.kafka(health.kafka))
        for (name, label) in [("redis", "Redis"), ("postgres", "Postgres")] {
            if let status = health.sinks?[name], let line = views.sink(label, status) { print(line) }
        }
    }
}
