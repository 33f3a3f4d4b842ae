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
}
