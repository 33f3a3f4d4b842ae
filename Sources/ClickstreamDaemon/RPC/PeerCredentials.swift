import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The process at the other end of a Unix-socket connection, from the kernel (SO_PEERCRED:
/// what it was when it connected, not what it claims), for the audit log.
enum PeerCredentials {
    /// Linux's `struct ucred` (which Glibc's module map leaves out: it needs _GNU_SOURCE).
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// `uid=1000 pid=4242`, or `unknown peer` when the kernel does not say.
    static func describe(_ channel: any Channel) async -> String {
        guard let provider = channel as? any SocketOptionProvider else { return "unknown peer" }
        do {
            let credentials: Credentials = try await provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED)
            ).get()
            return "uid=\(credentials.uid) pid=\(credentials.pid)"
        } catch {
            return "unknown peer"
        }
    }
}
