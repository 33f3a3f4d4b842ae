import ClickstreamTestSupport
import Testing

/// What every database sink (Redis, PostgreSQL) promises, checked alike for each.
extension DaemonProcess {
    /// On a daemon without `[sinks.<sink>]`, a stream asking for the sink is refused with an
    /// error naming that table.
    func expectUnconfiguredSinkRefused(_ sink: String) throws {
        let response = try request("stream.start", params: #"{"sink":"\#(sink)"}"#)
        let message = ((response["error"] as? [String: Any])?["message"] as? String) ?? ""
        #expect(message.contains("[sinks.\(sink)]"), "\(response)")
    }

    /// When the sink's server restarts under stream `id` (see `outage`): meanwhile the stream
    /// says behind, naming `serverName`, and its records wait queued; once the stream is
    /// stopped none failed and none is missing (delivered + queued = generated). Returns how
    /// many were delivered, for the sink's own count of what arrived.
    func expectRestartLosesNothing(
        of server: ThrowawayServer, sink: String, serverName: String, stream id: String, timeout: Double,
        recovery: Int
    ) throws -> Int {
        let (pace, during) = try outage(of: server, sink: sink, stream: id, timeout: timeout, recovery: recovery)
        #expect((pace["detail"] as? String ?? "").contains("\(serverName) unreachable"), "\(pace)")
        #expect((during["queued"] as? Int ?? 0) > 0, "records wait for \(serverName): \(during)")

        let final = try stopStream(id)
        let delivered = try #require(final["delivered"] as? Int)
        #expect(final["failed"] as? Int == 0, "\(final)")
        #expect(delivered + (final["queued"] as? Int ?? -1) == final["generated"] as? Int)
        return delivered
    }
}
