import ArgumentParser
import ClickstreamAPI

/// `clickctl health`: is the daemon up, and can it reach Kafka?
struct Health: ResultCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show whether clickstreamd is healthy and connected to Kafka, Redis and PostgreSQL.")

    @OptionGroup var options: GlobalOptions

    var call: (method: RPCMethod, params: NoParams?) { (.health, nil) }

    func show(_ health: HealthResult, on terminal: Terminal) {
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
