/// Why a call to clickstreamd failed, split the way an operator (and clickctl's exit code)
/// cares about: the daemon is not there, it said no, or the conversation went wrong.
public enum RPCClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens on the socket: the file is missing, or it is stale (connection refused).
    case daemonNotRunning(socketPath: String)
    /// The socket exists but this user may not connect to it.
    case permissionDenied(socketPath: String)
    /// The path does not fit in a `sockaddr_un` (108 bytes on Linux).
    case socketPathTooLong(socketPath: String)
    /// Connecting failed for another reason (errno text included).
    case connectFailed(socketPath: String, reason: String)
    /// The daemon answered with a JSON-RPC error.
    case rpc(RPCError)
    /// No complete answer within the timeout.
    case timedOut(method: String, seconds: Double)
    /// The daemon closed the connection before answering (it crashed or is shutting down).
    case connectionClosed(method: String)
    /// The answer was not a JSON-RPC response we can read, or its result has the wrong shape.
    case invalidResponse(method: String, detail: String)
    /// Sending or receiving failed mid-call (errno text included).
    case io(method: String, reason: String)

    /// Whether the daemon could not be reached at all (clickctl exits 3 for these).
    public var isUnreachable: Bool {
        switch self {
        case .daemonNotRunning, .permissionDenied, .socketPathTooLong, .connectFailed: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .daemonNotRunning(let path):
            "clickstreamd is not running: nothing listens on \(path). Start it with `systemctl start clickstreamd` "
                + "(or `make run` in a checkout, which listens on ./var/run/clickstreamd.sock), "
                + "or point --socket or CLICKSTREAM_SOCKET at the daemon's socket."
        case .permissionDenied(let path):
            "permission denied connecting to \(path): run as a user in the socket's group (see `ls -l \(path)`), or use sudo."
        case .socketPathTooLong(let path):
            "socket path is too long for a Unix socket (\(path.utf8.count) bytes, at most 107): \(path)"
        case .connectFailed(let path, let reason):
            "cannot connect to clickstreamd at \(path): \(reason)"
        case .rpc(let error):
            error.message
        case .timedOut(let method, let seconds):
            "clickstreamd did not answer \(method) within \(formatSeconds(seconds)) s (raise it with --timeout)"
        case .connectionClosed(let method):
            "clickstreamd closed the connection before answering \(method) (is it shutting down? see `journalctl -u clickstreamd`)"
        case .invalidResponse(let method, let detail):
            "unexpected answer to \(method): \(detail)"
        case .io(let method, let reason):
            "talking to clickstreamd (\(method)) failed: \(reason)"
        }
    }
}

private func formatSeconds(_ seconds: Double) -> String {
    seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
}
