extension DaemonProcess {
    /// `stream.start` with `params` (JSON); returns the new stream's id.
    public func startStream(_ params: String) throws -> String {
        let started = try result("stream.start", params: params) as? [String: Any]
        guard let id = started?["stream_id"] as? String else {
            throw TestSupportError.didNotStart("stream \(params)", output: "stream.start answered \(started ?? [:])")
        }
        return id
    }

    /// Stream `id`'s entry in `stream.status`.
    public func streamStatus(_ id: String) throws -> [String: Any] {
        let status = try result("stream.status") as? [String: Any]
        guard let stream = (status?["streams"] as? [[String: Any]])?.first(where: { $0["stream_id"] as? String == id })
        else {
            throw TestSupportError.didNotStart("stream \(id)", output: "not in stream.status: \(status ?? [:])")
        }
        return stream
    }

    /// Waits until stream `id`'s `pace.state` is `state` ("behind", "on_target") and, when
    /// given, its `reason` is `reason` (a loaded machine can put a stream behind for another
    /// reason first); returns that pace object (reason, detail, behind_since...).
    public func waitForPace(_ state: String, reason: String? = nil, stream id: String, timeout: Double = 10) throws
        -> [String: Any]
    {
        var pace: [String: Any] = [:]
        try Network.waitUntil(timeout: timeout, "stream \(id) to be \(state) (\(reason ?? "any reason"))") {
            pace = try streamStatus(id)["pace"] as? [String: Any] ?? [:]
            return pace["state"] as? String == state && (reason == nil || pace["reason"] as? String == reason)
        }
        return pace
    }

    /// `stream.stop` of stream `id`; returns its `final_stats`.
    public func stopStream(_ id: String) throws -> [String: Any] {
        let stopped = try result("stream.stop", params: "{\"stream_id\":\"\(id)\"}") as? [String: Any]
        guard let final = stopped?["final_stats"] as? [String: Any] else {
            throw TestSupportError.didNotStart("stream.stop \(id)", output: "no final_stats in \(stopped ?? [:])")
        }
        return final
    }

    /// The `health` entry of sink `name` (redis, postgres): state, last_error...
    public func sinkHealth(_ name: String) throws -> [String: Any] {
        let health = try result("health") as? [String: Any]
        return (health?["sinks"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// Waits until stream `id`'s entry in `stream.status` satisfies `condition`; returns it.
    @discardableResult
    public func waitForStream(
        _ id: String, timeout: Double, _ what: String, until condition: ([String: Any]) -> Bool
    ) throws -> [String: Any] {
        var info: [String: Any] = [:]
        try Network.waitUntil(timeout: timeout, "stream \(id): \(what)") {
            info = try streamStatus(id)
            return condition(info)
        }
        return info
    }

    /// Waits until stream `id` has delivered more than `count` records.
    public func waitForDeliveries(moreThan count: Int, stream id: String, timeout: Double) throws {
        try waitForStream(id, timeout: timeout, "more than \(count) delivered") {
            $0["delivered"] as? Int ?? 0 > count
        }
    }

    /// Halts `server`, the peer of sink `sink` that stream `id` writes to, waits until the
    /// daemon notices (the sink degraded in `health`, the stream behind for `sink_down`),
    /// starts the server again and waits for `recovery` more deliveries; returns the
    /// stream's pace and status as they were during the outage.
    public func outage(
        of server: ThrowawayServer, sink: String, stream id: String, timeout: Double, recovery: Int
    ) throws -> (pace: [String: Any], status: [String: Any]) {
        server.halt()
        var seen: [String: Any] = [:]
        do {
            try Network.waitUntil(timeout: timeout, "the daemon to notice") {
                seen = try sinkHealth(sink)
                return seen["state"] as? String == "degraded"
            }
        } catch {
            throw TestSupportError.didNotStart(
                "the daemon to notice \(sink) halted", output: "last health: \(seen); stream: \(try streamStatus(id))")
        }
        let pace = try waitForPace("behind", reason: "sink_down", stream: id)
        let status = try streamStatus(id)
        try server.restart()
        try waitForDeliveries(moreThan: (status["delivered"] as? Int ?? 0) + recovery, stream: id, timeout: timeout)
        return (pace, status)
    }
}
