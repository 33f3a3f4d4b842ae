import ClickstreamAPI

/// A database sink's connection (Redis, PostgreSQL): whether it is connected, and the last
/// thing that went wrong. One type for both, so /health and a stream's pace read them alike.
struct DatabaseSinkHealth: Sendable, Equatable {
    enum State: Sendable, Equatable { case connecting, connected, reconnecting }
    var state: State = .connecting
    var lastError: String?

    /// While the connection is lost (the server down or restarting): why, naming `server`, so
    /// that a paced stream falling behind reports sink_down rather than a slow generator.
    func problem(server: String) -> String? {
        guard state == .reconnecting else { return nil }
        return "\(server) unreachable: \(lastError ?? "connection lost")"
    }

    /// As /health shows it: reconnecting is degraded.
    func status(endpoint: String, queueDepth: Int) -> SinkStatus {
        let shown: KafkaState =
            switch state {
            case .connecting: .connecting
            case .connected: .connected
            case .reconnecting: .degraded
            }
        return SinkStatus(state: shown, endpoint: endpoint, queueDepth: queueDepth, lastError: lastError)
    }
}
