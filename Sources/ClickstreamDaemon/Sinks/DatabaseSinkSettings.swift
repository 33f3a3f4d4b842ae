/// What the settings of the database sinks (Redis, PostgreSQL) have alike: a URL that
/// overlays the defaults, and how long to wait for a connection, for a reply, and for a batch
/// through reconnects. One reading of `[sinks.redis]` and `[sinks.postgres]` serves both, so
/// their common keys and ranges cannot drift apart.
protocol DatabaseSinkSettings {
    init()
    /// Whether the sink's table (or one of its environment variables) is set.
    var isConfigured: Bool { get set }
    /// Seconds a batch keeps retrying through a lost connection before it counts as failed.
    var retryTimeout: Double { get set }
    var connectTimeout: Double { get set }
    var replyTimeout: Double { get set }
    /// The server's URL without the password, for status output and logs.
    var redactedURL: String { get }
    /// Overlays the sink's URL. Returns what is wrong with it, or nil.
    mutating func apply(url: String) -> String?
}

extension DatabaseSinkSettings {
    /// Reads the sink's table: `url` first, then the sink's own keys (`readOwnKeys`) over it,
    /// then the timeouts; reports the keys nobody read.
    static func readSinkTable(_ s: inout TOMLSection, ownKeys readOwnKeys: (inout Self, inout TOMLSection) -> Void)
        -> Self
    {
        var settings = Self()
        settings.isConfigured = s.isPresent
        if let url = s.optionalString("url"), let problem = settings.apply(url: url) { s.report("url", problem) }
        readOwnKeys(&settings, &s)
        settings.retryTimeout = s.double("retry_timeout", default: settings.retryTimeout, in: 0...86_400)
        settings.connectTimeout = s.double("connect_timeout", default: settings.connectTimeout, in: 0.05...600)
        settings.replyTimeout = s.double("reply_timeout", default: settings.replyTimeout, in: 0.05...600)
        s.finish()
        return settings
    }
}
