/// `[sinks.redis]`: where the Redis sink writes and what it writes.
struct RedisSinkSettings: DatabaseSinkSettings, Sendable, Equatable {
    /// How a record goes into its stream entry.
    enum FieldLayout: String, Sendable, CaseIterable {
        /// Two fields: `event_type` and `data` (the record's JSON, byte for byte).
        case json
        /// One field per top-level JSON field (strings unquoted, nested values as JSON text,
        /// nulls left out), as RedisInsight and consumers that read fields expect.
        case flat
    }

    /// Whether the sink is wanted at all: `[sinks.redis]` is present or a REDIS_* variable
    /// is set. Without it, a stream asking for `sink = "redis"` gets a clear error.
    var isConfigured = false
    var host = "127.0.0.1"
    var port = 6379
    var database = 0
    var username: String?
    var password: String?
    /// `rediss://`: TLS to the server.
    var tls = false
    var fields: FieldLayout = .json
    /// `XADD ... MAXLEN ~ n`: each stream keeps about this many entries (0: no trimming).
    var streamMaxLength = 1_000_000
    /// Keep the live session view (`session:<id>` hashes, `users:last_active`).
    var sessionView = true
    /// Seconds a session hash lives after its last event: a session ends after this much
    /// inactivity (30 minutes, the usual web-analytics definition).
    var sessionTimeout = 1800
    /// Records written and not yet answered, at most; beyond, streams wait (backpressure).
    var maxInFlight = 20_000
    /// Seconds a batch keeps retrying through a lost connection before it counts as failed.
    var retryTimeout: Double = 30
    /// Seconds to wait for a connection (and its AUTH/SELECT) to be set up.
    var connectTimeout: Double = 5
    /// Seconds a connection with commands in flight may go without a reply before it is
    /// dropped as dead (a server that accepts and never answers, a network that black-holes).
    /// Its batches then retry on a new connection, as after any lost connection.
    var replyTimeout: Double = 10

    /// `redis://host:port/db`, without the password, for status output and logs.
    var redactedURL: String {
        "\(tls ? "rediss" : "redis")://\(password == nil ? "" : "***@")\(host):\(port)/\(database)"
    }

    /// Overlays a `redis://[[user]:password@]host[:port][/db]` or `rediss://` URL. Returns
    /// what is wrong with it, or nil.
    mutating func apply(url: String) -> String? {
        let scheme: String
        if url.hasPrefix("redis://") {
            scheme = "redis://"
            tls = false
        } else if url.hasPrefix("rediss://") {
            scheme = "rediss://"
            tls = true
        } else {
            return "must start with redis:// or rediss://, got \"\(url)\""
        }
        var rest = Substring(url.dropFirst(scheme.count))
        if let (user, secret) = URLAuthority.takeUserInfo(&rest) {
            if let secret {
                username = user.isEmpty ? nil : user
                password = secret
            } else if !user.isEmpty {
                password = user  // redis://secret@host: the password alone, as redis-cli reads it
            }
        }
        var hostPort = rest
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            let path = rest[rest.index(after: slash)...].split(separator: "?").first.map(String.init) ?? ""
            if !path.isEmpty {
                guard let db = Int(path), (0...100_000).contains(db) else {
                    return "database must be a number after the /, got \"\(path)\""
                }
                database = db
            }
        }
        return URLAuthority.parse(hostPort, of: url, host: &host, port: &port)
    }
}

/// The authority of a Redis or PostgreSQL URL: `[user[:password]@]host[:port]` (`[::1]:5432` too).
enum URLAuthority {
    /// Takes `user[:password]@` off the front of `rest` (the URL after its scheme) and
    /// returns it percent-decoded: the part before the first `:`, and the part after it (nil
    /// without a `:`). Nil when there is no `@`.
    static func takeUserInfo(_ rest: inout Substring) -> (user: String, password: String?)? {
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let credentials = rest[..<at]
        rest = rest[rest.index(after: at)...]
        guard let colon = credentials.firstIndex(of: ":") else {
            return (PercentDecoding.decode(String(credentials)), nil)
        }
        return (
            PercentDecoding.decode(String(credentials[..<colon])),
            PercentDecoding.decode(String(credentials[credentials.index(after: colon)...]))
        )
    }

    /// Sets `host`, and `port` when one is given; returns the problem when there is one.
    static func parse(_ hostPort: Substring, of url: String, host: inout String, port: inout Int) -> String? {
        var hostPort = hostPort
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            let portText = hostPort[hostPort.index(after: colon)...]
            guard let number = Int(portText), (1...65535).contains(number) else {
                return "port must be 1-65535, got \"\(portText)\""
            }
            port = number
            hostPort = hostPort[..<colon]
        }
        let hostText = hostPort.hasPrefix("[") && hostPort.hasSuffix("]") ? hostPort.dropFirst().dropLast() : hostPort
        guard !hostText.isEmpty else { return "has no host: \"\(url)\"" }
        host = String(hostText)
        return nil
    }
}

/// `%XX` escapes in URL user info (a password with `@` or `:` in it).
enum PercentDecoding {
    static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
