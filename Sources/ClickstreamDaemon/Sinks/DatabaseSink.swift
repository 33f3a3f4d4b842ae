import ClickstreamAPI

/// A sink writing to a database server through a link that reconnects (Redis, PostgreSQL):
/// its description, its problem and its /health entry come from its settings and its link's
/// `DatabaseSinkHealth` alike.
protocol DatabaseSink: RecordSink {
    associatedtype Settings: DatabaseSinkSettings
    /// The sink's name in `sink = "..."` and in /health ("redis", "postgres").
    static var name: String { get }
    /// The server as a problem names it ("Redis", "PostgreSQL").
    static var serverName: String { get }
    var settings: Settings { get }
    var health: DatabaseSinkHealth { get }
}

extension DatabaseSink {
    var description: String { "\(Self.name) \(settings.redactedURL)" }
    var problem: String? { health.problem(server: Self.serverName) }
    /// The sink's entry in /health.
    var status: SinkStatus { health.status(endpoint: settings.redactedURL, queueDepth: queueDepth) }
}
