/// Every method clickstreamd answers, by its JSON-RPC name.
///
/// The one method table: the Unix-socket RPC server, the HTTP adapter and clickctl all name
/// methods through this enum, so a route can never exist on one transport only.
public enum RPCMethod: String, CaseIterable, Sendable, Codable {
    case health = "health"
    case generateUsers = "generate.users"
    case generateProducts = "generate.products"
    case generateInteractions = "generate.interactions"
    case generateSessions = "generate.sessions"
    case streamStart = "stream.start"
    case streamStop = "stream.stop"
    case streamStatus = "stream.status"
    case streamStats = "stream.stats"
    case streamUpdate = "stream.update"
    case sampleUsers = "sample.users"
    case sampleProducts = "sample.products"
    case sampleInteractions = "sample.interactions"
    case configReload = "config.reload"
    case daemonVersion = "daemon.version"
    case auditList = "audit.list"
}
