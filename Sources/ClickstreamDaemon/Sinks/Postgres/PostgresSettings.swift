/// `[sinks.postgres]`: the database the PostgreSQL sink writes users, products, sessions
/// and interactions to.
struct PostgresSinkSettings: DatabaseSinkSettings, Sendable, Equatable {
    /// Whether `[sinks.postgres]` (or POSTGRES_URL) is set.
    var isConfigured = false
    var host = "127.0.0.1"
    var port = 5432
    var user = "postgres"
    var password: String?
    var database = "postgres"
    /// `sslmode=require`: TLS to the server (`prefer` when unset: TLS if the server offers it).
    var tls: TLSMode = .prefer
    /// The schema holding the four tables, created on first use.
    var schema = "clickstream"
    /// Rows per second of slow changes to users (segment, total_spent, last_active) and
    /// products (price, in_stock), as UPDATEs for CDC to capture; 0 = none.
    var updatesPerSecond: Double = 0
    /// Seconds a batch keeps retrying through a lost connection before it counts as failed.
    var retryTimeout: Double = 30
    var connectTimeout: Double = 5
    /// Seconds a batch's transaction may take before its connection is closed as dead and the
    /// batch retries on a new one (a server that stopped answering mid-query).
    var replyTimeout: Double = 10

    enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }

    /// `postgres://user@host:port/db`, without the password, for status output and logs.
    var redactedURL: String { "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" }

    /// Overlays a `postgres://user:password@host:port/db?sslmode=...` URL (also
    /// `postgresql://`). Returns what is wrong with it, or nil.
    mutating func apply(url: String) -> String? {
        guard let schemeEnd = url.range(of: "://"),
            ["postgres", "postgresql"].contains(String(url[..<schemeEnd.lowerBound]))
        else {
            return "must start with postgres:// or postgresql://, got \"\(url)\""
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return "query parameter \"\(pair)\" is not name=value" }
                switch parts[0] {
                case "sslmode":
                    switch parts[1] {
                    case "disable": tls = .disable
                    case "allow", "prefer": tls = .prefer
                    case "require", "verify-ca", "verify-full": tls = .require
                    default: return "sslmode must be disable, prefer or require, got \"\(parts[1])\""
                    }
                default:
                    return "unknown query parameter \"\(parts[0])\" (only sslmode is read)"
                }
            }
            rest = rest[..<question]
        }
        if let (name, secret) = URLAuthority.takeUserInfo(&rest) {
            if secret != nil || !name.isEmpty { user = name }
            if let secret { password = secret }
        }
        var hostPort = rest
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            let name = String(rest[rest.index(after: slash)...])
            if !name.isEmpty { database = PercentDecoding.decode(name) }
        }
        return URLAuthority.parse(hostPort, of: url, host: &host, port: &port)
    }

    /// A schema name goes into SQL: lower-case letters, digits and `_`, at most 63 bytes.
    static func isValidIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63,
            first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") || first == UInt8(ascii: "_")
        else {
            return false
        }
        return name.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "_")
        }
    }

    /// Reads `[sinks.postgres]`: `url` first, then the single keys over it.
    static func read(_ s: inout TOMLSection) -> PostgresSinkSettings {
        readSinkTable(&s) { p, s in
            let schema = s.string("schema", default: p.schema)
            if isValidIdentifier(schema) {
                p.schema = schema
            } else {
                s.report("schema", "must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got \"\(schema)\"")
            }
            p.updatesPerSecond = s.double("updates_per_second", default: p.updatesPerSecond, in: 0...100_000)
        }
    }

    /// Overlays POSTGRES_URL (it turns the sink on). A malformed value becomes an issue of `reader`.
    mutating func apply(environment reader: inout EnvironmentReader) {
        guard let url = reader.value("POSTGRES_URL") else { return }
        isConfigured = true
        if let problem = apply(url: url) { reader.bad("POSTGRES_URL", problem) }
    }
}
