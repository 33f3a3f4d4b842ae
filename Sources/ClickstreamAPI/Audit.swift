import ClickstreamModel

/// One control action in the daemon's audit log (`audit.list`, `clickctl audit`): who did
/// what to which stream, when, through which door, and how it ended.
@PublicMemberwiseInit
public struct AuditEntry: Sendable, Codable, Equatable {
    /// Where a control action came from.
    public enum Door: String, Sendable, Codable {
        /// The Unix-socket JSON-RPC server (clickctl).
        case rpc
        /// The HTTP adapter.
        case http
        /// The config file: a `[[streams]]` autostart.
        case config
        /// A signal: SIGHUP's reload.
        case signal
    }

    /// ISO-8601, UTC.
    public var time: String
    public var door: Door
    /// The caller: `uid=1000 pid=4242` over the socket (SO_PEERCRED), the client's address
    /// over HTTP, `SIGHUP`, or the config stream's name.
    public var who: String
    /// The RPC method (`stream.start`, `stream.stop`, `stream.update`, `config.reload`).
    public var method: String
    public var streamId: String?
    /// The params as given, shortened (`rate=5000 schedule=ramp:1000..50000/60s`).
    public var params: String
    /// "ok", or "error <code>: <message>".
    public var result: String

    enum CodingKeys: String, SnakeCaseCodingKey {
        case time, door, who, method, streamId, params, result
    }
}

/// Params of `audit.list`: the newest `limit` entries (default 50).
@PublicMemberwiseInit
public struct AuditListParams: Sendable, Codable, Equatable {
    public var limit: Int = 50

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        limit = try c.decodeIfPresent(Int.self, forKey: .limit) ?? limit
    }

    enum CodingKeys: String, SnakeCaseCodingKey { case limit }
}

/// Result of `audit.list`: entries oldest first, and where the log is kept.
@PublicMemberwiseInit
public struct AuditListResult: Sendable, Codable, Equatable {
    public var entries: [AuditEntry]
    public var path: String
}
