import ClickstreamAPI

/// Who sent the request being handled, for the audit log: set by the transport (the RPC
/// server from the socket's SO_PEERCRED, the HTTP adapter from the client's address) around
/// its call into the method table, as a task-local value, so the one method table needs no
/// transport parameter.
struct RequestCaller: Sendable, Equatable {
    var door: AuditEntry.Door
    var who: String

    @TaskLocal static var current: RequestCaller?

    /// A call with no transport around it (in-process tests).
    static let inProcess = RequestCaller(door: .rpc, who: "in-process")
}
